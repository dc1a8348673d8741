#include "decide.h"

#include <algorithm>

#include "frontier_search.h"
#include "window.h"

namespace catslab::checker {

Decision decidePartition(const History& history, const PartitionMembers& members,
                         const std::string& initial, const SearchLimits& limits) {
  Decision d;
  const Partition partition = buildPartition(history, members, initial);
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
    // 1. The try ran out. Where it got stuck is where a violation would be.
    WindowSearch windows =
        proveInWindow(history, members, initial, partition, first.deepest, limits);
    d.configurations += windows.configurations;
    if (windows.proof) {
      d.verdict = Verdict::NotLinearizable;
      d.culprit = windows.proof->culprit;
      d.windowFrom = windows.proof->from;
      d.windowProof = true;
      return d;
    }
  }

  FrontierOutcome sweep = sweepRelaxed(partition, limits);
  d.configurations += sweep.configurations;
  if (sweep.tooWide) {
    SearchOutcome relaxed = searchPartition(partition, limits, UnknownOps::Relaxed);
    d.configurations += relaxed.configurations;
    d.verdict = relaxed.verdict;
  } else {
    d.verdict = sweep.verdict;
    if (sweep.verdict == Verdict::NotLinearizable)
      d.culprit = partition.completed[sweep.culprit].origin;
  }
  if (d.verdict != Verdict::Linearizable || partition.pending.empty()) return d;

  d.exactPassRan = true;
  SearchOutcome exact = searchPartition(partition, limits, UnknownOps::Exact);
  d.configurations += exact.configurations;
  d.verdict = exact.verdict;
  return d;
}

}  // namespace catslab::checker
