#include "snapshot_view/operations/operations_view.h"

#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QThreadPool>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <atomic>
#include <memory>

#include "snapshot_view/operations/operations_canvas.h"
#include "snapshot_view/operations/quorum_table_model.h"
#include "snapshot_view/run_store.h"

namespace catslab::ui::operations {

namespace {
// A legend entry: a small coloured box and its meaning.
QString swatch(const char* colour, const QString& text, const char* border = "#555") {
  return QStringLiteral(
             "<span style='background:%1; border:1px solid "
             "%3'>&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;%2&nbsp;&nbsp; ")
      .arg(QLatin1String(colour), text, QLatin1String(border));
}

QString seconds(std::int64_t ns) {
  return QString::number(static_cast<double>(ns) / 1e9, 'f', 3) + QStringLiteral(" s");
}
}  // namespace

OperationsView::OperationsView(RunStore* store, QWidget* parent)
    : QWidget(parent),
      store_(store),
      canvas_(new OperationsCanvas(&model_, this)),
      table_(new QuorumTableModel(this)),
      tableView_(new QTableView(this)),
      keys_(new QComboBox(this)),
      badge_(new QLabel(this)),
      details_(new QLabel(this)),
      jump_(new QPushButton(tr("Jump to violation"), this)),
      debounce_(new QTimer(this)) {
  auto* tools = new QHBoxLayout;
  tools->addWidget(new QLabel(tr("Key:"), this));
  keys_->setMinimumContentsLength(10);
  keys_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  tools->addWidget(keys_);
  badge_->setTextFormat(Qt::RichText);
  tools->addWidget(badge_, 1);
  jump_->setToolTip(
      tr("Show the key that is not linearizable, the operations that cannot be "
         "ordered, and move the timeline to the one completing last"));
  tools->addWidget(jump_);
  auto* fit = new QPushButton(tr("Fit"), this);
  fit->setToolTip(tr("Show the whole run (or double-click the diagram)"));
  tools->addWidget(fit);

  auto* legend = new QLabel(this);
  legend->setTextFormat(Qt::RichText);
  legend->setWordWrap(true);
  legend->setText(
      swatch("#43a047", tr("ok")) + swatch("#e53935", tr("failed (no effect)")) +
      swatch("#fb8c00", tr("unknown outcome (timed out: may have taken effect)")) +
      swatch("#90a4ae", tr("running at the cursor")) + tr("lighter: reads") +
      QStringLiteral("&nbsp;&nbsp; ") +
      swatch("#ffcdd2", tr("outlined: cannot be ordered, ★ completes last"), "#d50000") +
      tr("A bar runs from invocation to answer, in the lane of the node that coordinated it."));

  details_->setTextFormat(Qt::RichText);
  details_->setWordWrap(true);
  details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  details_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  tableView_->setModel(table_);
  tableView_->verticalHeader()->hide();
  tableView_->setSelectionMode(QAbstractItemView::NoSelection);
  tableView_->setWordWrap(false);
  tableView_->horizontalHeader()->setStretchLastSection(true);
  tableView_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);

  auto* detail = new QWidget(this);
  auto* dl = new QVBoxLayout(detail);
  dl->setContentsMargins(0, 0, 0, 0);
  dl->addWidget(details_);
  dl->addWidget(tableView_, 1);

  auto* top = new QWidget(this);
  auto* tl = new QVBoxLayout(top);
  tl->setContentsMargins(0, 0, 0, 0);
  tl->addWidget(canvas_, 1);
  tl->addWidget(legend);

  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(top);
  split->addWidget(detail);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(tools);
  layout->addWidget(split, 1);

  debounce_->setSingleShot(true);
  debounce_->setInterval(400);
  connect(debounce_, &QTimer::timeout, this, &OperationsView::startCheck);
  connect(keys_, &QComboBox::currentIndexChanged, this,
          [this](int i) { canvas_->setKeyFilter(i <= 0 ? QString() : keys_->itemText(i)); });
  connect(jump_, &QPushButton::clicked, this, [this] { jumpToViolation(); });
  connect(fit, &QPushButton::clicked, canvas_, &OperationsCanvas::fit);
  connect(canvas_, &OperationsCanvas::operationClicked, this, &OperationsView::selectOperation);
  connect(store_, &RunStore::cleared, this, &OperationsView::reset);
  connect(store_, &RunStore::recordsAppended, this, &OperationsView::ingest);
  connect(store_, &RunStore::currentChanged, this, [this](int index) {
    canvas_->setCursorTime(index < 0 ? -1 : store_->record(index).time_ns());
  });
  connect(store_, &RunStore::selectionChanged, this, &OperationsView::onStoreSelection);
  reset();
  if (store_->recordCount() > 0) ingest(0, store_->recordCount() - 1);
  if (store_->current() >= 0) canvas_->setCursorTime(store_->currentTimeNs());
}

