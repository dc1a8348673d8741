#include "snapshot_view/ring/ring_view.h"

#include <QHeaderView>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

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
      pending_(new QTimer(this)) {
  nodeTable_->setModel(nodes_);
  nodeTable_->verticalHeader()->hide();
  nodeTable_->horizontalHeader()->setStretchLastSection(true);
  nodeTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
  side_->addTab(nodeTable_, tr("Nodes"));
  side_->addTab(reconfig_, tr("Reconfiguration"));
  side_->addTab(keys_, tr("Key inspector"));
  side_->setTabToolTip(0, tr("Every node in ring order with its pointers and status"));
  side_->setTabToolTip(1, tr("A group's views, the Paxos round and handoffs under way"));
  side_->setTabToolTip(2, tr("A key's group, view and every replica's copy"));
  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(canvas_);
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
  for (int i = 0; i < store_->recordCount(); ++i) history_.append(store_->record(i), i);
}

bool RingView::showPanel(const QString& name) {
  if (name == QStringLiteral("nodes")) {
    side_->setCurrentWidget(nodeTable_);
  } else if (name == QStringLiteral("reconfiguration")) {
    side_->setCurrentWidget(reconfig_);
  } else if (name == QStringLiteral("key")) {
    side_->setCurrentWidget(keys_);
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
}

}  // namespace catslab::ui::ring
