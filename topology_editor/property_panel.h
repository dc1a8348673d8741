// PropertyPanel: edits whatever is selected on the canvas — a node (id,
// label, host:port, bind address, stack, stack parameters, script of requests), a link
// (its own model or the default one) — or, with nothing selected, the
// topology itself (name, description, bootstrap node, default link).
//
// Each finished field edit becomes one undoable document edit. An invalid
// value is not applied: the field turns red, the reason is shown under the
// form, and the text stays as typed — even when the user selects something
// else and comes back (drafts are kept per item).
// Does not own the document. GUI thread only.
#pragma once

#include <QHash>
#include <QWidget>

#include "topology_editor/topology_document.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QCheckBox;
class QStackedWidget;

namespace catslab::ui {

class LinkModelEditor;

class PropertyPanel : public QWidget {
  Q_OBJECT
 public:
  explicit PropertyPanel(TopologyDocument* document, QWidget* parent = nullptr);
  ~PropertyPanel() override;

  void setStackNames(const QStringList& names);
  void showTopology();
  void showNode(const QString& id);
  void showLink(int row);

  QString errorText() const;  // the reason currently shown, empty if none
  QString currentNodeId() const { return nodeId_; }
  QWidget* fieldWidget(const QString& name) const;  // for tests: "id", "port", ...

 signals:
  void editRejected(const QString& reason);

 private:
  enum Page { TopologyPage, NodePage, LinkPage };
  QWidget* buildTopologyPage();
  QWidget* buildNodePage();
  QWidget* buildLinkPage();
  void loadTopology();
  void loadNode();
  void loadLink();
  void commitTopology();
  void commitNode();
  void commitLink();
  void showResult(Page page, const std::optional<FieldError>& error);
  QString draftKey() const;
  void saveDraft();
  void restoreDraft();
  QList<QWidget*> draftWidgets() const;
  void onRowsChanged();
  void onDataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight);

  TopologyDocument* doc_;
  QWidget* content_;
  QStackedWidget* pages_;
  bool closing_ = false;  // children losing focus while dying must not commit
  Page page_ = TopologyPage;
  QString nodeId_;
  int nodeRow_ = -1;
  int linkRow_ = -1;
  QString linkA_, linkB_;
  QHash<QString, QHash<QString, QString>> drafts_;

  // Topology page
  QLineEdit* name_;
  QLineEdit* description_;
  QComboBox* bootstrap_;
  LinkModelEditor* defaultLink_;
  QLabel* topologyError_;
  // Node page
  QLabel* nodeTitle_;
  QLineEdit* id_;
  QLineEdit* label_;
  QLineEdit* host_;
  QLineEdit* bind_;
  QLineEdit* port_;
  QComboBox* stack_;
  QPlainTextEdit* params_;
  QPlainTextEdit* script_;
  QLabel* nodeError_;
  QLabel* stackWarning_;
  // Link page
  QLabel* linkTitle_;
  QCheckBox* useDefault_;
  LinkModelEditor* linkModel_;
  QLabel* linkError_;
};

}  // namespace catslab::ui
