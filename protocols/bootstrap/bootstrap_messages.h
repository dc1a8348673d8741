// Wire messages between bootstrap clients and the server.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/network.h"

namespace catslab::protocols::bootstrap {

using runtime::Address;

// Client -> server: "I am alive; send me up to `count` peers".
struct JoinRequest : runtime::EventOf<JoinRequest, runtime::Message> {
  JoinRequest(Address src, Address dst, std::uint32_t n)
      : Base(std::move(src), std::move(dst)), count(n) {}
  std::uint32_t count;
};

// Server -> client: a random sample of the cache, without the client.
struct PeerSample : runtime::EventOf<PeerSample, runtime::Message> {
  PeerSample(Address src, Address dst, std::vector<Address> p)
      : Base(std::move(src), std::move(dst)), peers(std::move(p)) {}
  std::vector<Address> peers;
};

// Client -> server, periodically: refreshes the client's cache entry.
struct KeepAlive : runtime::EventOf<KeepAlive, runtime::Message> {
  using Base::Base;
};

}  // namespace catslab::protocols::bootstrap
