#include "protocols/linearizability/search/window.h"

#include <algorithm>

#include "protocols/linearizability/search/frontier_search.h"

namespace catslab::checker {

namespace {
// A window is meant to be cheap; one that is not is given up rather than
// allowed to cost what the whole history would.
constexpr std::uint64_t kWindowBudget = 250'000;
}  // namespace

WindowSearch proveInWindow(const History& history, const PartitionMembers& members,
                           const std::string& initial, const Partition& whole, std::size_t stuck,
                           const SearchLimits& limits) {
  WindowSearch out;
  const std::size_t n = whole.completed.size();
  if (n == 0 || stuck >= n) return out;
  SearchLimits budget = limits;
  budget.maxConfigurations = std::min(limits.maxConfigurations, kWindowBudget);
  for (std::size_t radius = limits.firstWindowRadius;
       radius != 0 && radius <= limits.maxWindowRadius; radius *= 4) {
    // Ops are sorted by invocation, so the window is `radius` invocations
    // either side of the stuck one.
    std::int64_t from = stuck > radius ? whole.completed[stuck - radius].invokeAt : 0;
    std::int64_t cutoff = stuck + radius < n ? whole.completed[stuck + radius].invokeAt : kNever;
    if (from == 0 && cutoff == kNever) break;  // that is the whole history
    Partition window = buildPartition(history, members, initial, {}, cutoff, from);
    ++out.windowsTried;
    FrontierOutcome sweep = sweepRelaxed(window, budget);
    out.configurations += sweep.configurations;
    if (sweep.tooWide) {
      SearchOutcome relaxed = searchPartition(window, budget, UnknownOps::Relaxed);
      out.configurations += relaxed.configurations;
      if (relaxed.verdict == Verdict::NotLinearizable) {
        out.proof = WindowProof{from, std::nullopt};
        return out;
      }
      continue;
    }
    if (sweep.verdict == Verdict::NotLinearizable) {
      out.proof = WindowProof{from, window.completed[sweep.culprit].origin};
      return out;
    }
  }
  return out;
}

}  // namespace catslab::checker
