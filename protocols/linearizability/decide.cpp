#include "decide.h"

#include "frontier_search.h"

namespace catslab::checker {

Decision decidePartition(const Partition& partition, const SearchLimits& limits) {
  Decision d;
  FrontierOutcome sweep = sweepRelaxed(partition, limits);
  d.configurations = sweep.configurations;
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
