#include "ui/live_canvas.h"

#include <QHash>

#include "snapshot_view/run_store.h"
#include "topology_editor/topology_scene.h"

namespace catslab::ui {

namespace tr = ::catslab::trace;

LiveCanvas::LiveCanvas(RunStore* store, TopologyScene* scene, QObject* parent)
    : QObject(parent), store_(store), scene_(scene) {
  connect(store_, &RunStore::currentChanged, this, &LiveCanvas::onCurrentChanged);
  connect(store_, &RunStore::cleared, this, [this] {
    lastIndex_ = -1;
    scene_->clearLiveStatus();
  });
}

void LiveCanvas::setAnimationsEnabled(bool on) { scene_->setAnimationsEnabled(on); }

void LiveCanvas::onCurrentChanged(int index) {
  const sim::GlobalState state = store_->stateAfter(index);
  // Which nodes crashed (rather than stopped) — the last down record says.
  // Scan back only as far as needed to classify every down node.
  QHash<QString, bool> crashed;
  int unresolved = 0;
  for (const auto& [id, node] : state.nodes) unresolved += node.up ? 0 : 1;
  for (int i = index; i >= 0 && unresolved > 0; --i) {
    const tr::Record& r = store_->record(i);
    const QString q = QString::fromStdString(r.node());
    if (r.has_node_down() && !crashed.contains(q)) {
      crashed.insert(q, r.node_down().crashed());
      --unresolved;
    }
  }
  for (const auto& [id, node] : state.nodes) {
    const QString q = QString::fromStdString(id);
    scene_->setNodeStatus(
        q, node.up ? NodeStatus::Up : (crashed.value(q) ? NodeStatus::Crashed : NodeStatus::Down));
  }
  if (index > lastIndex_) animateRange(lastIndex_ + 1, index);
  lastIndex_ = index;
}

void LiveCanvas::animateRange(int first, int last) {
  // Only the newest messages of a big jump: older ones would arrive "late".
  int budget = kMaxAnimationsPerBatch;
  for (int i = last; i >= std::max(0, first) && budget > 0; --i) {
    const tr::Record& r = store_->record(i);
    if (!r.has_message()) continue;
    const tr::MessageEvent& m = r.message();
    if (m.kind() == tr::MESSAGE_DELIVERED) continue;
    scene_->animateMessage(QString::fromStdString(m.from()), QString::fromStdString(m.to()), 450,
                           m.kind() == tr::MESSAGE_DROPPED);
    --budget;
  }
}

}  // namespace catslab::ui
