// The Bootstrap port, provided by the bootstrap client to the layer above
// (an overlay that needs someone to join through).
//
//   request    GetPeers{}          -> ask the server for a fresh sample
//   indication PeersReceived{peers} -> a sample of live peers (never self)
#pragma once

#include <vector>

#include "runtime/network.h"
#include "runtime/port_type.h"

namespace catslab::protocols::bootstrap {

struct GetPeers : runtime::EventOf<GetPeers> {};

struct PeersReceived : runtime::EventOf<PeersReceived> {
  explicit PeersReceived(std::vector<runtime::Address> p) : peers(std::move(p)) {}
  std::vector<runtime::Address> peers;
};

struct Bootstrap
    : runtime::PortType<runtime::Requests<GetPeers>, runtime::Indications<PeersReceived>> {};

}  // namespace catslab::protocols::bootstrap
