// Consensus-based uniform total-order broadcast (Cachin, Guerraoui, Rodrigues,
// Algorithm 6.2), implementing TotalOrderBroadcast over ReliableBroadcast and
// (multi-instance) Consensus.
//
// Messages are first disseminated with reliable broadcast into an `unordered`
// set. In round r every process with unordered messages proposes that set to
// consensus instance r; the decided batch is delivered in a deterministic
// order (by origin, incarnation, then sequence number), minus what was
// delivered before,
// and round r + 1 starts. Every process delivers the same batches in the same
// rounds (consensus agreement), hence the same sequence: total order; RB's
// agreement makes every correct process eventually propose what any correct
// process has, so every message of a correct sender is eventually ordered.
// Messages are identified by (origin, incarnation, sequence number): no
// duplication; only broadcast messages are proposed: no creation.
//
// Restarts: a node restarted with the same id (Simulation::restartNode,
// catslab-node started again) is a new process. Each ConsensusTob instance
// draws a 64-bit incarnation from random() when it is created and numbers its
// messages 1, 2, ... within it; the runtime gives a component recreated at the
// same path a fresh stream, so a new life's messages are never taken for
// duplicates of an old life's (two lives drawing the same incarnation has
// probability ~2^-64 per pair). A restarted process starts again at round 1
// and re-learns the decided batches from consensus, so it delivers the whole
// sequence again, its earlier lives' messages included, each once. Paxos keeps
// no acceptor state across a restart (no stable storage), so consensus, and
// thus total order, assumes a node restarts only after the instances it voted
// in are decided.
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
  TobMessage(std::string o, std::uint64_t life, std::uint64_t s, std::string t)
      : origin(std::move(o)), incarnation(life), seq(s), text(std::move(t)) {}
  // The incarnation is left out, as in RbData::describe(): lives differ only
  // after a restart, and inspect() tells them apart.
  std::string describe() const override {
    return "TobMessage " + origin + "#" + std::to_string(seq) + " " + text;
  }
  std::string origin;         // node id
  std::uint64_t incarnation;  // random per life of the origin's component
  std::uint64_t seq;
  std::string text;
};

// A batch as a consensus value: length-prefixed fields, so any text survives.
struct TobEntry {
  std::string origin;
  std::uint64_t incarnation = 0;
  std::uint64_t seq = 0;
  std::string text;
  auto operator<=>(const TobEntry&) const = default;
};
std::string encodeBatch(const std::vector<TobEntry>& batch);
// Throws std::runtime_error("malformed total-order batch...") on bad input.
std::vector<TobEntry> decodeBatch(const std::string& value);

class ConsensusTob : public runtime::ComponentDefinition {
 public:
  ConsensusTob(runtime::Address self, std::vector<runtime::Address> all);
  void inspect(runtime::StateWriter& out) const override;

 private:
  using MessageId = std::tuple<std::string, std::uint64_t, std::uint64_t>;  // origin, life, seq

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
  std::uint64_t incarnation_;
  std::uint64_t seq_ = 0;
  std::map<MessageId, std::string> unordered_;
  std::set<MessageId> delivered_;
  std::uint64_t round_ = 1;                         // consensus instance of the current round
  bool waiting_ = false;                            // proposed in round_, waiting for its decision
  std::map<std::uint64_t, std::string> decisions_;  // decided, not yet processed
  std::vector<MessageId> log_;                      // delivered, in order
  std::map<std::string, std::set<std::uint64_t>> lives_;  // incarnations delivered, by origin
};

}  // namespace catslab::protocols
