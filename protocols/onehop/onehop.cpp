// One-hop routing over gossiped full membership.
#include "protocols/onehop/onehop.h"

#include <algorithm>

#include "protocols/common/params.h"

namespace catslab::protocols::onehop {

using chord::RingId;

runtime::Result<OneHopConfig> OneHopConfig::fromParams(
    const std::map<std::string, std::string>& p) {
  OneHopConfig c;
  const auto period = paramPositiveInt(p, "period_ms", 200);
  const auto fail = paramPositiveInt(p, "fail_ms", 2000);
  if (auto s = firstFailure(period, fail); !s) return s;
  if (*fail <= 2 * *period) {
    return runtime::Result<OneHopConfig>::failure(
        "parameter 'fail_ms': " + std::to_string(*fail) + " must exceed two periods (2 x " +
        std::to_string(*period) + " ms), or live members get removed");
  }
  c.period = std::chrono::milliseconds(*period);
  c.failTimeout = std::chrono::milliseconds(*fail);
  return c;
}

OneHop::OneHop(runtime::StackContext context, OneHopConfig config)
    : ConsoleStack(HelpStyle::kOneLine), context_(std::move(context)), config_(config) {
  self_.address = context_.self;
  subscribe(timer_, &OneHop::onTick);
  subscribe(network_, &OneHop::onExchange);
  subscribe(network_, &OneHop::onRouteRequest);
  subscribe(network_, &OneHop::onReached);
  subscribe(routing_, &OneHop::onRoute);
}

void OneHop::onStart() {
  // A restarted node must look newer than its previous life. now() counts
  // from each process's start, so a real restart would read about the same
  // value again and the other nodes would ignore the new life for ever
  // (kept dead until a newer incarnation): epochTime() orders lives.
  self_.incarnation = static_cast<std::uint64_t>(epochTime().count()) + 1;
  schedulePeriodic(timer_, runtime::Duration(0), config_.period, Tick{});
}

// Every period: heartbeat++, drop members silent for failTimeout, and
// exchange tables with a random member (the bootstrap node if none).
void OneHop::onTick(const Tick&) {
  ++self_.heartbeat;
  const auto maxAge = static_cast<std::uint32_t>(config_.failTimeout / config_.period);
  for (auto it = members_.begin(); it != members_.end();) {
    if (++it->second.record.age > maxAge) {
      dead_[it->first] = {it->second.record.incarnation, it->second.record.heartbeat};
      it = members_.erase(it);
    } else {
      ++it;
    }
  }
  std::optional<Address> partner;
  if (!members_.empty()) {
    auto it = members_.begin();
    std::advance(it, static_cast<long>(random().below(members_.size())));
    partner = it->second.record.address;
  } else if (!context_.bootstrap.empty() && context_.bootstrap != context_.self.id) {
    for (const auto& p : context_.peers) {
      if (p.id == context_.bootstrap) partner = p;
    }
  }
  if (partner) trigger(MembershipExchange(context_.self, *partner, table(), true), network_);
  // Islands merge: every kMergeRounds periods, also exchange with a random
  // node of the topology, known or not. Without it two groups that each
  // believe the other dead (a bootstrap node restarted while the others
  // had removed it) gossip among themselves forever.
  if (++rounds_ % kMergeRounds == 0 && !context_.peers.empty()) {
    const auto& peer = context_.peers[random().below(context_.peers.size())];
    if (!partner || !(peer == *partner)) {
      trigger(MembershipExchange(context_.self, peer, table(), true), network_);
    }
  }
  announceIfChanged();
}

// Layers above (the CATS store) place data by the live membership.
void OneHop::announceIfChanged() {
  std::vector<std::string> ids{context_.self.id};
  for (const auto& [id, m] : members_) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  if (ids == announced_) return;
  announced_ = ids;
  auto list = members();
  std::sort(list.begin(), list.end());
  trigger(MembershipChanged(std::move(list)), routing_);
}

void OneHop::onExchange(const MembershipExchange& m) {
  for (const auto& r : m.members) merge(r);
  announceIfChanged();
  if (m.wantReply) trigger(MembershipExchange(context_.self, m.source, table(), false), network_);
}

// Keep the highest (incarnation, heartbeat); a removed member comes back
// only with something newer than what it had when it was removed.
void OneHop::merge(const MemberRecord& r) {
  if (r.address == context_.self) return;
  const auto version = std::make_pair(r.incarnation, r.heartbeat);
  if (auto d = dead_.find(r.address.id); d != dead_.end()) {
    if (version <= d->second) return;
    dead_.erase(d);
  }
  const auto maxAge = static_cast<std::uint32_t>(config_.failTimeout / config_.period);
  auto it = members_.find(r.address.id);
  if (it == members_.end()) {
    if (r.age <= maxAge) members_.emplace(r.address.id, Member{r});
    return;
  }
  MemberRecord& known = it->second.record;
  const auto knownVersion = std::make_pair(known.incarnation, known.heartbeat);
  // A copy of the version already held is ignored, even if it claims to be
  // younger: nodes age their copies at different moments, and taking the
  // younger one back and forth would keep a dead member's record young.
  if (version > knownVersion) known = r;
}

std::vector<MemberRecord> OneHop::table() const {
  std::vector<MemberRecord> out{self_};
  for (const auto& [id, m] : members_) out.push_back(m.record);
  return out;
}

std::vector<Address> OneHop::members() const {
  std::vector<Address> out{context_.self};
  for (const auto& [id, m] : members_) out.push_back(m.record.address);
  return out;
}

// route(key): send straight to successor(key) in the full membership.
void OneHop::routeTo(RingId key, const std::string& payload, const Address& origin,
                     std::uint64_t id, int hops) {
  const Address target = *chord::responsibleFor(key, members());
  if (target == context_.self || hops >= config_.maxHops) {
    ++received_;
    trigger(Received(key, payload, origin), routing_);
    if (origin == context_.self) {
      onReached(RouteReached(context_.self, context_.self, key, id, hops));
    } else {
      trigger(RouteReached(context_.self, origin, key, id, hops), network_);
    }
    return;
  }
  trigger(RouteRequest(context_.self, target, key, payload, origin, id, hops + 1), network_);
}

void OneHop::onRouteRequest(const RouteRequest& m) {
  routeTo(m.key, m.payload, m.origin, m.id, m.hops);
}

void OneHop::onReached(const RouteReached& m) {
  ++routed_;
  trigger(Routed(m.key, m.id, m.source, m.hops), routing_);
  if (auto it = consoleRoutes_.find(m.id); it != consoleRoutes_.end()) {
    reply("key " + std::to_string(m.key) + " -> " + m.source.id + " (" + std::to_string(m.hops) +
              " hops)",
          it->second);
    consoleRoutes_.erase(it);
  }
}

void OneHop::onRoute(const Route& r) { routeTo(r.key, r.payload, context_.self, r.id, 0); }

bool OneHop::handleCommand(const CommandLine& cmd, std::uint64_t id) {
  if (cmd.verb == "members") {
    std::string text = std::to_string(members_.size() + 1) + " members:";
    for (const auto& a : chord::sortedByRing(members())) text += " " + a.id;
    reply(text, id);
  } else if (cmd.verb == "route") {
    if (cmd.args.empty()) {
      replyError("usage: route <key>", id);
      return true;
    }
    const std::string& key = cmd.args[0];
    const std::uint64_t routeId = (std::uint64_t{1} << 63) | ++nextRoute_;
    consoleRoutes_[routeId] = id;
    routeTo(chord::ringKey(key), key, context_.self, routeId, 0);
  } else {
    return false;
  }
  return true;
}

std::vector<std::string> OneHop::helpLines() const { return {"members", "route <key>"}; }

void OneHop::inspect(runtime::StateWriter& out) const {
  out.set("incarnation", self_.incarnation);
  out.set("heartbeat", self_.heartbeat);
  out.set("membershipSize", static_cast<std::uint64_t>(members_.size() + 1));
  std::vector<std::string> list;
  for (const auto& [id, m] : members_)
    list.push_back(id + " hb " + std::to_string(m.record.heartbeat) + " age " +
                   std::to_string(m.record.age));
  out.setList("members", list);
  std::vector<std::string> dead;
  for (const auto& [id, v] : dead_) dead.push_back(id);
  out.setList("removed", dead);
  out.set("routed", routed_);
  out.set("received", received_);
}

namespace {
const runtime::StackRegistry::Registration kOneHopStack({
    "onehop",
    "One-hop router (after Gupta et al.): full membership by gossip, route(key) straight to "
    "the key's successor; commands members, route <key>",
    [](runtime::ComponentDefinition& parent, const runtime::StackContext& ctx) {
      return runtime::ComponentRef(runtime::StackBuilder::createIn<OneHop>(
          parent, "onehop", ctx, stackConfig("onehop", OneHopConfig::fromParams(ctx.params))));
    },
});
}  // namespace

}  // namespace catslab::protocols::onehop
