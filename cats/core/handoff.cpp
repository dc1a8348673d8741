// Handoff (CATS.md): a member that must join a slice's group in view w
// collects the slice's data from more than half of w's previous members,
// each sent after that member installed w (a HandoffRequest carries w, and
// the receiver installs it before answering), and only from members that
// were READY in view w - 1 — a member that never finished its own handoff
// may lack writes. It merges the highest version per key and only then is
// READY. That is what lets every consistent quorum of w meet every write
// acknowledged in w - 1.
#include "cats/core/cats_node.h"

namespace catslab::cats {

void CatsNode::requestHandoff(std::uint32_t slice) {
  Group& g = groups_.at(slice);
  // A member that stays through a pure removal kept its copy of w - 1, in
  // which it was READY: that copy is one of the sources (after a restart
  // too, as the group record keeps readyFrom/readyTo).
  const std::uint64_t previous = g.view.vid - 1;
  if (!g.collected && g.readyFrom > 0 && g.readyFrom <= previous && previous <= g.readyTo &&
      std::find(g.view.previous.begin(), g.view.previous.end(), self_.id) !=
          g.view.previous.end()) {
    g.handoffFrom.insert(self_.id);
    if (g.handoffFrom.size() >= g.view.previous.size() / 2 + 1) {
      becomeReady(slice);
      return;
    }
  }
  g.handoffSent = now();
  for (const auto& id : g.view.previous) {
    if (id == self_.id || g.handoffFrom.count(id)) continue;
    send(std::make_shared<const HandoffRequest>(self_, addressOf(id), slice, g.view));
  }
}

void CatsNode::onHandoffRequest(const HandoffRequest& m) {
  const View& w = m.joining;
  if (w.vid < 2) return;
  learnView(m.slice, w);  // install w first: from now on we answer nothing in w - 1
  auto it = groups_.find(m.slice);
  if (it == groups_.end()) return;
  const Group& g = it->second;
  const std::uint64_t previous = w.vid - 1;
  const bool eligible = g.view.vid >= w.vid && !g.collected && g.readyFrom > 0 &&
                        g.readyFrom <= previous && previous <= g.readyTo;
  if (!eligible) return;
  auto data = std::make_shared<HandoffData>(self_, m.source, m.slice, w.vid, store_->scan(m.slice));
  data->floor = floorOf(m.slice);
  send(std::move(data));
}

void CatsNode::onHandoffData(const HandoffData& m) {
  auto it = groups_.find(m.slice);
  if (it == groups_.end()) return;
  Group& g = it->second;
  if (g.status != GroupStatus::Joining || g.view.vid != m.vid || m.source.id == self_.id) return;
  if (std::find(g.view.previous.begin(), g.view.previous.end(), m.source.id) ==
      g.view.previous.end()) {
    return;
  }
  if (!g.handoffFrom.insert(m.source.id).second) return;
  std::size_t merged = 0;
  for (const auto& [key, version] : m.entries) {
    const auto mine = store_->get(m.slice, key);
    if (!mine || mine->ts < version.ts) {
      store_->put(m.slice, key, version);
      noteTombstone(m.slice, key, version);
      ++merged;
    }
  }
  raiseFloor(m.slice, m.floor);
  const std::size_t needed = g.view.previous.size() / 2 + 1;
  note("handoff slice=" + std::to_string(m.slice) + " v" + std::to_string(g.view.vid) + " from " +
       m.source.id + ": " + std::to_string(m.entries.size()) + " keys, " + std::to_string(merged) +
       " newer; " + std::to_string(g.handoffFrom.size()) + " of " + std::to_string(needed) +
       " sources");
  if (g.handoffFrom.size() >= needed) becomeReady(m.slice);
}

}  // namespace catslab::cats
