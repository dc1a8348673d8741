// The eventually perfect failure detector abstraction (◇P, Cachin et al. 2.6.5).
//
// Requests:    StartMonitoring(node), StopMonitoring(node)
// Indications: Suspect(node), Restore(node)
// Properties:  strong completeness — eventually every crashed monitored
//              process is permanently suspected; eventual strong accuracy —
//              eventually no correct monitored process is suspected.
#pragma once

#include "runtime/network.h"
#include "runtime/port_type.h"

namespace catslab::protocols {

struct StartMonitoring : runtime::EventOf<StartMonitoring> {
  explicit StartMonitoring(runtime::Address n) : node(std::move(n)) {}
  runtime::Address node;
};

struct StopMonitoring : runtime::EventOf<StopMonitoring> {
  explicit StopMonitoring(runtime::Address n) : node(std::move(n)) {}
  runtime::Address node;
};

struct Suspect : runtime::EventOf<Suspect> {
  explicit Suspect(runtime::Address n) : node(std::move(n)) {}
  std::string describe() const override { return "Suspect " + node.id; }
  runtime::Address node;
};

struct Restore : runtime::EventOf<Restore> {
  explicit Restore(runtime::Address n) : node(std::move(n)) {}
  std::string describe() const override { return "Restore " + node.id; }
  runtime::Address node;
};

struct EventuallyPerfectFailureDetector
    : runtime::PortType<runtime::Requests<StartMonitoring, StopMonitoring>,
                        runtime::Indications<Suspect, Restore>> {};

}  // namespace catslab::protocols
