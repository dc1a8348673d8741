// Majority-ack uniform reliable broadcast (Cachin, Guerraoui, Rodrigues,
// Algorithm 3.5), implementing UniformReliableBroadcast over BestEffortBroadcast.
//
// A process relays each message once and delivers it only after more than
// half of all processes have relayed it. Any delivering process thus knows a
// majority holds m, one of which is correct (assumption: a majority of
// processes is correct) and relays it to all: uniform agreement. Messages are
// identified by (origin, incarnation, sequence number); no duplication: a
// delivered set; no creation: only broadcast payloads.
//
// Restarts: as in EagerReliableBroadcast, a node restarted with the same id
// is a new process: its component draws a fresh 64-bit incarnation from
// random(), so its new messages are never mistaken for (or acked as) an old
// life's. Acks are counted per node id, whichever life of the node relayed m,
// so the majority assumption reads: more than half of the node ids stay up
// (neither crash nor restart) while a message is being disseminated.
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

struct UrbData : runtime::EventOf<UrbData, Payload> {
  UrbData(runtime::Address o, std::uint64_t life, std::uint64_t s, PayloadPtr p)
      : origin(std::move(o)), incarnation(life), seq(s), payload(std::move(p)) {}
  // The incarnation is left out, as in RbData::describe().
  std::string describe() const override {
    return "UrbData " + origin.id + "#" + std::to_string(seq) + " " + payload->describe();
  }
  runtime::Address origin;
  std::uint64_t incarnation;  // random per life of the origin's component
  std::uint64_t seq;
  PayloadPtr payload;
};

class MajorityAckUrb : public runtime::ComponentDefinition {
 public:
  MajorityAckUrb(runtime::Address self, std::size_t processes);
  void inspect(runtime::StateWriter& out) const override;

 private:
  using MessageId = std::tuple<std::string, std::uint64_t, std::uint64_t>;  // origin, life, seq

  void onBroadcast(const UrbBroadcast& request);
  void onBebDeliver(const BebDeliver& d);
  bool canDeliver(const MessageId& id) const;

  runtime::Negative<UniformReliableBroadcast> urb_ = provide<UniformReliableBroadcast>();
  runtime::Positive<BestEffortBroadcast> beb_ = require<BestEffortBroadcast>();

  runtime::Address self_;
  std::size_t processes_;
  std::uint64_t incarnation_;
  std::uint64_t seq_ = 0;
  std::map<MessageId, std::shared_ptr<const UrbData>> pending_;
  std::map<MessageId, std::set<std::string>> acks_;  // ids of the nodes that relayed m
  std::set<MessageId> delivered_;
  std::map<std::string, std::set<std::uint64_t>> lives_;  // incarnations seen, by origin id
};

}  // namespace catslab::protocols
