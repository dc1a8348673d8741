// TobService: a composite component that provides TotalOrderBroadcast and
// requires only Network and Timer. Inside: IncreasingTimeoutFd → MonarchicalEld
// (Ω), BasicBroadcast → EagerReliableBroadcast, Paxos (consensus) over those,
// and ConsensusTob over RB and Paxos. The "tob" and "rsm" stacks use it.
// Owned by its parent; single-threaded like every component.
#pragma once

#include <vector>

#include "protocols/paxos/paxos.h"
#include "protocols/tob/tob_port.h"
#include "runtime/component.h"
#include "runtime/network.h"
#include "runtime/timer.h"

namespace catslab::protocols {

class TobService : public runtime::ComponentDefinition {
 public:
  TobService(runtime::Address self, std::vector<runtime::Address> all, PaxosOptions options = {});

 private:
  runtime::Negative<TotalOrderBroadcast> tob_ = provide<TotalOrderBroadcast>();
  runtime::Positive<runtime::Network> network_ = require<runtime::Network>();
  runtime::Positive<runtime::Timer> timer_ = require<runtime::Timer>();
};

}  // namespace catslab::protocols
