// The broadcast abstractions (Cachin et al. chapter 3). Each is a port type
// with a broadcast request and a deliver indication carrying a Payload.
//
// BestEffortBroadcast — validity (a correct sender's message is delivered
//   by every correct process), no duplication, no creation.
// ReliableBroadcast — BEB's properties plus agreement: if a correct process
//   delivers m, every correct process delivers m.
// UniformReliableBroadcast — plus uniform agreement: if ANY process (even
//   one that later crashes) delivers m, every correct process delivers m.
#pragma once

#include "protocols/broadcast/payload.h"
#include "runtime/network.h"
#include "runtime/port_type.h"

namespace catslab::protocols {

template <class Self>
struct BroadcastRequest : runtime::EventOf<Self> {
  explicit BroadcastRequest(PayloadPtr p) : payload(std::move(p)) {}
  PayloadPtr payload;
};

template <class Self>
struct DeliverIndication : runtime::EventOf<Self> {
  DeliverIndication(runtime::Address s, PayloadPtr p)
      : source(std::move(s)), payload(std::move(p)) {}
  std::string describe() const override {
    return runtime::EventTypes::name(Self::staticTypeId()) + " from " + source.id + ": " +
           (payload ? payload->describe() : std::string("-"));
  }
  runtime::Address source;  // the original broadcaster
  PayloadPtr payload;
};

struct BebBroadcast : BroadcastRequest<BebBroadcast> {
  using BroadcastRequest::BroadcastRequest;
};
struct BebDeliver : DeliverIndication<BebDeliver> {
  using DeliverIndication::DeliverIndication;
};
struct BestEffortBroadcast
    : runtime::PortType<runtime::Requests<BebBroadcast>, runtime::Indications<BebDeliver>> {};

struct RbBroadcast : BroadcastRequest<RbBroadcast> {
  using BroadcastRequest::BroadcastRequest;
};
struct RbDeliver : DeliverIndication<RbDeliver> {
  using DeliverIndication::DeliverIndication;
};
struct ReliableBroadcast
    : runtime::PortType<runtime::Requests<RbBroadcast>, runtime::Indications<RbDeliver>> {};

struct UrbBroadcast : BroadcastRequest<UrbBroadcast> {
  using BroadcastRequest::BroadcastRequest;
};
struct UrbDeliver : DeliverIndication<UrbDeliver> {
  using DeliverIndication::DeliverIndication;
};
struct UniformReliableBroadcast
    : runtime::PortType<runtime::Requests<UrbBroadcast>, runtime::Indications<UrbDeliver>> {};

}  // namespace catslab::protocols
