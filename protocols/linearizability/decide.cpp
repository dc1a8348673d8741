#include "decide.h"

#include <algorithm>

#include "frontier_search.h"

namespace catslab::checker {

Decision decidePartition(const Partition& partition, const SearchLimits& limits) {
  Decision d;
  // 0. Most histories are linearizable, and depth-first search with just-in-
  //    time ordering usually finds an order after little backtracking.
  if (limits.quickTryConfigurations > 0) {
    SearchLimits quick = limits;
    quick.maxConfigurations = std::min(limits.maxConfigurations, limits.quickTryConfigurations);
    SearchOutcome first = searchPartition(partition, quick, UnknownOps::Exact);
    d.configurations = first.configurations;
    if (first.verdict == Verdict::Linearizable) return d;
    if (first.verdict == Verdict::NotLinearizable) {
      d.verdict = Verdict::NotLinearizable;
      return d;  // small enough to exhaust; the explanation finds the culprit
    }
  }

  FrontierOutcome sweep = sweepRelaxed(partition, limits);
  d.configurations += sweep.configurations;
  if (sweep.tooWide) {
    SearchOutcome relaxed = searchPartition(partition, limits, UnknownOps::Relaxed);
    d.configurations += relaxed.configurations;
    d.verdict = relaxed.verdict;
    if (relaxed.verdict == Verdict::NotLinearizable) d.culprit.reset();
  } else {
    d.verdict = sweep.verdict;
    if (sweep.verdict == Verdict::NotLinearizable) d.culprit = sweep.culprit;
  }
  if (d.verdict != Verdict::Linearizable || partition.pending.empty()) return d;

  d.exactPassRan = true;
  SearchOutcome exact = searchPartition(partition, limits, UnknownOps::Exact);
  d.configurations += exact.configurations;
  d.verdict = exact.verdict;
  return d;
}

}  // namespace catslab::checker
