// Chord's wire messages (Stoica et al., SIGCOMM 2001, figure 6), one per
// remote call of the pseudo-code. find_successor runs recursively: each hop
// forwards FindSuccessor and the node that knows the answer replies to the
// origin directly with SuccessorFound.
#pragma once

#include <cstdint>
#include <vector>

#include "protocols/chord/ring.h"
#include "runtime/network.h"

namespace catslab::protocols::chord {

using runtime::Address;

struct FindSuccessor : runtime::EventOf<FindSuccessor, runtime::Message> {
  FindSuccessor(Address src, Address dst, RingId k, Address o, std::uint64_t r, int h)
      : Base(std::move(src), std::move(dst)), key(k), origin(std::move(o)), request(r), hops(h) {}
  RingId key;
  Address origin;         // who asked; the answer goes straight back to it
  std::uint64_t request;  // the origin's request number
  int hops;
};

struct SuccessorFound : runtime::EventOf<SuccessorFound, runtime::Message> {
  SuccessorFound(Address src, Address dst, RingId k, Address s, std::uint64_t r, int h)
      : Base(std::move(src), std::move(dst)),
        key(k),
        successor(std::move(s)),
        request(r),
        hops(h) {}
  RingId key;
  Address successor;
  std::uint64_t request;
  int hops;
};

// stabilize(): "x = successor.predecessor".
struct GetPredecessor : runtime::EventOf<GetPredecessor, runtime::Message> {
  using Base::Base;
};

// The reply also carries the successor list, which the asker prefixes with
// its successor to build its own list.
struct PredecessorIs : runtime::EventOf<PredecessorIs, runtime::Message> {
  PredecessorIs(Address src, Address dst, bool has, Address p, std::vector<Address> s)
      : Base(std::move(src), std::move(dst)),
        hasPredecessor(has),
        predecessor(std::move(p)),
        successors(std::move(s)) {}
  bool hasPredecessor;
  Address predecessor;
  std::vector<Address> successors;
};

// notify(n'): "n' thinks it might be our predecessor".
struct Notify : runtime::EventOf<Notify, runtime::Message> {
  using Base::Base;
};

}  // namespace catslab::protocols::chord
