// Cyclon's wire messages: a shuffle request carrying the initiator's subset
// (with a fresh descriptor of the initiator itself) and the reply carrying
// the partner's subset.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/network.h"

namespace catslab::protocols::cyclon {

using runtime::Address;

// A neighbour: its address and how many shuffle periods ago it was created.
struct Descriptor {
  Address address;
  std::uint32_t age = 0;
};

struct ShuffleRequest : runtime::EventOf<ShuffleRequest, runtime::Message> {
  ShuffleRequest(Address src, Address dst, std::vector<Descriptor> e)
      : Base(std::move(src), std::move(dst)), entries(std::move(e)) {}
  std::vector<Descriptor> entries;
};

struct ShuffleReply : runtime::EventOf<ShuffleReply, runtime::Message> {
  ShuffleReply(Address src, Address dst, std::vector<Descriptor> e)
      : Base(std::move(src), std::move(dst)), entries(std::move(e)) {}
  std::vector<Descriptor> entries;
};

}  // namespace catslab::protocols::cyclon
