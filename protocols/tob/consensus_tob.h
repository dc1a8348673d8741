// Consensus-based uniform total-order broadcast (Cachin, Guerraoui, Rodrigues,
// Algorithm 6.2), implementing TotalOrderBroadcast over ReliableBroadcast and
// (multi-instance) Consensus.
//
// Messages are first disseminated with reliable broadcast into an `unordered`
// set. In round r every process with unordered messages proposes that set to
// consensus instance r; the decided batch is delivered in a deterministic
// order (by origin, then sequence number), minus what was delivered before,
// and round r + 1 starts. Every process delivers the same batches in the same
// rounds (consensus agreement), hence the same sequence: total order; RB's
// agreement makes every correct process eventually propose what any correct
// process has, so every message of a correct sender is eventually ordered.
//
// Owned by its parent; single-threaded like every component.
#pragma once

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "protocols/broadcast/broadcast_ports.h"
#include "protocols/paxos/consensus_port.h"
#include "protocols/tob/tob_port.h"
#include "runtime/component.h"

namespace catslab::protocols {

struct TobMessage : runtime::EventOf<TobMessage, Payload> {
  TobMessage(std::string o, std::uint64_t s, std::string t)
      : origin(std::move(o)), seq(s), text(std::move(t)) {}
  std::string origin;  // node id
  std::uint64_t seq;
  std::string text;
};

// A batch as a consensus value: length-prefixed fields, so any text survives.
struct TobEntry {
  std::string origin;
  std::uint64_t seq = 0;
  std::string text;
  auto operator<=>(const TobEntry&) const = default;
};
std::string encodeBatch(const std::vector<TobEntry>& batch);
std::vector<TobEntry> decodeBatch(const std::string& value);

class ConsensusTob : public runtime::ComponentDefinition {
 public:
  ConsensusTob(runtime::Address self, std::vector<runtime::Address> all);
  void inspect(runtime::StateWriter& out) const override;

 private:
  using MessageId = std::pair<std::string, std::uint64_t>;

  void onBroadcast(const TobBroadcast& request);
  void onRbDeliver(const RbDeliver& d);
  void onDecide(const Decide& d);
  void proposeIfReady();
  void deliverDecided();

  runtime::Negative<TotalOrderBroadcast> tob_ = provide<TotalOrderBroadcast>();
  runtime::Positive<ReliableBroadcast> rb_ = require<ReliableBroadcast>();
  runtime::Positive<Consensus> consensus_ = require<Consensus>();

  runtime::Address self_;
  std::map<std::string, runtime::Address> nodes_;  // by id
  std::uint64_t seq_ = 0;
  std::map<MessageId, std::string> unordered_;
  std::set<MessageId> delivered_;
  std::uint64_t round_ = 1;                         // consensus instance of the current round
  bool waiting_ = false;                            // proposed in round_, waiting for its decision
  std::map<std::uint64_t, std::string> decisions_;  // decided, not yet processed
  std::vector<std::string> log_;                    // delivered, in order
};

}  // namespace catslab::protocols
