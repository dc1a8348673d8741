#include "snapshot_view/ring/ring_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "snapshot_view/operations/operations_view.h"
#include "snapshot_view/operations/quorum_table_model.h"
#include "snapshot_view/ring/key_inspector.h"
#include "snapshot_view/ring/reconfiguration_panel.h"
#include "snapshot_view/ring/ring_canvas.h"
#include "snapshot_view/ring/ring_models.h"
#include "snapshot_view/run_store.h"

namespace catslab::ui::ring {

namespace {
QString kindName(RingKind k) {
  switch (k) {
    case RingKind::Cats:
      return QStringLiteral("CATS ring");
    case RingKind::Chord:
      return QStringLiteral("Chord ring");
    case RingKind::OneHop:
      return QStringLiteral("One-hop ring");
    case RingKind::None:
      break;
  }
  return QStringLiteral("Ring");
}
}  // namespace

RingView::RingView(RunStore* store, QWidget* parent)
    : QWidget(parent),
      store_(store),
      canvas_(new RingCanvas),
      side_(new QTabWidget),
      nodeTable_(new QTableView),
      nodes_(new RingNodeModel(this)),
      reconfig_(new ReconfigurationPanel),
      keys_(new KeyInspector(store)),
      quorumPanel_(new QWidget),
      quorumTitle_(new QLabel),
      quorumView_(new QTableView),
      quorumTable_(new operations::QuorumTableModel(this)),
      legend_(new QLabel),
      pending_(new QTimer(this)) {
  nodeTable_->setModel(nodes_);
  nodeTable_->verticalHeader()->hide();
  nodeTable_->horizontalHeader()->setStretchLastSection(true);
  nodeTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
  side_->addTab(nodeTable_, tr("Nodes"));
  side_->addTab(reconfig_, tr("Reconfiguration"));
  side_->addTab(keys_, tr("Key inspector"));
  quorumTitle_->setWordWrap(true);
  quorumTitle_->setTextFormat(Qt::RichText);
  quorumView_->setModel(quorumTable_);
  quorumView_->verticalHeader()->hide();
  quorumView_->horizontalHeader()->setStretchLastSection(true);
  quorumView_->setSelectionBehavior(QAbstractItemView::SelectRows);
  quorumView_->setSelectionMode(QAbstractItemView::SingleSelection);
  quorumView_->setWordWrap(false);
  auto* ql = new QVBoxLayout(quorumPanel_);
  ql->setContentsMargins(4, 4, 4, 4);
  ql->addWidget(quorumTitle_);
  ql->addWidget(quorumView_, 1);
  side_->addTab(quorumPanel_, tr("Quorum"));
  side_->setTabToolTip(3, tr("The quorum phases of the operation selected in the Operations tab"));
  side_->setTabToolTip(0, tr("Every node in ring order with its pointers and status"));
  side_->setTabToolTip(1, tr("A group's views, the Paxos round and handoffs under way"));
  side_->setTabToolTip(2, tr("A key's group, view and every replica's copy"));
  legend_->setWordWrap(true);
  legend_->setTextFormat(Qt::RichText);
  legend_->setStyleSheet(QStringLiteral("QLabel { background: white; padding: 4px; }"));
  auto* left = new QWidget;
  auto* ll = new QVBoxLayout(left);
  ll->setContentsMargins(0, 0, 0, 0);
  ll->setSpacing(0);
  ll->addWidget(canvas_, 1);
  ll->addWidget(legend_);
  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(left);
  split->addWidget(side_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  split->setSizes({600, 420});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  pending_->setSingleShot(true);
  pending_->setInterval(80);  // batches a live run's stream of records
  connect(pending_, &QTimer::timeout, this, &RingView::refresh);
  connect(store_, &RunStore::cleared, this, [this] {
    history_.clear();
    scheduleRefresh();
  });
  connect(store_, &RunStore::recordsAppended, this, [this](int first, int last) {
    for (int i = first; i <= last; ++i) history_.append(store_->record(i), i);
    scheduleRefresh();
  });
  connect(store_, &RunStore::currentChanged, this, &RingView::scheduleRefresh);
  connect(canvas_, &RingCanvas::sliceClicked, this, [this](int slice) {
    selectSlice(slice);
    side_->setCurrentWidget(reconfig_);
  });
  connect(canvas_, &RingCanvas::nodeClicked, this, [this](const QString& id) {
    for (int row = 0; row < nodes_->rowCount(); ++row) {
      if (nodes_->index(row, 0).data().toString() == id) nodeTable_->selectRow(row);
    }
  });
  connect(nodeTable_, &QTableView::clicked, this, [this](const QModelIndex& index) {
    canvas_->setSelectedNode(nodes_->index(index.row(), 0).data().toString());
  });
  connect(reconfig_, &ReconfigurationPanel::sliceChosen, this, &RingView::selectSlice);
  connect(keys_, &KeyInspector::keyEdited, this, &RingView::refresh);
  connect(keys_, &KeyInspector::watchRequested, this, &RingView::watchRequested);
  connect(keys_, &KeyInspector::keyPlaced, this,
          [this](const QString& key, int slice, std::uint64_t position) {
            canvas_->setMarkedKey(key, slice, position);
            // A new key moves the reconfiguration panel to its group once.
            if (slice >= 0 && key != placedKey_) {
              placedKey_ = key;
              slice_ = slice;
              scheduleRefresh();
            }
          });
  connect(quorumView_, &QTableView::clicked, this,
          [this](const QModelIndex& index) { selectPhase(quorumTable_->phaseOfRow(index.row())); });
  connect(store_, &RunStore::cleared, this, [this] { showOperation(nullptr, 0); });
  showOperation(nullptr, 0);
  for (int i = 0; i < store_->recordCount(); ++i) history_.append(store_->record(i), i);
}

RingView::~RingView() = default;

void RingView::followOperations(operations::OperationsView* ops) {
  connect(ops, &operations::OperationsView::operationChosen, this, [this, ops](int op) {
    if (op_ && opNumber_ == op + 1 && op_->completeRecord == ops->model().at(op).completeRecord)
      return;  // the same operation again (its own click, then its record): keep the phase
    showOperation(&ops->model().at(op), op + 1);
  });
  // An operation still running when chosen completes later with its phases.
  connect(store_, &RunStore::recordsAppended, this,
          [this, ops = QPointer<operations::OperationsView>(ops)](int first, int last) {
            if (!ops || !op_ || op_->completeRecord >= 0) return;
            for (int i = 0; i < ops->model().count(); ++i) {
              const operations::ClientOperation& o = ops->model().at(i);
              if (o.opId == op_->opId && o.completeRecord >= first && o.completeRecord <= last)
                return showOperation(&o, i + 1);
            }
          });
}

void RingView::showOperation(const operations::ClientOperation* op, int number) {
  op_ = op ? std::make_unique<operations::ClientOperation>(*op) : nullptr;
  opNumber_ = number;
  quorumTable_->setOperation(op_.get());
  quorumView_->resizeColumnsToContents();
  // Long answers (a version and its value) are cut, so "Counted?" stays in
  // sight; the tooltip has the whole text.
  for (int c = 0; c < quorumTable_->columnCount(); ++c)
    quorumView_->setColumnWidth(c, std::min(quorumView_->columnWidth(c), c == 0 ? 140 : 150));
  if (!op_) {
    quorumTitle_->setText(
        tr("Select a client operation (in the Operations tab, or its record in the event "
           "log) to draw its quorum on the ring: the coordinator, the replicas asked, which "
           "replied with which view id and which refused."));
    canvas_->setQuorum({});
  } else {
    selectPhase(-1);
  }
  legend_->setText(legendText());
}

void RingView::selectPhase(int phase) {
  if (!op_) return;
  const RingQuorum q = quorumOnRing(*op_, opNumber_, phase);
  QString title = QStringLiteral("<b>#%1 %2</b> — client %3, coordinator %4")
                      .arg(opNumber_)
                      .arg(op_->label().toHtmlEscaped(), op_->client.toHtmlEscaped(),
                           op_->node.toHtmlEscaped());
  if (op_->group >= 0) title += tr(", group %1").arg(op_->group);
  title += q.phase >= 0 ? tr("<br>Drawn on the ring: phase %1 (click a phase to draw it).")
                              .arg(q.phase + 1 + q.dropped)
                        : tr("<br>No quorum phases recorded for this operation.");
  quorumTitle_->setText(title);
  const int row = quorumTable_->rowOfPhase(q.phase);
  if (row >= 0) quorumView_->selectRow(row);
  canvas_->setQuorum(q);
  legend_->setText(legendText());
}

QString RingView::legendText() const { return canvas_->legendHtml(); }

QString RingView::quorumTitle() const { return quorumTitle_->text(); }

bool RingView::showPanel(const QString& name) {
  if (name == QStringLiteral("nodes")) {
    side_->setCurrentWidget(nodeTable_);
  } else if (name == QStringLiteral("reconfiguration")) {
    side_->setCurrentWidget(reconfig_);
  } else if (name == QStringLiteral("key")) {
    side_->setCurrentWidget(keys_);
  } else if (name == QStringLiteral("quorum")) {
    side_->setCurrentWidget(quorumPanel_);
  } else {
    return false;
  }
  return true;
}

void RingView::selectSlice(int slice) {
  slice_ = slice;
  refresh();
}

void RingView::inspectKey(const QString& key) {
  side_->setCurrentWidget(keys_);
  keys_->setKey(key);
}

void RingView::scheduleRefresh() {
  if (!pending_->isActive()) pending_->start();
}

void RingView::showEvent(QShowEvent* e) {
  QWidget::showEvent(e);
  refresh();
}

void RingView::refresh() {
  pending_->stop();
  if (!isVisible()) return;  // showEvent catches up
  const int at = store_->current();
  const sim::GlobalState state = store_->stateAfter(at);
  RingSnapshot snap = buildRing(state, history_.partitions(at));

  QSet<int> busy;
  for (int s : history_.slices(at)) {
    bool handing = false;
    for (const Handoff& h : history_.handoffs(s, at)) handing |= !h.done();
    if (handing || history_.roundInProgress(s, at)) busy.insert(s);
  }
  shownSlice_ =
      slice_ >= 0 ? slice_ : (busy.isEmpty() ? 0 : *std::min_element(busy.begin(), busy.end()));

  const int up =
      static_cast<int>(std::count_if(snap.nodes.begin(), snap.nodes.end(), [](const RingNode& n) {
        return n.status != NodeStatus::Down;
      }));
  QString caption = kindName(snap.kind) + QStringLiteral(" at ") + formatTimeNs(state.timeNs) +
                    tr(" — %1 of %2 nodes up").arg(up).arg(snap.nodes.size());
  if (snap.kind == RingKind::Cats) {
    caption += tr(", %1 groups").arg(snap.slices);
    if (!busy.isEmpty()) caption += tr(", %1 reconfiguring").arg(busy.size());
  }
  canvas_->setBusySlices(busy);
  // The canvas joins a group to its members when the user chose it or it is busy.
  const bool mark = snap.kind == RingKind::Cats && (slice_ >= 0 || busy.contains(shownSlice_));
  canvas_->setSelectedSlice(mark ? shownSlice_ : -1);
  nodes_->setSnapshot(snap);
  reconfig_->show(history_, snap.slices, shownSlice_, at);
  keys_->refresh(snap, state);
  canvas_->setSnapshot(std::move(snap), caption);
  legend_->setText(legendText());
}

}  // namespace catslab::ui::ring
