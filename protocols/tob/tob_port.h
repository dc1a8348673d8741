// The uniform total-order broadcast abstraction (Cachin et al. 6.1).
//
// Requests:    TobBroadcast(text)
// Indications: TobDeliver(origin, text)
// Properties:  validity, no duplication, no creation (as reliable broadcast),
//              uniform agreement — what any process delivers, every correct
//              process delivers; uniform total order — any two processes
//              deliver the messages they both deliver in the same order.
#pragma once

#include <string>

#include "runtime/network.h"
#include "runtime/port_type.h"

namespace catslab::protocols {

struct TobBroadcast : runtime::EventOf<TobBroadcast> {
  explicit TobBroadcast(std::string t) : text(std::move(t)) {}
  std::string text;
};

struct TobDeliver : runtime::EventOf<TobDeliver> {
  TobDeliver(runtime::Address o, std::string t) : origin(std::move(o)), text(std::move(t)) {}
  std::string describe() const override { return "TobDeliver " + origin.id + ": " + text; }
  runtime::Address origin;
  std::string text;
};

struct TotalOrderBroadcast
    : runtime::PortType<runtime::Requests<TobBroadcast>, runtime::Indications<TobDeliver>> {};

}  // namespace catslab::protocols
