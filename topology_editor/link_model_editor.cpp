#include "topology_editor/link_model_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>

namespace catslab::ui {

namespace pb = ::catslab::topology;

namespace {
const char kInvalidProperty[] = "catslabInvalid";

QString numberText(double v) { return QString::number(v, 'g', 10); }

// The latency fields each kind uses; the others are hidden.
QStringList fieldsFor(int kind) {
  switch (kind) {
    case pb::LatencyModel::UNIFORM:
      return {QStringLiteral("latency.minMs"), QStringLiteral("latency.maxMs")};
    case pb::LatencyModel::NORMAL:
      return {QStringLiteral("latency.meanMs"), QStringLiteral("latency.stddevMs")};
    case pb::LatencyModel::PARETO:
      return {QStringLiteral("latency.minMs"), QStringLiteral("latency.shape")};
    default:
      return {QStringLiteral("latency.meanMs")};
  }
}
}  // namespace

void markInvalid(QWidget* widget, const QString& reason) {
  widget->setProperty(kInvalidProperty, true);
  widget->setStyleSheet(QStringLiteral("border: 2px solid #e53935; background: #fdecea;"));
  widget->setToolTip(reason);
}

void clearInvalid(QWidget* widget) {
  if (!isMarkedInvalid(widget)) return;
  widget->setProperty(kInvalidProperty, false);
  widget->setStyleSheet(QString());
  widget->setToolTip(QString());
}

bool isMarkedInvalid(const QWidget* widget) { return widget->property(kInvalidProperty).toBool(); }

LinkModelEditor::LinkModelEditor(QWidget* parent) : QWidget(parent) {
  form_ = new QFormLayout(this);
  form_->setContentsMargins(0, 0, 0, 0);
  kind_ = new QComboBox(this);
  kind_->addItem(tr("Constant"), pb::LatencyModel::CONSTANT);
  kind_->addItem(tr("Uniform"), pb::LatencyModel::UNIFORM);
  kind_->addItem(tr("Normal"), pb::LatencyModel::NORMAL);
  kind_->addItem(tr("Exponential"), pb::LatencyModel::EXPONENTIAL);
  kind_->addItem(tr("Pareto"), pb::LatencyModel::PARETO);
  kind_->setToolTip(tr("How the one-way delay of each message is drawn"));
  form_->addRow(tr("Latency"), kind_);
  addNumber(form_, QStringLiteral("latency.meanMs"), tr("Mean (ms)"),
            tr("Constant delay, or mean of the normal / exponential distribution"));
  addNumber(form_, QStringLiteral("latency.minMs"), tr("Min (ms)"),
            tr("Uniform lower bound, or Pareto scale"));
  addNumber(form_, QStringLiteral("latency.maxMs"), tr("Max (ms)"), tr("Uniform upper bound"));
  addNumber(form_, QStringLiteral("latency.stddevMs"), tr("Std. dev. (ms)"),
            tr("Standard deviation of the normal distribution"));
  addNumber(form_, QStringLiteral("latency.shape"), tr("Shape α"), tr("Pareto shape"));
  addNumber(form_, QStringLiteral("jitterMs"), tr("Jitter (ms)"),
            tr("Extra delay drawn uniformly from [0, jitter]"));
  addNumber(form_, QStringLiteral("loss"), tr("Loss (0–1)"),
            tr("Probability that a message is dropped, e.g. 0.05 for 5%"));
  down_ = new QCheckBox(tr("Link is down (drops everything)"), this);
  fifo_ = new QCheckBox(tr("Keep FIFO order despite jitter"), this);
  form_->addRow(QString(), down_);
  form_->addRow(QString(), fifo_);

  connect(kind_, &QComboBox::activated, this, [this] {
    updateVisibleFields();
    emit edited();
  });
  connect(down_, &QCheckBox::toggled, this, [this] { emit edited(); });
  connect(fifo_, &QCheckBox::toggled, this, [this] { emit edited(); });
  updateVisibleFields();
}

QLineEdit* LinkModelEditor::addNumber(QFormLayout* form, const QString& key, const QString& label,
                                      const QString& tip) {
  auto* edit = new QLineEdit(this);
  edit->setObjectName(key);
  edit->setPlaceholderText(QStringLiteral("0"));
  edit->setToolTip(tip);
  form->addRow(label, edit);
  numbers_.append({key, edit});
  connect(edit, &QLineEdit::editingFinished, this, [this, edit] {
    if (edit->isModified() || isMarkedInvalid(edit)) {
      edit->setModified(false);
      emit edited();
    }
  });
  return edit;
}

void LinkModelEditor::updateVisibleFields() {
  const QStringList visible = fieldsFor(kind_->currentData().toInt());
  for (const auto& [key, edit] : std::as_const(numbers_)) {
    if (!key.startsWith(QStringLiteral("latency."))) continue;
    form_->setRowVisible(edit, visible.contains(key));
  }
}

void LinkModelEditor::setLinkModel(const pb::LinkModel& model) {
  const QSignalBlocker b1(down_), b2(fifo_), b3(kind_);
  kind_->setCurrentIndex(kind_->findData(static_cast<int>(model.latency().kind())));
  const pb::LatencyModel& l = model.latency();
  const QHash<QString, double> values{{QStringLiteral("latency.meanMs"), l.mean_ms()},
                                      {QStringLiteral("latency.minMs"), l.min_ms()},
                                      {QStringLiteral("latency.maxMs"), l.max_ms()},
                                      {QStringLiteral("latency.stddevMs"), l.stddev_ms()},
                                      {QStringLiteral("latency.shape"), l.shape()},
                                      {QStringLiteral("jitterMs"), model.jitter_ms()},
                                      {QStringLiteral("loss"), model.loss()}};
  for (const auto& [key, edit] : std::as_const(numbers_)) {
    if (isMarkedInvalid(edit)) continue;  // keep what the user typed
    edit->setText(numberText(values.value(key)));
    edit->setModified(false);
  }
  down_->setChecked(model.down());
  fifo_->setChecked(model.fifo());
  updateVisibleFields();
}

std::optional<FieldError> LinkModelEditor::read(pb::LinkModel* out) const {
  pb::LinkModel m;
  m.mutable_latency()->set_kind(static_cast<pb::LatencyModel::Kind>(kind_->currentData().toInt()));
  for (const auto& [key, edit] : numbers_) {
    const QString text = edit->text().trimmed();
    double v = 0;
    if (!text.isEmpty()) {
      bool ok = false;
      v = text.toDouble(&ok);
      if (!ok) return FieldError{key, tr("'%1' is not a number").arg(text)};
    }
    if (key == QStringLiteral("latency.meanMs")) m.mutable_latency()->set_mean_ms(v);
    if (key == QStringLiteral("latency.minMs")) m.mutable_latency()->set_min_ms(v);
    if (key == QStringLiteral("latency.maxMs")) m.mutable_latency()->set_max_ms(v);
    if (key == QStringLiteral("latency.stddevMs")) m.mutable_latency()->set_stddev_ms(v);
    if (key == QStringLiteral("latency.shape")) m.mutable_latency()->set_shape(v);
    if (key == QStringLiteral("jitterMs")) m.set_jitter_ms(v);
    if (key == QStringLiteral("loss")) m.set_loss(v);
  }
  m.set_down(down_->isChecked());
  m.set_fifo(fifo_->isChecked());
  *out = m;
  return std::nullopt;
}

bool LinkModelEditor::showError(const FieldError& error) {
  for (const auto& [key, edit] : std::as_const(numbers_)) {
    if (error.field.endsWith(key)) {
      markInvalid(edit, error.reason);
      return true;
    }
  }
  // Whole-distribution errors ("uniform latency needs minMs <= maxMs"):
  // mark every field the reason names.
  if (error.field.endsWith(QStringLiteral("latency"))) {
    bool any = false;
    for (const auto& [key, edit] : std::as_const(numbers_)) {
      if (error.reason.contains(key.mid(8))) {
        markInvalid(edit, error.reason);
        any = true;
      }
    }
    if (!any) markInvalid(kind_, error.reason);
    return true;
  }
  return false;
}

void LinkModelEditor::clearErrors() {
  for (const auto& [key, edit] : std::as_const(numbers_)) clearInvalid(edit);
  clearInvalid(kind_);
}

bool LinkModelEditor::hasErrors() const {
  for (const auto& [key, edit] : numbers_)
    if (isMarkedInvalid(edit)) return true;
  return isMarkedInvalid(kind_);
}

}  // namespace catslab::ui
