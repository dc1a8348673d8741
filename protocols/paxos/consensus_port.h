// The (multi-instance) consensus abstraction (Cachin et al. chapter 5).
// Instances are independent: single-decree consensus is instance 0.
//
// Requests:    Propose(instance, value)
// Indications: Decide(instance, value)
// Properties (per instance): termination — every correct process eventually
//   decides; validity — a decided value was proposed; integrity — no process
//   decides twice; uniform agreement — no two processes decide differently.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/port_type.h"

namespace catslab::protocols {

struct Propose : runtime::EventOf<Propose> {
  Propose(std::uint64_t i, std::string v) : instance(i), value(std::move(v)) {}
  std::uint64_t instance;
  std::string value;
};

struct Decide : runtime::EventOf<Decide> {
  Decide(std::uint64_t i, std::string v) : instance(i), value(std::move(v)) {}
  std::string describe() const override {
    return "Decide " + std::to_string(instance) + " " + value;
  }
  std::uint64_t instance;
  std::string value;
};

struct Consensus : runtime::PortType<runtime::Requests<Propose>, runtime::Indications<Decide>> {};

}  // namespace catslab::protocols
