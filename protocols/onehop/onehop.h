// One-hop routing (after Gupta, Liskov, Rodrigues, "One Hop Lookups for
// Peer-to-Peer Overlays", HotOS 2003): every node keeps the full membership,
// so route(key) goes straight to the key's successor on the Chord circle
// (protocols/chord/ring.h) in one hop.
//
// Membership: each node has an incarnation (its start time, as
// epochTime(): wall-clock in a real process, so a restart is newer) and a heartbeat
// it increments every period; every period it exchanges its table, push-
// pull, with a random member (or the bootstrap node while it knows nobody).
// Tables merge by keeping the highest (incarnation, heartbeat). Each record
// carries its age in periods since its node
// produced that heartbeat; holders age it every period. A member whose
// record is older than failTimeout is removed and remembered as dead until a
// newer heartbeat appears. Because the age travels with the record, a
// crashed node's last heartbeat expires at about the same time everywhere,
// however late it reached a node (with a local "last heard" clock, a late
// copy restarted the countdown and the dead node lingered for seconds). This replaces the paper's
// slice/unit-leader hierarchy with flat gossip: simpler, O(N) bytes per
// exchange, fine for lab-sized systems; the routing is the paper's.
//
// Islands: every kMergeRounds periods a node also exchanges with a random
// node of the topology, so memberships that split (each side removed the
// other) merge again, like Chord's ring unification.
//
// Properties: once churn stops, after failTimeout plus O(log N) exchange
// periods, every live node's membership is exactly the live set, and then
// route(key) reaches the responsible node in one hop. While views disagree a
// request may take a second hop (the receiver forwards it).
//
// Ports: provides OneHopRouting and Console (members, route <key>, help);
// requires Network and Timer. Top of the "onehop" stack.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "protocols/common/console_stack.h"
#include "protocols/onehop/onehop_messages.h"
#include "protocols/onehop/onehop_port.h"
#include "runtime/result.h"
#include "runtime/stack_registry.h"

namespace catslab::protocols::onehop {

struct OneHopConfig {
  runtime::Duration period = std::chrono::milliseconds(200);
  runtime::Duration failTimeout = std::chrono::milliseconds(2000);
  int maxHops = 3;

  // Stack parameters "period_ms", "fail_ms".
  static runtime::Result<OneHopConfig> fromParams(const std::map<std::string, std::string>& p);
};

class OneHop : public ConsoleStack {
 public:
  OneHop(runtime::StackContext context, OneHopConfig config);
  void inspect(runtime::StateWriter& out) const override;
  // The live members this node knows, itself included.
  std::vector<Address> members() const;

 private:
  struct Member {
    MemberRecord record;  // record.age grows by one every period
  };
  struct Tick : runtime::EventOf<Tick, runtime::Timeout> {};

  void onStart() override;
  void onTick(const Tick&);
  void onExchange(const MembershipExchange& m);
  void onRouteRequest(const RouteRequest& m);
  void onReached(const RouteReached& m);
  void onRoute(const Route& r);
  bool handleCommand(const CommandLine& cmd, std::uint64_t id) override;
  std::vector<std::string> helpLines() const override;
  void merge(const MemberRecord& r);
  void announceIfChanged();
  std::vector<MemberRecord> table() const;
  void routeTo(chord::RingId key, const std::string& payload, const Address& origin,
               std::uint64_t id, int hops);

  runtime::StackContext context_;
  OneHopConfig config_;
  MemberRecord self_;
  std::map<std::string, Member> members_;                                // others, by id
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> dead_;  // last (inc, hb)
  std::uint64_t nextRoute_ = 0;
  std::map<std::uint64_t, std::uint64_t> consoleRoutes_;  // route id -> console id
  std::uint64_t routed_ = 0;
  std::uint64_t received_ = 0;
  std::vector<std::string> announced_;              // member ids last sent in MembershipChanged
  static constexpr std::uint64_t kMergeRounds = 5;  // periods between exchanges with any peer
  std::uint64_t rounds_ = 0;

  // Console, Network and Timer come from ConsoleStack.
  runtime::Negative<OneHopRouting> routing_ = provide<OneHopRouting>();
};

}  // namespace catslab::protocols::onehop
