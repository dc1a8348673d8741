// LinkModelEditor: a form for one LinkModel (latency distribution and its
// parameters, jitter, loss, down, FIFO). Numbers are typed into line edits
// rather than clamped spin boxes so that a wrong value stays visible: the
// owner validates, then calls showError() to highlight the field with the
// reason, and the text the user typed is kept until they change it.
// Emits edited() when the user finishes changing any field. GUI thread only.
#pragma once

#include <QWidget>
#include <optional>

#include "runtime/proto/topology.pb.h"
#include "topology_editor/topology_validation.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLineEdit;

namespace catslab::ui {

class LinkModelEditor : public QWidget {
  Q_OBJECT
 public:
  explicit LinkModelEditor(QWidget* parent = nullptr);

  // Shows `model`; fields currently marked invalid keep the user's text.
  void setLinkModel(const ::catslab::topology::LinkModel& model);
  // Reads the form; a field that is not a number gives an error whose field
  // is relative to the link model ("latency.meanMs", "loss").
  std::optional<FieldError> read(::catslab::topology::LinkModel* out) const;
  // Highlights the field named by the end of `fieldPath`; returns false if
  // no field here matches. clearErrors() removes every highlight.
  bool showError(const FieldError& error);
  void clearErrors();
  bool hasErrors() const;

 signals:
  void edited();

 private:
  QLineEdit* addNumber(QFormLayout* form, const QString& key, const QString& label,
                       const QString& tip);
  void updateVisibleFields();

  QComboBox* kind_;
  QFormLayout* form_;
  QList<QPair<QString, QLineEdit*>> numbers_;  // JSON field name -> editor
  QCheckBox* down_;
  QCheckBox* fifo_;
};

// Marks a widget invalid (red frame + tooltip with the reason) or clears it.
void markInvalid(QWidget* widget, const QString& reason);
void clearInvalid(QWidget* widget);
bool isMarkedInvalid(const QWidget* widget);

}  // namespace catslab::ui
