// Tombstone collection (docs/cats.md, "Collecting tombstones"). A delete
// writes a tombstone; a replica drops its tombstone of key k at timestamp T
// only when
//  1. every member of its current view said it holds k at a version >= T
//     (answered while READY in that same view), and then
//  2. tombstone_gc_ms (the horizon, longer than an operation's deadline
//     plus message delays) passed on its own clock with the view, and its
//     version of k, unchanged;
// and it raises the slice's *floor* to T.counter in the same commit. A
// replica answers every read with its floor and a put's new counter is
// above every floor it read, so a write after the collection is newer
// than the collected tombstone. Why a late write-back cannot bring an
// older value back is argued in docs/cats.md.
#include <algorithm>
#include <cstdio>

#include "cats/core/cats_node.h"

namespace catslab::cats {

namespace {
std::string floorRecordName(std::uint32_t slice) {
  char name[24];
  std::snprintf(name, sizeof name, "floor/%08x", slice);
  return name;
}
constexpr std::size_t kQueryBatch = 256;  // tombstones asked about per message
}  // namespace

std::uint64_t CatsNode::floorOf(std::uint32_t slice) const {
  auto it = floors_.find(slice);
  return it == floors_.end() ? 0 : it->second;
}

void CatsNode::raiseFloor(std::uint32_t slice, std::uint64_t counter) {
  auto& f = floors_[slice];
  if (counter <= f) return;
  f = counter;
  FieldWriter out;
  out.u64(f);
  store_->putMeta(floorRecordName(slice), out.bytes());
}

void CatsNode::recoverTombstones() {
  for (const auto& [name, bytes] : store_->scanMeta("floor/")) {
    const auto slice = static_cast<std::uint32_t>(std::stoul(name.substr(6), nullptr, 16));
    FieldReader in(bytes);
    std::uint64_t f = 0;
    if (!in.u64(f)) throw std::runtime_error("cats: corrupt floor record '" + name + "'");
    floors_[slice] = f;
  }
  for (const auto slice : store_->slices()) {
    for (const auto& [key, v] : store_->scan(slice)) {
      if (v.tombstone) noteTombstone(slice, key, v);
    }
  }
}

// Called wherever a version is stored; starts watching a tombstone.
void CatsNode::noteTombstone(std::uint32_t slice, const std::string& key, const Versioned& v) {
  if (!v.tombstone || config_.tombstoneHorizon.count() == 0) return;
  auto& watch = tombstones_[slice][key];
  watch = TombstoneWatch{};
  watch.ts = v.ts;
}

// One collection round (every view-gossip period): drop what is due, ask
// the other members about the rest.
void CatsNode::collectTombstones() {
  for (auto s = tombstones_.begin(); s != tombstones_.end();) {
    const std::uint32_t slice = s->first;
    auto& watches = s->second;
    auto g = groups_.find(slice);
    if (g == groups_.end() || g->second.status != GroupStatus::Ready || g->second.collected) {
      // Not serving this slice (yet, or any more): nothing to decide.
      if (g == groups_.end() || g->second.status == GroupStatus::Left) {
        s = tombstones_.erase(s);
      } else {
        ++s;
      }
      continue;
    }
    const View& view = g->second.view;
    std::vector<std::pair<std::string, Timestamp>> ask;
    std::size_t dropped = 0;
    for (auto w = watches.begin(); w != watches.end();) {
      TombstoneWatch& watch = w->second;
      const auto mine = store_->get(slice, w->first);
      if (!mine || !mine->tombstone || mine->ts != watch.ts) {
        // Overwritten (by a value or a newer tombstone, noted separately).
        if (mine && mine->tombstone) {
          watch = TombstoneWatch{};
          watch.ts = mine->ts;
        } else {
          w = watches.erase(w);
          continue;
        }
      }
      if (config_.broken == Broken::EagerTombstoneGc) {
        store_->erase(slice, w->first);  // no confirmation, no horizon, no floor
        w = watches.erase(w);
        continue;
      }
      if (watch.vid != view.vid) {
        watch.vid = view.vid;
        watch.holders.clear();
        watch.confirmedAt = runtime::Duration(-1);
      }
      watch.holders.insert(self_.id);
      if (watch.confirmedAt.count() < 0 &&
          std::all_of(view.members.begin(), view.members.end(),
                      [&watch](const std::string& m) { return watch.holders.count(m) > 0; })) {
        watch.confirmedAt = now();
      }
      if (watch.confirmedAt.count() >= 0) {
        if (now() - watch.confirmedAt >= config_.tombstoneHorizon) {
          store_->erase(slice, w->first);
          raiseFloor(slice, watch.ts.counter);
          recentlyCollected_[slice][w->first] = {watch.ts, now()};
          ++tombstonesCollected_;
          ++dropped;
          w = watches.erase(w);
          continue;
        }
      } else if (ask.size() < kQueryBatch) {
        ask.emplace_back(w->first, watch.ts);
      }
      ++w;
    }
    if (dropped > 0) {
      note("tombstones slice=" + std::to_string(slice) + " collected " + std::to_string(dropped) +
           " (floor " + std::to_string(floorOf(slice)) + ")");
    }
    if (!ask.empty()) {
      for (const auto& m : view.members) {
        if (m == self_.id) continue;
        send(std::make_shared<const TombstoneQuery>(self_, addressOf(m), slice, view.vid, ask));
      }
    }
    s = watches.empty() ? tombstones_.erase(s) : std::next(s);
  }
  // A member that collected a tombstone a little before the others still
  // counts as holding it for one more horizon (they confirm within a round
  // or two of each other); then it is forgotten.
  for (auto s = recentlyCollected_.begin(); s != recentlyCollected_.end();) {
    for (auto k = s->second.begin(); k != s->second.end();) {
      k = now() - k->second.second >= config_.tombstoneHorizon ? s->second.erase(k) : std::next(k);
    }
    s = s->second.empty() ? recentlyCollected_.erase(s) : std::next(s);
  }
}

// "Which of these do you hold at that timestamp or newer, in view vid?"
// Only a member READY in exactly that view answers (like a quorum reply).
void CatsNode::onTombstoneQuery(const TombstoneQuery& m) {
  auto g = groups_.find(m.slice);
  if (g == groups_.end() || g->second.status != GroupStatus::Ready || g->second.view.vid != m.vid) {
    return;
  }
  std::vector<std::string> held;
  for (const auto& [key, ts] : m.entries) {
    const auto mine = store_->get(m.slice, key);
    bool holds = mine && !(mine->ts < ts);
    if (!mine) {
      // Collected here after its own horizon: no stale write reaches us now.
      auto s = recentlyCollected_.find(m.slice);
      if (s != recentlyCollected_.end()) {
        auto k = s->second.find(key);
        holds = k != s->second.end() && !(k->second.first < ts);
      }
    }
    if (holds) held.push_back(key);
  }
  send(std::make_shared<const TombstoneHeld>(self_, m.source, m.slice, m.vid, std::move(held)));
}

void CatsNode::onTombstoneHeld(const TombstoneHeld& m) {
  auto s = tombstones_.find(m.slice);
  auto g = groups_.find(m.slice);
  if (s == tombstones_.end() || g == groups_.end() || g->second.view.vid != m.vid) return;
  for (const auto& key : m.keys) {
    auto w = s->second.find(key);
    if (w != s->second.end() && w->second.vid == m.vid) w->second.holders.insert(m.source.id);
  }
}

std::size_t CatsNode::tombstoneCount() const {
  std::size_t n = 0;
  for (const auto slice : store_->slices()) {
    for (const auto& [key, v] : store_->scan(slice)) n += v.tombstone ? 1 : 0;
  }
  return n;
}

}  // namespace catslab::cats
