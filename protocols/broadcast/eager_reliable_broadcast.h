// Eager reliable broadcast (Cachin, Guerraoui, Rodrigues, Algorithm 3.3),
// implementing ReliableBroadcast over BestEffortBroadcast.
//
// Every process relays a message the first time it delivers it, so if any
// correct process delivers m, it has BEB-broadcast m and every correct
// process delivers it too (agreement). Messages are identified by
// (origin, sequence number): no duplication; only broadcast messages are
// relayed: no creation. Fail-stop free: it needs no failure detector.
//
// Owned by its parent; single-threaded like every component.
#pragma once

#include <set>
#include <string>
#include <utility>

#include "protocols/broadcast/broadcast_ports.h"
#include "runtime/component.h"

namespace catslab::protocols {

// The relayed envelope: who broadcast the payload first, and its number there.
struct RbData : runtime::EventOf<RbData, Payload> {
  RbData(runtime::Address o, std::uint64_t s, PayloadPtr p)
      : origin(std::move(o)), seq(s), payload(std::move(p)) {}
  std::string describe() const override {
    return "RbData " + origin.id + "#" + std::to_string(seq) + " " + payload->describe();
  }
  runtime::Address origin;
  std::uint64_t seq;
  PayloadPtr payload;
};

class EagerReliableBroadcast : public runtime::ComponentDefinition {
 public:
  explicit EagerReliableBroadcast(runtime::Address self);
  void inspect(runtime::StateWriter& out) const override;

 private:
  void onBroadcast(const RbBroadcast& request);
  void onBebDeliver(const BebDeliver& d);

  runtime::Negative<ReliableBroadcast> rb_ = provide<ReliableBroadcast>();
  runtime::Positive<BestEffortBroadcast> beb_ = require<BestEffortBroadcast>();

  runtime::Address self_;
  std::uint64_t seq_ = 0;
  std::set<std::pair<std::string, std::uint64_t>> delivered_;  // (origin id, seq)
};

}  // namespace catslab::protocols
