#include "protocols/linearizability/search/decide.h"

#include <algorithm>

#include "protocols/linearizability/search/frontier_search.h"
#include "protocols/linearizability/search/stale_read.h"
#include "protocols/linearizability/search/window.h"

namespace catslab::checker {

Decision decidePartition(const History& history, const PartitionMembers& members,
                         const std::string& initial, const SearchLimits& limits) {
  Decision d;
  const Partition partition = buildPartition(history, members, initial);
  // One exact search serves the tries and the final confirmation.
  ResumableSearch exact(partition, UnknownOps::Exact);
  std::uint64_t exactUsed = 0, otherPasses = 0;
  auto runExact = [&](std::uint64_t budget) {
    SearchOutcome o = exact.run(std::min(limits.maxConfigurations, budget));
    exactUsed = o.configurations;  // cumulative
    return o;
  };
  auto done = [&](Verdict verdict) {
    d.verdict = verdict;
    d.configurations = exactUsed + otherPasses;
    return d;
  };
  auto proved = [&](const WindowProof& proof) {
    d.culprit = proof.culprit;
    d.windowFrom = proof.from;
    d.windowProof = true;
    return done(Verdict::NotLinearizable);
  };

  // A stale read needs no search (stale_read.h).
  if (limits.quickTryConfigurations > 0) {
    if (std::optional<WindowProof> stale = findStaleRead(partition)) return proved(*stale);
  }

  // 0. Most histories are linearizable, and depth-first search with just-in-
  //    time ordering usually finds an order after little backtracking.
  if (limits.quickTryConfigurations > 0) {
    SearchOutcome first = runExact(limits.quickTryConfigurations);
    // Exhausted: small enough that the explanation finds the culprit itself.
    if (first.verdict != Verdict::Unknown) return done(first.verdict);
    // 1. The try ran out. Where it got stuck is where a violation would be.
    WindowSearch windows =
        proveInWindow(history, members, initial, partition, first.deepest, limits);
    otherPasses += windows.configurations;
    if (windows.proof) return proved(*windows.proof);
    // No violation there: a linearizable history that needs more
    // backtracking is the likely case, so the try goes on a while.
    SearchOutcome second = runExact(limits.secondTryConfigurations);
    if (second.verdict != Verdict::Unknown) return done(second.verdict);
    // The try may be stuck on a hard but fine region while the violation is
    // elsewhere: look for a local one anywhere before paying for the sweep.
    WindowSearch scan = scanWindows(history, members, initial, partition, limits);
    otherPasses += scan.configurations;
    if (scan.proof) return proved(*scan.proof);
    // The sweep below keeps every configuration possible at each moment,
    // which with dozens of clients in flight is far more than the try
    // needs to find an order: the try goes on first.
    SearchOutcome third = runExact(limits.thirdTryConfigurations);
    if (third.verdict != Verdict::Unknown) return done(third.verdict);
  }

  // 2. The exhaustive relaxed pass.
  Verdict relaxedVerdict = Verdict::Linearizable;
  FrontierOutcome sweep = sweepRelaxed(partition, limits);
  otherPasses += sweep.configurations;
  if (sweep.tooWide) {
    SearchOutcome relaxed = searchPartition(partition, limits, UnknownOps::Relaxed);
    otherPasses += relaxed.configurations;
    relaxedVerdict = relaxed.verdict;
  } else {
    relaxedVerdict = sweep.verdict;
    if (sweep.verdict == Verdict::NotLinearizable)
      d.culprit = partition.completed[sweep.culprit].origin;
  }
  if (relaxedVerdict != Verdict::Linearizable || partition.pending.empty())
    return done(relaxedVerdict);

  // 3. Confirmation by the exact search, continued where the tries stopped.
  d.exactPassRan = true;
  return done(runExact(limits.maxConfigurations).verdict);
}

}  // namespace catslab::checker
