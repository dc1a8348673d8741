// State-machine replication over total-order broadcast (Schneider; Cachin et
// al. 6.3): a command is total-order broadcast, and every replica applies
// each delivered command to its KvStateMachine in delivery order. TOB's total
// order and agreement give every replica the same sequence; the replica that
// submitted a command answers its client when it applies it.
//
// A command is identified by (replica id, incarnation, local number): each
// ReplicatedKv draws a 64-bit incarnation from random() when it is created.
// A replica restarted with the same id (Simulation::restartNode, catslab-node
// started again) re-learns and re-applies the whole command log from TOB,
// its earlier lives' commands included; the incarnation keeps it from taking
// one of those for its own new command of the same number (and answering a
// client with another command's result). Clients of an earlier life are
// never answered: their replica is gone.
// Implements ReplicatedStateMachine over TotalOrderBroadcast.
// Owned by its parent; single-threaded like every component.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "protocols/rsm/kv_state_machine.h"
#include "protocols/rsm/rsm_port.h"
#include "protocols/tob/tob_port.h"
#include "runtime/component.h"

namespace catslab::protocols {

class ReplicatedKv : public runtime::ComponentDefinition {
 public:
  explicit ReplicatedKv(runtime::Address self);
  void inspect(runtime::StateWriter& out) const override;
  const KvStateMachine& machine() const { return machine_; }

 private:
  void onExecute(const Execute& e);
  void onTobDeliver(const TobDeliver& d);
  void onDescribe(const Describe& d);
  std::vector<std::string> logLines() const;

  struct Applied {
    std::string origin;  // replica id
    std::uint64_t incarnation;
    std::uint64_t seq;
    std::string command;
  };

  runtime::Negative<ReplicatedStateMachine> rsm_ = provide<ReplicatedStateMachine>();
  runtime::Positive<TotalOrderBroadcast> tob_ = require<TotalOrderBroadcast>();

  runtime::Address self_;
  std::uint64_t incarnation_;
  std::uint64_t submitted_ = 0;
  std::map<std::uint64_t, std::uint64_t> waiting_;  // local sequence -> client id
  KvStateMachine machine_;
  std::vector<Applied> applied_;                          // in order
  std::map<std::string, std::set<std::uint64_t>> lives_;  // incarnations applied, by replica id
};

}  // namespace catslab::protocols
