// The RingLookup port: what a Chord node offers the layer above it (the
// CATS store builds on it).
//
//   request    Lookup{key, id}          -> which node is responsible for key?
//   indication LookupDone{key, id, ...} -> the answer (ok=false after retries ran out)
//   indication RingNeighbours{...}      -> predecessor or successor list changed
//
// Answers come back on the same port for every requester; requesters match
// them by id.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "protocols/chord/ring.h"
#include "runtime/network.h"
#include "runtime/port_type.h"

namespace catslab::protocols::chord {

struct Lookup : runtime::EventOf<Lookup> {
  Lookup(RingId k, std::uint64_t i) : key(k), id(i) {}
  RingId key;
  std::uint64_t id;
};

struct LookupDone : runtime::EventOf<LookupDone> {
  LookupDone(RingId k, std::uint64_t i, bool success, runtime::Address node, int h)
      : key(k), id(i), ok(success), responsible(std::move(node)), hops(h) {}
  RingId key;
  std::uint64_t id;
  bool ok;
  runtime::Address responsible;  // meaningful only if ok
  int hops;                      // overlay hops the lookup took
};

struct RingNeighbours : runtime::EventOf<RingNeighbours> {
  RingNeighbours(std::optional<runtime::Address> p, std::vector<runtime::Address> s)
      : predecessor(std::move(p)), successors(std::move(s)) {}
  std::optional<runtime::Address> predecessor;
  std::vector<runtime::Address> successors;
};

struct RingLookup : runtime::PortType<runtime::Requests<Lookup>,
                                      runtime::Indications<LookupDone, RingNeighbours>> {};

}  // namespace catslab::protocols::chord
