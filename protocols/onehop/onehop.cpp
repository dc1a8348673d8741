// One-hop routing over gossiped full membership.
#include "protocols/onehop/onehop.h"

#include <sstream>

namespace catslab::protocols::onehop {

using chord::RingId;

runtime::Result<OneHopConfig> OneHopConfig::fromParams(
    const std::map<std::string, std::string>& p) {
  OneHopConfig c;
  int period = 200, fail = 2000;
  auto read = [&](const char* key, int& out) -> runtime::Status {
    auto it = p.find(key);
    if (it == p.end()) return runtime::Status::ok();
    try {
      std::size_t used = 0;
      const int v = std::stoi(it->second, &used);
      if (used == it->second.size() && v > 0) {
        out = v;
        return runtime::Status::ok();
      }
    } catch (const std::exception&) {
    }
    return runtime::Status::failure(std::string("parameter '") + key +
                                    "': expected a positive integer, got '" + it->second + "'");
  };
  for (auto s : {read("period_ms", period), read("fail_ms", fail)}) {
    if (!s) return runtime::Result<OneHopConfig>::failure(s.error());
  }
  if (fail <= 2 * period) {
    return runtime::Result<OneHopConfig>::failure(
        "parameter 'fail_ms': must exceed two periods, or live members get removed");
  }
  c.period = std::chrono::milliseconds(period);
  c.failTimeout = std::chrono::milliseconds(fail);
  return c;
}

OneHop::OneHop(runtime::StackContext context, OneHopConfig config)
    : context_(std::move(context)), config_(config) {
  self_.address = context_.self;
  subscribe(timer_, &OneHop::onTick);
  subscribe(net_, &OneHop::onExchange);
  subscribe(net_, &OneHop::onRouteRequest);
  subscribe(net_, &OneHop::onReached);
  subscribe(routing_, &OneHop::onRoute);
  subscribe(console_, &OneHop::onCommand);
}

void OneHop::onStart() {
  // A restarted node must look newer than its previous life.
  self_.incarnation = static_cast<std::uint64_t>(now().count()) + 1;
  schedulePeriodic(timer_, runtime::Duration(0), config_.period, Tick{});
}

// Every period: heartbeat++, drop members silent for failTimeout, and
// exchange tables with a random member (the bootstrap node if none).
void OneHop::onTick(const Tick&) {
  ++self_.heartbeat;
  for (auto it = members_.begin(); it != members_.end();) {
    if (now() - it->second.lastGrowth > config_.failTimeout) {
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
  if (partner) trigger(MembershipExchange(context_.self, *partner, table(), true), net_);
}

void OneHop::onExchange(const MembershipExchange& m) {
  for (const auto& r : m.members) merge(r);
  if (m.wantReply) trigger(MembershipExchange(context_.self, m.source, table(), false), net_);
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
  auto it = members_.find(r.address.id);
  if (it == members_.end()) {
    members_.emplace(r.address.id, Member{r, now()});
  } else if (version > std::make_pair(it->second.record.incarnation, it->second.record.heartbeat)) {
    it->second = Member{r, now()};
  }
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
      trigger(RouteReached(context_.self, origin, key, id, hops), net_);
    }
    return;
  }
  trigger(RouteRequest(context_.self, target, key, payload, origin, id, hops + 1), net_);
}

void OneHop::onRouteRequest(const RouteRequest& m) {
  routeTo(m.key, m.payload, m.origin, m.id, m.hops);
}

void OneHop::onReached(const RouteReached& m) {
  ++routed_;
  trigger(Routed(m.key, m.id, m.source, m.hops), routing_);
  if (auto it = consoleRoutes_.find(m.id); it != consoleRoutes_.end()) {
    trigger(runtime::ConsoleOutput("key " + std::to_string(m.key) + " -> " + m.source.id + " (" +
                                       std::to_string(m.hops) + " hops)",
                                   false, it->second),
            console_);
    consoleRoutes_.erase(it);
  }
}

void OneHop::onRoute(const Route& r) { routeTo(r.key, r.payload, context_.self, r.id, 0); }

void OneHop::onCommand(const runtime::ConsoleCommand& c) {
  std::istringstream in(c.line);
  std::string verb;
  in >> verb;
  if (verb.empty()) return;
  auto say = [&](const std::string& text, bool error = false) {
    trigger(runtime::ConsoleOutput(text, error, c.id), console_);
  };
  if (verb == "help") {
    say("commands: members | route <key> | help");
  } else if (verb == "members") {
    std::string text = std::to_string(members_.size() + 1) + " members:";
    for (const auto& a : chord::sortedByRing(members())) text += " " + a.id;
    say(text);
  } else if (verb == "route") {
    std::string key;
    in >> key;
    if (key.empty()) return say("error: usage: route <key>", true);
    const std::uint64_t id = (std::uint64_t{1} << 63) | ++nextRoute_;
    consoleRoutes_[id] = c.id;
    routeTo(chord::ringKey(key), key, context_.self, id, 0);
  } else {
    say("error: unknown command '" + verb + "' (try 'help')", true);
  }
}

void OneHop::inspect(runtime::StateWriter& out) const {
  out.set("incarnation", self_.incarnation);
  out.set("heartbeat", self_.heartbeat);
  out.set("membershipSize", static_cast<std::uint64_t>(members_.size() + 1));
  std::vector<std::string> list;
  for (const auto& [id, m] : members_)
    list.push_back(id + " hb " + std::to_string(m.record.heartbeat));
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
      auto config = OneHopConfig::fromParams(ctx.params);
      if (!config) throw std::invalid_argument("onehop stack: " + config.error());
      return runtime::ComponentRef(
          runtime::StackBuilder::createIn<OneHop>(parent, "onehop", ctx, *config));
    },
});
}  // namespace

}  // namespace catslab::protocols::onehop
