#include "snapshot_view/spacetime/spacetime_view.h"

#include <QCheckBox>
#include <QCollator>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "snapshot_view/run_store.h"
#include "snapshot_view/spacetime/spacetime_canvas.h"
#include "snapshot_view/spacetime/spacetime_legend.h"

namespace catslab::ui::spacetime {

SpaceTimeView::SpaceTimeView(RunStore* store, QWidget* parent) : QWidget(parent), store_(store) {
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  v->setSpacing(0);
  auto* tools = new QHBoxLayout;
  tools->setContentsMargins(4, 2, 4, 2);
  auto button = [&](const QString& text, const QString& tip) {
    auto* b = new QToolButton;
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    tools->addWidget(b);
    return b;
  };
  QToolButton* fit = button(tr("Fit"), tr("Show the whole run (Home)"));
  QToolButton* zoomIn = button(tr("Zoom in"), tr("Zoom in on time (+, or the mouse wheel)"));
  QToolButton* zoomOut = button(tr("Zoom out"), tr("Zoom out (-)"));
  nodesButton_ = button(tr("Nodes"), tr("Choose which nodes have a lane"));
  typesButton_ = button(tr("Messages"), tr("Choose which message types are drawn"));
  nodesMenu_ = new QMenu(this);
  typesMenu_ = new QMenu(this);
  nodesButton_->setMenu(nodesMenu_);
  typesButton_->setMenu(typesMenu_);
  nodesButton_->setPopupMode(QToolButton::InstantPopup);
  typesButton_->setPopupMode(QToolButton::InstantPopup);
  local_ = new QCheckBox(tr("Local events"));
  local_->setChecked(true);
  local_->setToolTip(tr("Show state changes and log lines as ticks on the lanes"));
  causality_ = new QCheckBox(tr("Causality"));
  causality_->setChecked(true);
  causality_->setToolTip(
      tr("Colour what could have influenced the selected event, and what it could influence"));
  legendBox_ = new QCheckBox(tr("Legend"));
  legendBox_->setChecked(true);
  for (QWidget* w : {static_cast<QWidget*>(local_), static_cast<QWidget*>(causality_),
                     static_cast<QWidget*>(legendBox_)})
    tools->addWidget(w);
  tools->addStretch(1);
  info_ = new QLabel;
  info_->setForegroundRole(QPalette::PlaceholderText);
  tools->addWidget(info_);
  v->addLayout(tools);

  canvas_ = new SpaceTimeCanvas(&model_, &clocks_, store_);
  v->addWidget(canvas_, 1);
  legend_ = new SpaceTimeLegend;
  v->addWidget(legend_);

  connect(fit, &QToolButton::clicked, canvas_, &SpaceTimeCanvas::fit);
  connect(zoomIn, &QToolButton::clicked, canvas_, [this] { canvas_->zoomBy(2); });
  connect(zoomOut, &QToolButton::clicked, canvas_, [this] { canvas_->zoomBy(0.5); });
  connect(local_, &QCheckBox::toggled, canvas_, &SpaceTimeCanvas::setShowLocalEvents);
  connect(causality_, &QCheckBox::toggled, canvas_, &SpaceTimeCanvas::setShowCausality);
  connect(legendBox_, &QCheckBox::toggled, legend_, &QWidget::setVisible);
  connect(canvas_, &SpaceTimeCanvas::recordClicked, store_, &RunStore::select);

  connect(store_, &RunStore::cleared, this, &SpaceTimeView::reset);
  connect(store_, &RunStore::recordsAppended, this, &SpaceTimeView::ingest);
  connect(store_, &RunStore::currentChanged, this, [this] {
    canvas_->setCursorTime(store_->current() < 0 ? -1 : store_->currentTimeNs());
    if (!store_->follow() && store_->current() >= 0)
      canvas_->ensureVisible(store_->currentTimeNs());
  });
  connect(store_, &RunStore::selectionChanged, this, [this](int record) {
    canvas_->setSelectedRecord(record);
    if (record >= 0) canvas_->ensureVisible(store_->record(record).time_ns());
  });
  reset();
  if (store_->recordCount() > 0) ingest(0, store_->recordCount() - 1);
  canvas_->setCursorTime(store_->current() < 0 ? -1 : store_->currentTimeNs());
  canvas_->setSelectedRecord(store_->selected());
}

const VectorClocks& SpaceTimeView::clocks() {
  clocks_.update(model_);
  return clocks_;
}

void SpaceTimeView::reset() {
  model_.clear();
  clocks_.clear();
  canvas_->setSelectedRecord(-1);
  updateRows();
  updateMenus();
  canvas_->fit();
  updateInfo();
}

void SpaceTimeView::ingest(int first, int last) {
  const int lanes = model_.laneCount();
  const int types = static_cast<int>(model_.types().size());
  for (int i = first; i <= last; ++i) model_.append(store_->record(i), i);
  if (model_.laneCount() != lanes) updateRows();
  if (model_.laneCount() != lanes || static_cast<int>(model_.types().size()) != types)
    updateMenus();
  canvas_->modelGrew();
  updateInfo();
}

void SpaceTimeView::updateRows() {
  // Natural order (n2 before n10), hidden nodes left out.
  std::vector<int> rows;
  for (int l = 0; l < model_.laneCount(); ++l)
    if (!hiddenNodes_.contains(model_.lanes()[l])) rows.push_back(l);
  QCollator collator;
  collator.setNumericMode(true);
  std::sort(rows.begin(), rows.end(), [&](int a, int b) {
    return collator.compare(model_.lanes()[a], model_.lanes()[b]) < 0;
  });
  canvas_->setLaneOrder(std::move(rows));
}

void SpaceTimeView::updateMenus() {
  auto fill = [](QMenu* menu, QStringList names, const QSet<QString>& hidden, auto setVisible) {
    menu->clear();
    QCollator collator;
    collator.setNumericMode(true);
    std::sort(names.begin(), names.end(),
              [&](const QString& a, const QString& b) { return collator.compare(a, b) < 0; });
    QAction* all = menu->addAction(QObject::tr("Show all"));
    QObject::connect(all, &QAction::triggered, menu, [names, setVisible] {
      for (const QString& n : names) setVisible(n, true);
    });
    menu->addSeparator();
    for (const QString& n : names) {
      QAction* a = menu->addAction(n);
      a->setData(n);
      a->setCheckable(true);
      a->setChecked(!hidden.contains(n));
      QObject::connect(a, &QAction::toggled, menu, [n, setVisible](bool on) { setVisible(n, on); });
    }
  };
  fill(nodesMenu_, model_.lanes(), hiddenNodes_,
       [this](const QString& n, bool on) { setNodeVisible(n, on); });
  fill(typesMenu_, model_.types(), hiddenTypes_,
       [this](const QString& t, bool on) { setTypeVisible(t, on); });
}

void SpaceTimeView::syncChecks(QMenu* menu, const QSet<QString>& hidden) {
  // Not rebuilt: the action that was toggled may be the caller.
  for (QAction* a : menu->actions()) {
    if (!a->isCheckable()) continue;
    const QSignalBlocker block(a);
    a->setChecked(!hidden.contains(a->data().toString()));
  }
}

void SpaceTimeView::setNodeVisible(const QString& node, bool visible) {
  if (visible == !hiddenNodes_.contains(node)) return;
  if (visible) {
    hiddenNodes_.remove(node);
  } else {
    hiddenNodes_.insert(node);
  }
  updateRows();
  syncChecks(nodesMenu_, hiddenNodes_);
  nodesButton_->setText(hiddenNodes_.isEmpty() ? tr("Nodes")
                                               : tr("Nodes (%1 hidden)").arg(hiddenNodes_.size()));
}

void SpaceTimeView::setTypeVisible(const QString& type, bool visible) {
  if (visible == !hiddenTypes_.contains(type)) return;
  if (visible) {
    hiddenTypes_.remove(type);
  } else {
    hiddenTypes_.insert(type);
  }
  QSet<int> ids;
  for (const QString& t : std::as_const(hiddenTypes_)) {
    const int id = static_cast<int>(model_.types().indexOf(t));
    if (id >= 0) ids.insert(id);
  }
  canvas_->setHiddenTypes(ids);
  syncChecks(typesMenu_, hiddenTypes_);
  typesButton_->setText(hiddenTypes_.isEmpty()
                            ? tr("Messages")
                            : tr("Messages (%1 hidden)").arg(hiddenTypes_.size()));
}

void SpaceTimeView::setLegendVisible(bool visible) { legendBox_->setChecked(visible); }

void SpaceTimeView::setShowLocalEvents(bool on) { local_->setChecked(on); }

void SpaceTimeView::updateInfo() {
  info_->setText(tr("%1 nodes · %2 messages · %3 events")
                     .arg(model_.laneCount())
                     .arg(model_.messages().size())
                     .arg(model_.events().size()));
}

}  // namespace catslab::ui::spacetime
