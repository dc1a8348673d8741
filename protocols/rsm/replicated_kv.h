// State-machine replication over total-order broadcast (Schneider; Cachin et
// al. 6.3): a command is total-order broadcast, and every replica applies
// each delivered command to its KvStateMachine in delivery order. TOB's total
// order and agreement give every replica the same sequence; the replica that
// submitted a command answers its client when it applies it.
// Implements ReplicatedStateMachine over TotalOrderBroadcast.
// Owned by its parent; single-threaded like every component.
#pragma once

#include <map>
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

  runtime::Negative<ReplicatedStateMachine> rsm_ = provide<ReplicatedStateMachine>();
  runtime::Positive<TotalOrderBroadcast> tob_ = require<TotalOrderBroadcast>();

  runtime::Address self_;
  std::uint64_t submitted_ = 0;
  std::map<std::uint64_t, std::uint64_t> waiting_;  // local sequence -> client id
  KvStateMachine machine_;
  std::vector<std::string> applied_;  // "origin#seq command", in order
};

}  // namespace catslab::protocols