OperationsView::~OperationsView() { alive_->store(false); }

void OperationsView::reset() {
  model_.clear();
  outcome_ = {};
  selected_ = -1;
  ++generation_;
  canvas_->setSelected(-1);
  canvas_->setConflicting({}, -1);
  canvas_->modelChanged();
  table_->setOperation(nullptr);
  updateKeys();
  showOperation(-1);
  badge_->setText(badgeText());
  jump_->setEnabled(false);
}

void OperationsView::ingest(int first, int last) {
  const int before = model_.count();
  for (int i = first; i <= last; ++i) model_.append(store_->record(i), i);
  canvas_->modelChanged();
  if (model_.count() != before || model_.count() == 0) {
    updateKeys();
    ++generation_;
    debounce_->start();
  }
  // The operation shown in the details may just have completed.
  if (selected_ >= 0) {
    const int done = model_.at(selected_).completeRecord;
    if (done >= first && done <= last) showOperation(selected_);
  }
}

void OperationsView::updateKeys() {
  const QString current = keys_->currentIndex() > 0 ? keys_->currentText() : QString();
  const QStringList keys = model_.keys();
  if (keys_->count() == keys.size() + 1) return;  // keys only ever grow
  QSignalBlocker block(keys_);
  keys_->clear();
  keys_->addItem(tr("all keys"));
  keys_->addItems(keys);
  keys_->setCurrentIndex(std::max(0, static_cast<int>(keys.indexOf(current)) + 1));
}

bool OperationsView::setKey(const QString& key) {
  if (key.isEmpty()) {
    keys_->setCurrentIndex(0);
    return true;
  }
  const int i = keys_->findText(key);
  if (i <= 0) return false;
  keys_->setCurrentIndex(i);
  return true;
}

void OperationsView::selectOperation(int op) {
  if (op < 0 || op >= model_.count()) return;
  showOperation(op);
  const ClientOperation& o = model_.at(op);
  store_->select(o.completeRecord >= 0 ? o.completeRecord : o.invokeRecord);
  emit operationChosen(op);
}

void OperationsView::onStoreSelection(int record) {
  if (record < 0) return;
  const int chosen = model_.operationOfRecord(record);
  const int op = chosen >= 0 ? chosen : model_.lastInvokedBy(store_->record(record).time_ns());
  if (op >= 0 && op != selected_) showOperation(op);
  if (chosen >= 0) emit operationChosen(chosen);
}

void OperationsView::showOperation(int op) {
  const bool changed = op != selected_;
  selected_ = op;
  canvas_->setSelected(op);
  if (changed) emit operationSelected(op);
  if (op < 0) {
    table_->setOperation(nullptr);
    details_->setText(
        tr("Click an operation to see how its coordinator got its answer: the "
           "replicas asked in each phase, which replied with which view id, and "
           "whether a consistent quorum formed."));
    return;
  }
  table_->setOperation(&model_.at(op));
  tableView_->resizeColumnsToContents();
  details_->setText(detailsText());
}

