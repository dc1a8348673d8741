// CatsNode: construction, recovery, housekeeping, membership and the
// durable-send path. The roles live in replica.cpp, coordinator.cpp,
// reconfiguration.cpp, paxos.cpp, handoff.cpp and console.cpp.
#include "cats/core/cats_node.h"

#include <algorithm>
#include <cstdio>

#include "cats/core/placement.h"
#include "protocols/common/params.h"
#include "protocols/onehop/onehop.h"

namespace catslab::cats {

namespace onehop = protocols::onehop;

namespace {
std::string groupRecordName(std::uint32_t slice) {
  char name[24];
  std::snprintf(name, sizeof name, "group/%08x", slice);
  return name;
}
}  // namespace

CatsNode::CatsNode(runtime::StackContext context, CatsConfig config,
                   std::shared_ptr<LocalStore> store)
    : context_(std::move(context)),
      config_(std::move(config)),
      store_(std::move(store)),
      self_(context_.self) {
  addresses_[self_.id] = self_;
  for (const auto& p : context_.peers) addresses_[p.id] = p;
  live_.insert(self_.id);
  watched_.insert(config_.watch.begin(), config_.watch.end());
  auto membership = create<onehop::OneHop>(
      context_, protocols::stackConfig("cats", onehop::OneHopConfig::fromParams(context_.params)));
  wire(membership);
  ring_ = membership.template positive<onehop::OneHopRouting>();
  subscribe(ring_, &CatsNode::onMembership);
  subscribe(kv_, &CatsNode::onGet);
  subscribe(kv_, &CatsNode::onPut);
  subscribe(kv_, &CatsNode::onDelete);
  subscribe(timer_, &CatsNode::onTick);
  subscribe(timer_, &CatsNode::onFlush);
  subscribe(network_, &CatsNode::onOpRead);
  subscribe(network_, &CatsNode::onOpWrite);
  subscribe(network_, &CatsNode::onReadReply);
  subscribe(network_, &CatsNode::onWriteAck);
  subscribe(network_, &CatsNode::onRefused);
  subscribe(network_, &CatsNode::onPrepare);
  subscribe(network_, &CatsNode::onPromise);
  subscribe(network_, &CatsNode::onAccept);
  subscribe(network_, &CatsNode::onAccepted);
  subscribe(network_, &CatsNode::onPaxosRejected);
  subscribe(network_, &CatsNode::onViewDecided);
  subscribe(network_, &CatsNode::onViewQuery);
  subscribe(network_, &CatsNode::onHandoffRequest);
  subscribe(network_, &CatsNode::onHandoffData);
  subscribe(network_, &CatsNode::onGroupReady);
  subscribe(network_, &CatsNode::onLeaveNotice);
  subscribe(network_, &CatsNode::onVersionQuery);
  subscribe(network_, &CatsNode::onVersionReply);
  subscribe(network_, &CatsNode::onTombstoneQuery);
  subscribe(network_, &CatsNode::onTombstoneHeld);
}

void CatsNode::onStart() {
  incarnation_ = random().next() % 1000000007;
  recover();
  schedulePeriodic(timer_, config_.tick, config_.tick, Tick{});
}

// Views and acceptor state come back from the store; a node with no state
// at all that is the genesis node (the bootstrap node, else the smallest
// id) founds every slice with view 1 = {itself}.
void CatsNode::recover() {
  for (const auto& [name, bytes] : store_->scanMeta("group/")) {
    const std::uint32_t slice = static_cast<std::uint32_t>(std::stoul(name.substr(6), nullptr, 16));
    FieldReader in(bytes);
    Group g;
    std::uint64_t status = 0;
    bool ok = readView(in, g.view) && in.u64(status) && status <= 3 && in.u64(g.readyFrom) &&
              in.u64(g.readyTo) && in.flag(g.collected) && readBallot(in, g.promised) &&
              in.flag(g.hasAccepted) && readBallot(in, g.acceptedBallot) &&
              readView(in, g.acceptedView);
    if (!ok) throw std::runtime_error("cats: corrupt group record '" + name + "' in the store");
    g.status = static_cast<GroupStatus>(status);
    if (g.status == GroupStatus::Ready) g.readyKnown[self_.id] = g.view.vid;
    known_[slice] = g.view;
    groups_[slice] = std::move(g);
  }
  recoverTombstones();
  if (!groups_.empty()) {
    note("recovered " + std::to_string(groups_.size()) + " groups");
    return;
  }
  std::string genesis = context_.bootstrap;
  if (genesis.empty()) {
    genesis = self_.id;
    for (const auto& p : context_.peers) genesis = std::min(genesis, p.id);
  }
  if (genesis != self_.id) return;
  for (std::uint32_t s = 0; s < config_.slices; ++s) {
    Group& g = groups_[s];
    g.view = View{1, {self_.id}, {}};
    g.status = GroupStatus::Ready;
    g.readyFrom = g.readyTo = 1;
    g.readyKnown[self_.id] = 1;
    known_[s] = g.view;
    persistGroup(s);
  }
  if (auto s = store_->commit(); !s) throw std::runtime_error("cats: " + s.error());
  note("genesis: founded " + std::to_string(config_.slices) + " slices");
}

void CatsNode::persistGroup(std::uint32_t slice) {
  const Group& g = groups_.at(slice);
  FieldWriter out;
  writeView(out, g.view);
  out.u64(static_cast<std::uint64_t>(g.status)).u64(g.readyFrom).u64(g.readyTo).flag(g.collected);
  writeBallot(out, g.promised);
  out.flag(g.hasAccepted);
  writeBallot(out, g.acceptedBallot);
  writeView(out, g.acceptedView);
  store_->putMeta(groupRecordName(slice), out.bytes());
}

void CatsNode::onTick(const Tick&) {
  expireOperations();
  reconfigure();
  for (auto& [slice, g] : groups_) {
    if (g.status == GroupStatus::Joining &&
        (g.handoffSent.count() < 0 || now() - g.handoffSent >= config_.retransmit)) {
      requestHandoff(slice);
    }
  }
  if (now() - lastGossip_ >= config_.viewGossip) {
    lastGossip_ = now();
    gossipViews();
    if (config_.tombstoneHorizon.count() > 0) collectTombstones();
    // (Every view-gossip period, not every tick: counting keys scans the store.)
    if (board_) board_->publish(self_.id, infoText());
    if (leaving_) {
      for (const auto& id : live_) {
        if (id != self_.id) send(std::make_shared<const LeaveNotice>(self_, addressOf(id), true));
      }
    }
  }
  collectGarbage();
  if (leaving_ && !leftAnnounced_) {
    const bool inAny = std::any_of(groups_.begin(), groups_.end(), [](const auto& e) {
      return e.second.status == GroupStatus::Ready || e.second.status == GroupStatus::Joining;
    });
    if (!inAny) {
      leftAnnounced_ = true;
      say("left: no replication group has this node any more; it can be stopped");
      note("left the ring");
    }
  }
}

void CatsNode::onMembership(const onehop::MembershipChanged& m) {
  std::set<std::string> now;
  for (const auto& a : m.members) {
    now.insert(a.id);
    if (!addresses_.count(a.id)) addresses_[a.id] = a;
  }
  now.insert(self_.id);
  live_ = std::move(now);
  for (auto it = leavers_.begin(); it != leavers_.end();) {
    it = live_.count(*it) ? std::next(it) : leavers_.erase(it);
  }
}

void CatsNode::onLeaveNotice(const LeaveNotice& m) {
  if (m.leaving) {
    leavers_.insert(m.source.id);
  } else {
    leavers_.erase(m.source.id);
  }
}

Address CatsNode::addressOf(const std::string& id) const {
  auto it = addresses_.find(id);
  if (it != addresses_.end()) return it->second;
  Address a;
  a.id = id;
  return a;
}

std::vector<std::string> CatsNode::placementNodes() const {
  std::vector<std::string> out;
  for (const auto& id : live_) {
    if (leavers_.count(id) || (id == self_.id && leaving_)) continue;
    out.push_back(id);
  }
  return out;
}

std::vector<std::string> CatsNode::desired(std::uint32_t slice) const {
  return desiredGroup(slice, config_.slices, placementNodes(), config_.replication);
}

void CatsNode::send(std::shared_ptr<const runtime::Message> m) {
  if (store_->staged() > 0) {
    sendDurable(std::move(m));
    return;
  }
  trigger(m, network_);
}

// Group commit: messages that depend on staged state wait until one commit
// has made all of it durable. With the in-memory store the commit is free,
// so it happens at once; with LevelDB a zero-delay Flush lets every message
// already queued for this component stage its writes into the same sync.
void CatsNode::sendDurable(std::shared_ptr<const runtime::Message> m) {
  outbox_.push_back(std::move(m));
  if (config_.store == "memory") {
    onFlush(Flush{});
    return;
  }
  if (!flushScheduled_) {
    flushScheduled_ = true;
    scheduleTimeout(timer_, runtime::Duration(0), Flush{});
  }
}

void CatsNode::onFlush(const Flush&) {
  flushScheduled_ = false;
  if (store_->staged() > 0) {
    if (auto s = store_->commit(); !s) {
      // Nothing that depends on the lost writes may leave; peers retransmit.
      logError("cats: commit failed, " + std::to_string(outbox_.size()) +
               " messages withheld: " + s.error());
      outbox_.clear();
      return;
    }
  }
  auto out = std::move(outbox_);
  outbox_.clear();
  for (auto& m : out) trigger(m, network_);
}

void CatsNode::note(const std::string& text) const { logInfo("cats " + text); }

CatsNode::GroupInfo CatsNode::group(std::uint32_t slice) const {
  auto it = groups_.find(slice);
  if (it == groups_.end()) return {};
  return {it->second.view, it->second.status};
}

void CatsNode::inspect(runtime::StateWriter& out) const {
  out.set("ringId", static_cast<std::uint64_t>(nodePosition(self_.id)));
  std::vector<std::string> ring;
  for (const auto& id : placementNodes()) ring.push_back(id);
  std::vector<std::string> byPos(ring.begin(), ring.end());
  std::sort(byPos.begin(), byPos.end(), [](const std::string& a, const std::string& b) {
    return nodePosition(a) < nodePosition(b);
  });
  auto me = std::find(byPos.begin(), byPos.end(), self_.id);
  if (me != byPos.end() && byPos.size() > 1) {
    const std::size_t i = static_cast<std::size_t>(me - byPos.begin());
    out.set("predecessor", byPos[(i + byPos.size() - 1) % byPos.size()]);
    std::vector<std::string> successors;
    for (std::size_t k = 1; k < byPos.size() && k <= static_cast<std::size_t>(config_.replication);
         ++k) {
      successors.push_back(byPos[(i + k) % byPos.size()]);
    }
    out.setList("successors", successors);
  }
  std::vector<std::string> groups;
  for (const auto& [slice, g] : groups_) {
    if (g.status == GroupStatus::None) continue;
    std::string ready;
    for (const auto& [member, vid] : g.readyKnown) {
      if (vid >= g.view.vid) ready += (ready.empty() ? "" : ",") + member;
    }
    groups.push_back(std::to_string(slice) + " " + g.view.describe() + " " + toString(g.status) +
                     " keys " + std::to_string(g.collected ? 0 : store_->count(slice)) +
                     " ready [" + ready + "]" + (g.proposing ? " proposing" : ""));
  }
  out.setList("groups", groups);
  out.setList("live", std::vector<std::string>(live_.begin(), live_.end()));
  out.setList("leavers", std::vector<std::string>(leavers_.begin(), leavers_.end()));
  out.set("pendingOperations", static_cast<std::uint64_t>(operations_.size()));
  out.set("completed", completed_);
  out.set("failed", failed_);
  out.set("viewsInstalled", viewsInstalled_);
  out.set("tombstonesCollected", tombstonesCollected_);
  out.set("leaving", leaving_);
  for (const auto& key : watched_) {
    const auto v = store_->get(sliceOf(key, config_.slices), key);
    out.set("watch." + key, v ? describe(*v) : std::string("none"));
  }
}

}  // namespace catslab::cats
