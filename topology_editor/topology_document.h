// TopologyDocument: one open topology — its model, its undo stack and the
// file it came from. Every user edit goes through the methods below, which
// validate the result with the runtime's topology checks and push an undo
// command only if it is valid; an invalid edit returns the field and reason
// and leaves the model untouched (the property panel keeps what the user
// typed and shows the reason next to it).
//
// Files are read and written with runtime/topology.h, so the editor accepts
// and writes exactly what catslab-node and the simulator read.
// Owns its model and undo stack; GUI thread only.
#pragma once

#include <QObject>
#include <QPointF>
#include <QUndoStack>
#include <optional>

#include "topology_editor/topology_model.h"
#include "topology_editor/topology_validation.h"

namespace catslab::ui {

class TopologyDocument : public QObject {
  Q_OBJECT
 public:
  explicit TopologyDocument(QObject* parent = nullptr);

  TopologyModel* model() { return &model_; }
  const TopologyModel* model() const { return &model_; }
  QUndoStack* undoStack() { return &undo_; }
  QString filePath() const { return filePath_; }
  bool isModified() const { return !undo_.isClean(); }

  // Replaces the document (not undoable; clears the undo stack). Nodes that
  // all sit at the origin get a circle layout so a hand-written file reads well.
  void reset(const pb::Topology& topology, const QString& filePath = {});
  void newTopology();
  // Returns the error ("path: field: reason") and keeps the current document.
  std::optional<QString> open(const QString& path);
  std::optional<QString> openJson(const QString& json, const QString& source);
  std::optional<QString> save(const QString& path);
  QString toJson() const;

  // Edits. Each returns the validation error instead of applying an invalid
  // edit.
  QString addNode(QPointF position, const QString& stack = {});  // returns the new id
  void removeNodes(const QStringList& ids);
  void removeLinks(const QList<int>& rows);
  void moveNodes(const QList<QPair<QString, QPointF>>& moves);
  std::optional<FieldError> editNode(int row, const pb::Node& node);
  std::optional<FieldError> addLink(const QString& a, const QString& b);
  std::optional<FieldError> editLink(int row, const pb::Link& link);
  std::optional<FieldError> editDefaultLink(const pb::LinkModel& model);
  std::optional<FieldError> editMeta(const QString& name, const QString& description,
                                     const QString& bootstrap);
  void applyCircleLayout();

 signals:
  void filePathChanged(const QString& path);
  void modifiedChanged(bool modified);
  void documentReset();

 private:
  TopologyModel model_;
  QUndoStack undo_;
  QString filePath_;
};

}  // namespace catslab::ui
