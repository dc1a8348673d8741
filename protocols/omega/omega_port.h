// The eventual leader detector abstraction (Ω, Cachin et al. 2.6.6).
//
// Indications: Leader(node) — the process now trusted as leader.
// Properties:  eventual accuracy — eventually every correct process trusts
//              some correct process; eventual agreement — eventually no two
//              correct processes trust different processes.
#pragma once

#include "runtime/network.h"
#include "runtime/port_type.h"

namespace catslab::protocols {

struct Leader : runtime::EventOf<Leader> {
  explicit Leader(runtime::Address l) : leader(std::move(l)) {}
  std::string describe() const override { return "Leader " + leader.id; }
  runtime::Address leader;
};

struct EventualLeaderDetector
    : runtime::PortType<runtime::Requests<>, runtime::Indications<Leader>> {};

}  // namespace catslab::protocols
