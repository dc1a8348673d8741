// decidePartition: the checker's strategy for one key, combining the
// searches so that each does what it is fast at:
//   -. a linear-time test for a stale read (stale_read.h), which decides the
//      commonest violation without any search;
//   0. a short try of the exact depth-first search: on a linearizable history
//      it usually finds an order at once; on a small history it simply
//      finishes. Only if it runs out of its small budget:
//   1. windows around the operation that try got stuck on (window.h): a
//      violation in a long history is usually local, and a window that is
//      not linearizable proves that the history is not.
//      Then the try continues (up to SearchLimits::thirdTryConfigurations),
//      since with many clients in flight the sweep costs far more.
//   2. the frontier sweep (frontier_search.h), exhaustive and cheap per
//      configuration, with unknown-outcome operations relaxed. If it finds no
//      order, the partition is not linearizable, and it names the culprit.
//   3. If it finds an order and the partition has unknown-outcome operations,
//      the exact depth-first search (search.h) confirms it; depth-first finds
//      an order quickly when one exists, and only a history that is
//      linearizable when crashed operations may repeat but not otherwise makes
//      it search exhaustively.
// When more than 64 operations are in flight at once, the depth-first search
// runs in relaxed mode in place of the sweep.
// Stateless; the arguments must outlive the call.
#pragma once

#include <optional>
#include <string>

#include "protocols/linearizability/history/history.h"
#include "protocols/linearizability/search/partition.h"
#include "protocols/linearizability/search/search.h"

namespace catslab::checker {

struct Decision {
  Verdict verdict = Verdict::Linearizable;
  std::uint64_t configurations = 0;      // all passes together
  std::optional<std::uint32_t> culprit;  // History index of the refuted return, if known
  // > 0: the violation was proved in a window opening at this position (the
  // explanation then works inside it); 0: in the whole history.
  std::int64_t windowFrom = 0;
  bool windowProof = false;  // step 1 decided it
  bool exactPassRan = false;
};

[[nodiscard]] Decision decidePartition(const History& history, const PartitionMembers& members,
                                       const std::string& initial, const SearchLimits& limits = {});

}  // namespace catslab::checker
