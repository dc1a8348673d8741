// decidePartition: the checker's strategy for one key, combining the two
// searches so that each does what it is fast at:
//   0. a short try of the exact depth-first search: on a linearizable history
//      it usually finds an order at once; on a small history it simply
//      finishes. Only if it runs out of its small budget:
//   1. the frontier sweep (frontier_search.h), exhaustive and cheap per
//      configuration, with unknown-outcome operations relaxed. If it finds no
//      order, the partition is not linearizable, and it names the culprit.
//   2. If it finds an order and the partition has unknown-outcome operations,
//      the exact depth-first search (search.h) confirms it; depth-first finds
//      an order quickly when one exists, and only a history that is
//      linearizable when crashed operations may repeat but not otherwise makes
//      it search exhaustively.
// When more than 64 operations are in flight at once, the depth-first search
// runs in relaxed mode in place of the sweep.
// Stateless; the Partition must outlive the call.
#pragma once

#include <optional>

#include "partition.h"
#include "search.h"

namespace catslab::checker {

struct Decision {
  Verdict verdict = Verdict::Linearizable;
  std::uint64_t configurations = 0;    // both passes together
  std::optional<std::size_t> culprit;  // index in Partition::completed, if known
  bool exactPassRan = false;
};

[[nodiscard]] Decision decidePartition(const Partition& partition, const SearchLimits& limits = {});

}  // namespace catslab::checker
