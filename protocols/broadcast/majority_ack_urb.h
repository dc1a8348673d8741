// Majority-ack uniform reliable broadcast (Cachin, Guerraoui, Rodrigues,
// Algorithm 3.5), implementing UniformReliableBroadcast over BestEffortBroadcast.
//
// A process relays each message once and delivers it only after more than
// half of all processes have relayed it. Any delivering process thus knows a
// majority holds m, one of which is correct (assumption: a majority of
// processes is correct) and relays it to all: uniform agreement. No
// duplication: a delivered set; no creation: only broadcast payloads.
//
// Owned by its parent; single-threaded like every component.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>

#include "protocols/broadcast/broadcast_ports.h"
#include "runtime/component.h"

namespace catslab::protocols {

struct UrbData : runtime::EventOf<UrbData, Payload> {
  UrbData(runtime::Address o, std::uint64_t s, PayloadPtr p)
      : origin(std::move(o)), seq(s), payload(std::move(p)) {}
  std::string describe() const override {
    return "UrbData " + origin.id + "#" + std::to_string(seq) + " " + payload->describe();
  }
  runtime::Address origin;
  std::uint64_t seq;
  PayloadPtr payload;
};

class MajorityAckUrb : public runtime::ComponentDefinition {
 public:
  MajorityAckUrb(runtime::Address self, std::size_t processes);
  void inspect(runtime::StateWriter& out) const override;

 private:
  using MessageId = std::pair<std::string, std::uint64_t>;  // (origin id, seq)

  void onBroadcast(const UrbBroadcast& request);
  void onBebDeliver(const BebDeliver& d);
  bool canDeliver(const MessageId& id) const;

  runtime::Negative<UniformReliableBroadcast> urb_ = provide<UniformReliableBroadcast>();
  runtime::Positive<BestEffortBroadcast> beb_ = require<BestEffortBroadcast>();

  runtime::Address self_;
  std::size_t processes_;
  std::uint64_t seq_ = 0;
  std::map<MessageId, std::shared_ptr<const UrbData>> pending_;
  std::map<MessageId, std::set<std::string>> acks_;
  std::set<MessageId> delivered_;
};

}  // namespace catslab::protocols
