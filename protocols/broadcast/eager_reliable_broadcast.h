// Eager reliable broadcast (Cachin, Guerraoui, Rodrigues, Algorithm 3.3),
// implementing ReliableBroadcast over BestEffortBroadcast.
//
// Every process relays a message the first time it delivers it, so if any
// correct process delivers m, it has BEB-broadcast m and every correct
// process delivers it too (agreement). Messages are identified by
// (origin, incarnation, sequence number): no duplication; only broadcast
// messages are relayed: no creation. Fail-stop free: it needs no failure
// detector.
//
// Restarts: the textbook model is crash-stop, so a node restarted with the
// same id (Simulation::restartNode, catslab-node started again) is treated
// as a new process. Each component instance draws a 64-bit incarnation from
// random() when it is created and numbers its broadcasts 1, 2, ... within
// it; the runtime gives a component recreated at the same path a fresh
// stream (and catslab-node seeds from the OS unless --seed), so a new life's
// messages do not collide with an old life's. Two lives drawing the same
// incarnation (probability ~2^-64 per pair, but certain for a catslab-node
// started again with the same explicit --seed) would make the later one's
// messages look like duplicates. A restarted process delivers what is
// broadcast from its restart on, plus whatever older messages still reach it
// (once each, even if its earlier life delivered them: it is a new process).
//
// Owned by its parent; single-threaded like every component.
#pragma once

#include <map>
#include <set>
#include <string>
#include <tuple>

#include "protocols/broadcast/broadcast_ports.h"
#include "runtime/component.h"

namespace catslab::protocols {

// The relayed envelope: who broadcast the payload first, in which life of
// that node, and its number there.
struct RbData : runtime::EventOf<RbData, Payload> {
  RbData(runtime::Address o, std::uint64_t life, std::uint64_t s, PayloadPtr p)
      : origin(std::move(o)), incarnation(life), seq(s), payload(std::move(p)) {}
  // A message of incarnation 0, for messages built by hand (tests, tools).
  RbData(runtime::Address o, std::uint64_t s, PayloadPtr p) : RbData(std::move(o), 0, s, p) {}
  // The incarnation is left out: a trace line names a message the way a user
  // does, and lives differ only after a restart (inspect() tells them apart).
  std::string describe() const override {
    return "RbData " + origin.id + "#" + std::to_string(seq) + " " + payload->describe();
  }
  runtime::Address origin;
  std::uint64_t incarnation;  // random per life of the origin's component
  std::uint64_t seq;
  PayloadPtr payload;
};

class EagerReliableBroadcast : public runtime::ComponentDefinition {
 public:
  explicit EagerReliableBroadcast(runtime::Address self);
  void inspect(runtime::StateWriter& out) const override;

 private:
  using MessageId = std::tuple<std::string, std::uint64_t, std::uint64_t>;  // origin, life, seq

  void onBroadcast(const RbBroadcast& request);
  void onBebDeliver(const BebDeliver& d);

  runtime::Negative<ReliableBroadcast> rb_ = provide<ReliableBroadcast>();
  runtime::Positive<BestEffortBroadcast> beb_ = require<BestEffortBroadcast>();

  runtime::Address self_;
  std::uint64_t incarnation_;
  std::uint64_t seq_ = 0;
  std::set<MessageId> delivered_;
  std::map<std::string, std::set<std::uint64_t>> lives_;  // incarnations seen, by origin id
};

// How inspect() shows a life: the first four hex digits of its incarnation.
std::string lifeTag(std::uint64_t incarnation);

// How inspect() names a message: "n1#3", or "n1.<lifeTag>#3" once more than
// one life of n1 is known here (the common case, no restart, stays short).
std::string broadcastMessageName(const std::string& origin, std::uint64_t incarnation,
                                 std::uint64_t seq, bool showLife);

}  // namespace catslab::protocols
