// The OneHopRouting port.
//
//   request    Route{key, id, payload}      -> deliver payload at key's node
//   indication Routed{key, id, node, hops}  -> (at the origin) it arrived there
//   indication Received{key, payload, from} -> (at the destination) a request
//   indication MembershipChanged{members}   -> the live members this node knows
//                                              (itself included) changed
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "protocols/chord/ring.h"
#include "runtime/network.h"
#include "runtime/port_type.h"

namespace catslab::protocols::onehop {

struct Route : runtime::EventOf<Route> {
  Route(chord::RingId k, std::uint64_t i, std::string p) : key(k), id(i), payload(std::move(p)) {}
  chord::RingId key;
  std::uint64_t id;
  std::string payload;
};

struct Routed : runtime::EventOf<Routed> {
  Routed(chord::RingId k, std::uint64_t i, runtime::Address n, int h)
      : key(k), id(i), node(std::move(n)), hops(h) {}
  chord::RingId key;
  std::uint64_t id;
  runtime::Address node;
  int hops;
};

struct Received : runtime::EventOf<Received> {
  Received(chord::RingId k, std::string p, runtime::Address f)
      : key(k), payload(std::move(p)), from(std::move(f)) {}
  chord::RingId key;
  std::string payload;
  runtime::Address from;
};

struct MembershipChanged : runtime::EventOf<MembershipChanged> {
  explicit MembershipChanged(std::vector<runtime::Address> m) : members(std::move(m)) {}
  std::vector<runtime::Address> members;  // sorted by node id, self included
};

struct OneHopRouting
    : runtime::PortType<runtime::Requests<Route>,
                        runtime::Indications<Routed, Received, MembershipChanged>> {};

}  // namespace catslab::protocols::onehop
