// A linear-time test for the most common violation: a stale read. An ok
// read r returns v (or an ok cas r expects v) although an ok write or cas w
// that leaves another value completed before r was invoked, and no
// operation that leaves v (ok, or of unknown outcome) can be placed between
// w and r: each one completed before w was invoked, or was invoked after r
// returned. Then r cannot be ordered whatever the register held before w —
// the window opening at w's invocation (window.h) is not linearizable — and
// no search is needed to say so.
//
// For each read or cas the tightest w is the one invoked last among those
// completed before it began; the test checks that one. Stateless; the
// Partition must outlive the call.
#pragma once

#include <optional>

#include "protocols/linearizability/search/partition.h"
#include "protocols/linearizability/search/window.h"

namespace catslab::checker {

// The first stale read by invocation, as a proof in the window opening at
// its w, or nothing.
[[nodiscard]] std::optional<WindowProof> findStaleRead(const Partition& partition);

}  // namespace catslab::checker
