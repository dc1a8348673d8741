// Proves a violation inside a bounded window of the history, so that a long
// history whose violation sits in one place is refuted at the cost of that
// place rather than of everything before it.
//
// A window [from, cutoff) is built by buildPartition(..., cutoff, from): the
// past is cut off (the register may hold any value when the window opens, and
// operations in flight then may or may not take effect), the future is cut
// off (operations invoked at or after `cutoff` are left out, those returning
// after it count as never returned). Both cuts only add possible orders, so a
// window that the relaxed sweep refutes proves the whole history
// non-linearizable. A window that is fine proves nothing; the caller then
// decides the whole history as usual.
//
// Windows are centred on where an earlier search got stuck (the first
// operation no explored order got past) and grow geometrically, or slide
// over the whole history. Stateless; the arguments must outlive the call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "protocols/linearizability/history/history.h"
#include "protocols/linearizability/search/partition.h"
#include "protocols/linearizability/search/search.h"

namespace catslab::checker {

struct WindowProof {
  std::int64_t from = 0;                 // window opens here (0: the history's start)
  std::optional<std::uint32_t> culprit;  // History index of the refuted return, if known
};

struct WindowSearch {
  std::optional<WindowProof> proof;  // empty: no window tried refutes the history
  std::uint64_t configurations = 0;  // all windows together
  std::size_t windowsTried = 0;
};

// Windows centred on `whole.completed[stuck]`: `firstWindowRadius`
// invocations either side, growing 4x up to `maxWindowRadius`. `whole` is the
// partition of all of `members`.
[[nodiscard]] WindowSearch proveInWindow(const History& history, const PartitionMembers& members,
                                         const std::string& initial, const Partition& whole,
                                         std::size_t stuck, const SearchLimits& limits);

// Slides half-overlapping windows of 4 * firstWindowRadius invocations over
// the whole history, each with a small budget, and stops at the first one
// that is refuted: the cheap way to find a violation when no search has
// pointed at it.
[[nodiscard]] WindowSearch scanWindows(const History& history, const PartitionMembers& members,
                                       const std::string& initial, const Partition& whole,
                                       const SearchLimits& limits);

}  // namespace catslab::checker
