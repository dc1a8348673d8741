// Views: installing decided views in order, READY announcements, view
// anti-entropy, deciding what the next view should be, and collecting the
// data of groups this node left (CATS.md, "Reconfiguration").
#include <algorithm>

#include "cats/core/cats_node.h"
#include "cats/core/placement.h"

namespace catslab::cats {

void CatsNode::onViewDecided(const ViewDecided& m) { learnView(m.slice, m.view); }

// w is decided and newer than what this node installed. A member that
// installs w stops answering in older views (serves() compares view ids). A
// member that was READY in w - 1 and stays is READY in w, unless w only
// removed members; any other member (new in w, or one that missed views) is
// JOINING until its handoff is done.
//
// A pure removal from an even-sized view is a handoff for the members that
// stay: they keep their copy, which counts as one source, and collect from
// more than half of w - 1 like a joiner. Staying READY lost writes: a write
// acknowledged by {n2, n6} in v4 [n1 n2 n6] was still met by every quorum
// of v5 [n1 n2], but v6 [n1] held no copy of it (tst_cats churn, fresh seed
// 942713026997, a stale read). Every completed write is on at least half of
// the members; removing one from an odd-sized view keeps that, from an
// even-sized one it may not.
void CatsNode::install(std::uint32_t slice, const View& w) {
  Group& g = groups_[slice];
  if (w.vid <= g.view.vid) return;
  auto& known = known_[slice];
  if (w.vid > known.vid) known = w;
  const bool wasReady = g.status == GroupStatus::Ready;
  const bool wasMember = g.status == GroupStatus::Ready || g.status == GroupStatus::Joining;
  const std::uint64_t before = g.view.vid;

  g.view = w;
  g.promised = Ballot{};
  g.hasAccepted = false;
  g.acceptedBallot = Ballot{};
  g.acceptedView = View{};
  g.proposing = false;
  g.accepting = false;
  g.readyKnown.clear();
  g.handoffFrom.clear();
  g.handoffSent = runtime::Duration(-1);
  ++viewsInstalled_;

  if (!w.has(self_.id)) {
    // Our copy may still be needed by the member that replaced us (its
    // handoff counts us); a pure removal has no such member.
    if (wasMember) {
      // A member new in w, or after a removal that needs a handoff every
      // member of w, may still need our copy: kept until they are READY.
      g.leftAt = now();
      g.successorReady = w.isPureRemoval() && !w.removalNeedsHandoff();
    }
    if (g.status != GroupStatus::None) g.status = GroupStatus::Left;
    persistGroup(slice);
    note("view slice=" + std::to_string(slice) + " installed " + w.describe() + " status=left");
    return;
  }
  const bool continuing = wasReady && before + 1 == w.vid && !w.isNew(self_.id);
  const bool collectsToo = continuing && w.removalNeedsHandoff();
  g.collected = false;
  if (continuing && !collectsToo) {
    g.status = GroupStatus::Ready;
    g.readyTo = w.vid;
    persistGroup(slice);
    note("view slice=" + std::to_string(slice) + " installed " + w.describe() + " status=ready");
    becomeReady(slice);
    return;
  }
  if (w.previous.empty() || config_.broken == Broken::ServeBeforeHandoff) {
    g.status = GroupStatus::Joining;
    persistGroup(slice);
    note("view slice=" + std::to_string(slice) + " installed " + w.describe() +
         " status=ready (no handoff)");
    becomeReady(slice);
    return;
  }
  g.status = GroupStatus::Joining;
  // Leftovers of an older membership may predate a delete whose tombstone
  // was collected since; the handoff from a majority brings every completed
  // write, so they are dropped rather than merged (docs/cats.md).
  if (!collectsToo && store_->count(slice) > 0 && config_.broken != Broken::KeepLeftovers) {
    store_->eraseSlice(slice);
  }
  tombstones_.erase(slice);
  persistGroup(slice);
  note("view slice=" + std::to_string(slice) + " installed " + w.describe() + " status=joining" +
       (collectsToo ? " (members removed: collecting)"
        : wasMember ? " (missed views)"
                    : ""));
  requestHandoff(slice);
}

void CatsNode::becomeReady(std::uint32_t slice) {
  Group& g = groups_.at(slice);
  if (g.status != GroupStatus::Ready) {
    // A member that stayed through a removal and collected was READY in
    // w - 1 and still holds that copy: it stays a source for w's handoffs.
    const bool sinceBefore = g.readyFrom > 0 && g.readyTo + 1 == g.view.vid;
    g.status = GroupStatus::Ready;
    if (!sinceBefore) g.readyFrom = g.view.vid;
  }
  g.readyTo = g.view.vid;
  g.readyKnown[self_.id] = g.view.vid;
  persistGroup(slice);
  std::set<std::string> tell(g.view.members.begin(), g.view.members.end());
  tell.insert(g.view.previous.begin(), g.view.previous.end());
  tell.erase(self_.id);
  for (const auto& id : tell) {
    send(std::make_shared<const GroupReady>(self_, addressOf(id), slice, g.view.vid));
  }
}

bool CatsNode::allReady(const Group& g) {
  return std::all_of(g.view.members.begin(), g.view.members.end(), [&g](const std::string& m) {
    auto r = g.readyKnown.find(m);
    return r != g.readyKnown.end() && r->second >= g.view.vid;
  });
}

void CatsNode::onGroupReady(const GroupReady& m) {
  auto it = groups_.find(m.slice);
  if (it == groups_.end()) return;
  Group& g = it->second;
  auto& vid = g.readyKnown[m.source.id];
  vid = std::max(vid, m.vid);
  // A member new in the view that removed us is READY, or after a removal
  // that needs a handoff every member is: our copy is not needed.
  if (g.status == GroupStatus::Left && !g.collected && !g.successorReady && m.vid >= g.view.vid &&
      (g.view.isNew(m.source.id) || (g.view.removalNeedsHandoff() && allReady(g)))) {
    g.successorReady = true;
    g.leftAt = now();
  }
}

void CatsNode::onViewQuery(const ViewQuery& m) {
  // A removed member asks whether its successor is READY (collectGarbage).
  if (auto g = groups_.find(m.slice);
      g != groups_.end() && g->second.status == GroupStatus::Ready && g->second.view.vid >= m.vid &&
      !g->second.view.has(m.source.id)) {
    send(std::make_shared<const GroupReady>(self_, m.source, m.slice, g->second.view.vid));
  }
  if (auto g = groups_.find(m.slice);
      g != groups_.end() && m.ready && g->second.view.vid == m.vid) {
    auto& vid = g->second.readyKnown[m.source.id];
    vid = std::max(vid, m.vid);
  }
  auto it = known_.find(m.slice);
  if (it != known_.end() && it->second.vid > m.vid) {
    send(std::make_shared<const ViewDecided>(self_, m.source, m.slice, it->second));
  }
}

// Members ask their view's other members (and the nodes the ring says
// should replicate the slice) whether a newer view exists: a replica that
// missed a decision, or was down while it was replaced, learns it here.
void CatsNode::gossipViews() {
  for (const auto& [slice, g] : groups_) {
    if (g.status == GroupStatus::Left && !g.collected && !g.successorReady) {
      for (const auto& m : g.view.members) {
        if (g.view.isNew(m) || g.view.removalNeedsHandoff()) {
          send(std::make_shared<const ViewQuery>(self_, addressOf(m), slice, g.view.vid, false));
        }
      }
      continue;
    }
    if (g.status != GroupStatus::Ready && g.status != GroupStatus::Joining) continue;
    std::set<std::string> ask(g.view.members.begin(), g.view.members.end());
    for (const auto& id : desired(slice)) ask.insert(id);
    ask.erase(self_.id);
    for (const auto& id : ask) {
      send(std::make_shared<const ViewQuery>(self_, addressOf(id), slice, g.view.vid,
                                             g.status == GroupStatus::Ready));
      // A member not yet known READY may have missed the decision itself
      // (a new member has no older view to ask about): repeat it.
      auto r = g.readyKnown.find(id);
      if (g.view.has(id) && (r == g.readyKnown.end() || r->second < g.view.vid)) {
        send(std::make_shared<const ViewDecided>(self_, addressOf(id), slice, g.view));
      }
    }
  }
}

// One change toward what the ring says the group should be, or nothing:
// replace a dead member with a node that should be in, else remove a dead
// member, else add a missing one, else replace or remove one that should
// not be in. Nothing while a live member is not yet READY in this view.
std::optional<View> CatsNode::nextView(std::uint32_t slice, const Group& g) const {
  const auto target = desired(slice);
  if (target.empty()) return std::nullopt;
  const auto& members = g.view.members;
  for (const auto& m : members) {
    auto r = g.readyKnown.find(m);
    if (live_.count(m) && (r == g.readyKnown.end() || r->second < g.view.vid)) return std::nullopt;
  }
  std::vector<std::string> dead, fresh, extra;
  for (const auto& m : members) {
    if (!live_.count(m)) {
      dead.push_back(m);
    } else if (std::find(target.begin(), target.end(), m) == target.end()) {
      extra.push_back(m);
    }
  }
  for (const auto& t : target) {
    if (!g.view.has(t)) fresh.push_back(t);
  }
  std::vector<std::string> next = members;
  const auto replace = [&next](const std::string& out, const std::string& in) {
    std::replace(next.begin(), next.end(), out, in);
  };
  const auto remove = [&next](const std::string& out) {
    next.erase(std::remove(next.begin(), next.end(), out), next.end());
  };
  const std::size_t r = static_cast<std::size_t>(config_.replication);
  if (!dead.empty() && !fresh.empty()) {
    replace(dead.front(), fresh.front());
  } else if (!dead.empty() && members.size() > 1) {
    remove(dead.front());
  } else if (!fresh.empty() && members.size() < r) {
    next.push_back(fresh.front());
  } else if (!fresh.empty() && !extra.empty()) {
    replace(extra.front(), fresh.front());
  } else if (!extra.empty()) {
    remove(extra.front());
  } else {
    return std::nullopt;
  }
  return View{g.view.vid + 1, ringOrderFrom(slice, config_.slices, next), members};
}

// The first live member of a slice's view proposes its next view.
void CatsNode::reconfigure() {
  for (auto& [slice, g] : groups_) {
    if (g.status != GroupStatus::Ready) continue;
    auto proposer = std::find_if(g.view.members.begin(), g.view.members.end(),
                                 [this](const std::string& m) { return live_.count(m) > 0; });
    if (proposer == g.view.members.end() || *proposer != self_.id) continue;
    if (g.proposing) {
      if (now() - g.proposedAt < config_.proposeTimeout) continue;
      g.proposing = false;
      g.retryAfter = now() + runtime::Duration(static_cast<std::int64_t>(
                                 random().below(config_.proposeTimeout.count())));
      note("paxos slice=" + std::to_string(slice) + " ballot " + g.ballot.describe() +
           " timed out");
      continue;
    }
    if (now() < g.retryAfter) continue;
    if (auto next = nextView(slice, g)) propose(slice, std::move(*next));
  }
}

void CatsNode::collectGarbage() {
  for (auto& [slice, g] : groups_) {
    // Deleting before the successor is READY could leave its handoff one
    // source short for ever (tst_cats churn, fresh seed 431506103043: a
    // two-member group stuck with its new member joining).
    if (g.status != GroupStatus::Left || g.collected || !g.successorReady) continue;
    if (now() - g.leftAt < config_.gcDelay) continue;
    store_->eraseSlice(slice);
    tombstones_.erase(slice);
    g.collected = true;
    persistGroup(slice);
    note("gc slice=" + std::to_string(slice) + " data deleted (left in " + g.view.describe() + ")");
  }
}

}  // namespace catslab::cats
