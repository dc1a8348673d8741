// The PeerSampling port: a stream of random samples of live nodes, what
// gossip protocols build on.
//
//   request    GetSample{}      -> answer now with the current sample
//   indication Sample{peers}    -> after every shuffle, and on request
#pragma once

#include <vector>

#include "runtime/network.h"
#include "runtime/port_type.h"

namespace catslab::protocols::cyclon {

struct GetSample : runtime::EventOf<GetSample> {};

struct Sample : runtime::EventOf<Sample> {
  explicit Sample(std::vector<runtime::Address> p) : peers(std::move(p)) {}
  std::vector<runtime::Address> peers;
};

struct PeerSampling
    : runtime::PortType<runtime::Requests<GetSample>, runtime::Indications<Sample>> {};

}  // namespace catslab::protocols::cyclon