QString OperationsView::detailsText() const {
  if (selected_ < 0) return {};
  const ClientOperation& o = model_.at(selected_);
  QString s = QStringLiteral("<b>#%1 %2</b> &nbsp;·&nbsp; client %3 &nbsp;·&nbsp; coordinator %4")
                  .arg(selected_ + 1)
                  .arg(o.label().toHtmlEscaped(), o.client.toHtmlEscaped(), o.node.toHtmlEscaped());
  if (o.group >= 0) s += QStringLiteral(" &nbsp;·&nbsp; group %1").arg(o.group);
  s += QStringLiteral("<br>invoked at %1").arg(seconds(o.startNs));
  static const char* outcomes[] = {"still running", "ok", "failed", "outcome unknown"};
  if (o.endNs >= 0) {
    s += QStringLiteral(", %1 after %2 ms")
             .arg(QLatin1String(outcomes[static_cast<int>(o.outcome)]))
             .arg(static_cast<double>(o.endNs - o.startNs) / 1e6, 0, 'f', 1);
  } else {
    s += QStringLiteral(", no answer in the trace");
  }
  int restarts = 0;
  for (std::size_t i = 1; i < o.phases.size(); ++i)
    if (o.phases[i].name() == "read" || o.phases[i].view() != o.phases[i - 1].view()) ++restarts;
  if (!o.phases.empty()) {
    s += QStringLiteral(" &nbsp;·&nbsp; %1 phase(s)").arg(o.phases.size() + o.phasesDropped);
    if (restarts > 0) s += QStringLiteral(", restarted %1× in a newer view").arg(restarts);
  } else if (o.endNs >= 0) {
    s += QStringLiteral(" &nbsp;·&nbsp; no quorum phases recorded");
  }
  if (!o.reason.isEmpty()) s += QStringLiteral("<br>") + o.reason.toHtmlEscaped();
  if (outcome_.state == CheckOutcome::State::Violation &&
      std::find(outcome_.conflicting.begin(), outcome_.conflicting.end(), selected_) !=
          outcome_.conflicting.end()) {
    s += QStringLiteral(
             "<br><span style='color:#d50000'>Part of the violation: the operations "
             "outlined in red cannot be put in any order that a single copy of key "
             "%1 would give.</span>")
             .arg(outcome_.key.toHtmlEscaped());
  }
  return s;
}

QString OperationsView::badgeText() const {
  if (model_.count() == 0) return tr("no client operations yet");
  if (checkPending() && outcome_.state == CheckOutcome::State::NotRun)
    return tr("checking %1 operations…").arg(model_.count());
  QString text = outcome_.badge();
  if (checkPending()) text += tr(" — checking the newer operations…");
  return text;
}

bool OperationsView::checkPending() const { return checkedGeneration_ != generation_; }

void OperationsView::startCheck() {
  if (running_) return;  // the finished run starts the next one
  if (!checkPending()) return;
  running_ = true;
  badge_->setText(badgeText());
  const quint64 generation = generation_;
  auto history = std::make_shared<checker::History>(model_.history());
  QThreadPool::globalInstance()->start([this, alive = alive_, history, generation] {
    CheckOutcome out = runCheck(*history);
    QMetaObject::invokeMethod(
        qApp,
        [this, alive, out = std::move(out), generation] {
          if (alive->load()) applyOutcome(out, generation);
        },
        Qt::QueuedConnection);
  });
}

void OperationsView::checkNow() {
  debounce_->stop();
  applyOutcome(runCheck(model_.history()), generation_);
}

void OperationsView::applyOutcome(const CheckOutcome& outcome, quint64 generation) {
  running_ = false;
  if (generation == generation_ || generation > checkedGeneration_) {
    outcome_ = outcome;
    checkedGeneration_ = generation;
  }
  const bool violation = outcome_.state == CheckOutcome::State::Violation;
  canvas_->setConflicting(violation ? outcome_.conflicting : std::vector<int>{}, outcome_.culprit);
  const char* colour = violation                                             ? "#c62828"
                       : outcome_.state == CheckOutcome::State::Linearizable ? "#2e7d32"
                                                                             : "#6d6d6d";
  badge_->setText(QStringLiteral("<b style='color:%1'>%2</b>")
                      .arg(QLatin1String(colour), badgeText().toHtmlEscaped()));
  badge_->setToolTip(outcome_.report);
  jump_->setEnabled(violation);
  if (selected_ >= 0) details_->setText(detailsText());
  if (checkPending()) debounce_->start();
  emit checked();
}

bool OperationsView::jumpToViolation() {
  if (outcome_.state != CheckOutcome::State::Violation || outcome_.conflicting.empty())
    return false;
  setKey(outcome_.key);
  selectOperation(outcome_.culprit >= 0 ? outcome_.culprit : outcome_.conflicting.back());
  std::int64_t from = model_.at(outcome_.conflicting.front()).startNs, to = from;
  for (int i : outcome_.conflicting) {
    const ClientOperation& o = model_.at(i);
    from = std::min(from, o.startNs);
    to = std::max(to, o.endNs >= 0 ? o.endNs : model_.lastTimeNs());
  }
  const std::int64_t margin = std::max<std::int64_t>((to - from) / 4, 1'000'000);
  canvas_->setWindow(from - margin, to + margin);
  return true;
}

}  // namespace catslab::ui::operations
