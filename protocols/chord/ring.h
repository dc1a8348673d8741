// Consistent hashing on the identifier circle shared by Chord and the
// one-hop router.
//
// The circle has 2^32 positions (kRingBits = 32) rather than the full 64
// bits of runtime::nodeKey: positions stay short enough to read in a
// console or a trace, and with the overlays this lab runs (tens to
// thousands of nodes) collisions are still improbable. A node's position is
// the top 32 bits of nodeKey(node id); a key's position is the top 32 bits
// of nodeKey(key text). Node k is responsible for the keys in
// (predecessor(k), k]: a key belongs to its successor on the circle.
//
// Pure functions, no state; safe from any thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/network.h"

namespace catslab::protocols::chord {

using RingId = std::uint64_t;  // always < kRingSize

inline constexpr int kRingBits = 32;
inline constexpr RingId kRingSize = RingId{1} << kRingBits;
inline constexpr RingId kRingMask = kRingSize - 1;

inline RingId ringKey(const std::string& text) { return runtime::nodeKey(text) >> kRingBits; }
inline RingId ringId(const runtime::Address& a) { return ringKey(a.id); }
inline RingId ringAdd(RingId a, RingId d) { return (a + d) & kRingMask; }
// Clockwise distance from a to b.
inline RingId ringDistance(RingId a, RingId b) { return (b - a) & kRingMask; }

// x in the open interval (a, b) going clockwise; (a, a) is the whole circle but a.
inline bool inOpen(RingId x, RingId a, RingId b) {
  if (a == b) return x != a;
  return ringDistance(a, x) > 0 && ringDistance(a, x) < ringDistance(a, b);
}
// x in (a, b]; (a, a] is the whole circle.
inline bool inOpenClosed(RingId x, RingId a, RingId b) {
  if (a == b) return true;
  return ringDistance(a, x) > 0 && ringDistance(a, x) <= ringDistance(a, b);
}

// The node responsible for `key` among `members`: the first one at or after
// the key clockwise. Empty if there are no members.
inline std::optional<runtime::Address> responsibleFor(
    RingId key, const std::vector<runtime::Address>& members) {
  std::optional<runtime::Address> best;
  RingId bestDistance = 0;
  for (const auto& m : members) {
    const RingId d = ringDistance(key, ringId(m));
    if (!best || d < bestDistance) {
      best = m;
      bestDistance = d;
    }
  }
  return best;
}

// Members sorted clockwise by ring position.
inline std::vector<runtime::Address> sortedByRing(std::vector<runtime::Address> members) {
  std::sort(members.begin(), members.end(),
            [](const auto& a, const auto& b) { return ringId(a) < ringId(b); });
  return members;
}

}  // namespace catslab::protocols::chord
