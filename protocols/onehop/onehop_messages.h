// One-hop router wire messages: membership exchange and routed requests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "protocols/chord/ring.h"
#include "runtime/network.h"

namespace catslab::protocols::onehop {

using runtime::Address;

// A member as gossiped: who, which incarnation (start time), heartbeat.
struct MemberRecord {
  Address address;
  std::uint64_t incarnation = 0;
  std::uint64_t heartbeat = 0;
  // Gossip periods since this heartbeat left its node, as far as the sender
  // knows: a record that arrives late arrives old.
  std::uint32_t age = 0;
};

// Push-pull membership exchange; the receiver answers a request with its
// own table (wantReply = false on the answer).
struct MembershipExchange : runtime::EventOf<MembershipExchange, runtime::Message> {
  MembershipExchange(Address src, Address dst, std::vector<MemberRecord> m, bool reply)
      : Base(std::move(src), std::move(dst)), members(std::move(m)), wantReply(reply) {}
  std::vector<MemberRecord> members;
  bool wantReply;
};

// A request routed to the node responsible for `key`.
struct RouteRequest : runtime::EventOf<RouteRequest, runtime::Message> {
  RouteRequest(Address src, Address dst, chord::RingId k, std::string p, Address o, std::uint64_t i,
               int h)
      : Base(std::move(src), std::move(dst)),
        key(k),
        payload(std::move(p)),
        origin(std::move(o)),
        id(i),
        hops(h) {}
  chord::RingId key;
  std::string payload;
  Address origin;
  std::uint64_t id;  // the origin's request number
  int hops;
};

// Destination -> origin: the request reached its responsible node.
struct RouteReached : runtime::EventOf<RouteReached, runtime::Message> {
  RouteReached(Address src, Address dst, chord::RingId k, std::uint64_t i, int h)
      : Base(std::move(src), std::move(dst)), key(k), id(i), hops(h) {}
  chord::RingId key;
  std::uint64_t id;
  int hops;
};

}  // namespace catslab::protocols::onehop
