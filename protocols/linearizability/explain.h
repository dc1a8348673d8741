// Shrinks a non-linearizable partition to a small set of operations that
// cannot be ordered, so that a person can see the violation.
//
// "Removing" an operation would not be sound (dropping a write can make any
// later read look wrong), so the explanation *relaxes* operations instead: a
// relaxed operation is treated as if it never returned, i.e. it may take
// effect at any time after its invocation, or never. Relaxing only adds
// possible orders, so whatever is still a violation after relaxing is a
// violation of the original history. The search then:
//   1. finds the earliest completion after which the history is already
//      non-linearizable (given by the frontier sweep, else a binary search on
//      a cutoff; that completion is the culprit, and everything invoked later
//      is irrelevant);
//   2. relaxes the longest prefix of earlier completions that keeps the
//      violation (binary search);
//   3. tries to relax each remaining operation one at a time.
// The result is 1-minimal: relaxing any single reported operation makes the
// rest orderable.
//
// Given a window (`from` > 0, see window.h), all of this happens inside it:
// operations that completed before `from` are not considered, and the claim
// becomes "cannot be ordered whatever value the register held at `from`". Not thread-safe per call,
// but calls are independent.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "protocols/linearizability/search/partition.h"
#include "protocols/linearizability/search/search.h"

namespace catslab::checker {

struct Explanation {
  std::vector<std::uint32_t> ops;  // History indices, by invocation
  std::uint32_t culprit = 0;       // History index of the op completing last
  std::int64_t cutoff = 0;         // nothing invoked at or after this matters
  bool minimal = true;             // false if step 3 was skipped (too many ops)
  std::int64_t from = 0;           // window the claim holds in (0: the whole history)
};

// Precondition: the partition built from `members` is not linearizable.
// `culprit` (a History index), if known, is the ok-operation whose return
// first made the history non-linearizable; it saves step 1. `from` is the
// window the violation was proved in, if any. Each check runs
// under `limits`; a check that runs out counts as "no longer a violation".
[[nodiscard]] Explanation explainViolation(const History& history, const PartitionMembers& members,
                                           const std::string& initial,
                                           const SearchLimits& limits = {},
                                           std::optional<std::uint32_t> culprit = {},
                                           std::int64_t from = 0);

}  // namespace catslab::checker
