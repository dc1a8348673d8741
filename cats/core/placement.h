// Placement: which nodes replicate which keys.
//
// The ring is the 32-bit Chord circle (protocols/chord/ring.h): a node sits
// at ringPosition(node id), a key at ringPosition(key). The circle is cut into a fixed
// number of equal slices (`slices`, chosen when the cluster is created, like
// Riak's ring partitions or Dynamo's fixed tokens); slice s covers positions
// [s * 2^32 / S, (s + 1) * 2^32 / S). A slice is the unit of replication:
// its replication group should be the successor of the slice's last
// position and the r - 1 nodes after it on the ring (successor-list
// replication at slice granularity). Fixed slices mean a join or a leave
// changes groups' members, never their key ranges, so every change is the
// "one member added, removed or replaced" view change of CATS.md, and no
// range is ever split or merged (see docs/cats.md, "Design decisions").
//
// Pure functions; safe from any thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "protocols/chord/ring.h"

namespace catslab::cats {

// A position on the circle. The FNV-1a hash behind chord::ringKey hardly
// moves its top bits for the last characters of a short text: "n1".."n6"
// land within 2,000 positions of each other (one slice is 2^27 wide), so
// every slice got the same three nodes and a fourth node never held data;
// "k1".."k9" share one slice. MurmurHash3's 64-bit finalizer spreads them.
inline std::uint64_t ringPosition(const std::string& text) {
  std::uint64_t h = runtime::nodeKey(text);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h >> protocols::chord::kRingBits;
}

inline std::uint32_t sliceOf(const std::string& key, std::uint32_t slices) {
  const auto position = ringPosition(key);
  return static_cast<std::uint32_t>((position * slices) >> protocols::chord::kRingBits);
}

// The last ring position of slice s.
inline std::uint64_t sliceEnd(std::uint32_t slice, std::uint32_t slices) {
  return ((static_cast<std::uint64_t>(slice) + 1) << protocols::chord::kRingBits) / slices - 1;
}

inline std::uint64_t nodePosition(const std::string& id) { return ringPosition(id); }

// `nodes` ordered clockwise starting at the successor of slice s's end.
inline std::vector<std::string> ringOrderFrom(std::uint32_t slice, std::uint32_t slices,
                                              std::vector<std::string> nodes) {
  const auto end = sliceEnd(slice, slices);
  std::sort(nodes.begin(), nodes.end(), [end](const std::string& a, const std::string& b) {
    const auto da = protocols::chord::ringDistance(end, nodePosition(a));
    const auto db = protocols::chord::ringDistance(end, nodePosition(b));
    return da != db ? da < db : a < b;
  });
  return nodes;
}

// The replication group slice s should have among `nodes`: the first
// `replication` of them clockwise from the slice's end.
inline std::vector<std::string> desiredGroup(std::uint32_t slice, std::uint32_t slices,
                                             const std::vector<std::string>& nodes,
                                             int replication) {
  auto ordered = ringOrderFrom(slice, slices, nodes);
  if (ordered.size() > static_cast<std::size_t>(replication)) ordered.resize(replication);
  return ordered;
}

}  // namespace catslab::cats
