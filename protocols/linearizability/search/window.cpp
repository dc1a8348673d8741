#include "protocols/linearizability/search/window.h"

#include <algorithm>

#include "protocols/linearizability/search/frontier_search.h"

namespace catslab::checker {

namespace {

// A window is meant to be cheap; one that is not is given up rather than
// allowed to cost what the whole history would.
constexpr std::uint64_t kWindowBudget = 250'000;
// The scan tries many small windows; each gets a small budget.
constexpr std::uint64_t kScanWindowBudget = 5'000;

// Builds windows of `whole` (whose ok-operations are sorted by invocation)
// without walking the whole history each time: a window holds the
// ok-operations invoked before its cutoff that had not returned when it opens,
// and every unknown-outcome operation invoked before its cutoff.
class Windows {
 public:
  Windows(const History& history, const PartitionMembers& members, const std::string& initial,
          const Partition& whole, const SearchLimits& limits)
      : history_(history), members_(members), initial_(initial), whole_(whole) {
    budget_ = limits;
    prefixMaxReturn_.reserve(whole.completed.size());
    std::int64_t latest = 0;
    for (const CompletedOp& op : whole.completed) {
      latest = std::max(latest, op.completeAt);
      prefixMaxReturn_.push_back(latest);
    }
    for (const PendingClass& cls : whole.pending)
      for (std::size_t i = 0; i < cls.origins.size(); ++i)
        unknown_.push_back({cls.invokeAt[i], cls.origins[i]});
  }

  std::size_t size() const { return whole_.completed.size(); }
  std::int64_t invokeAt(std::size_t i) const { return whole_.completed[i].invokeAt; }

  // Ops [first, end) by invocation index; `first` == 0 keeps the history's start.
  // Adds its configurations to `*configurations`; returns a proof if refuted.
  std::optional<WindowProof> refute(std::size_t first, std::size_t end, std::uint64_t budget,
                                    std::uint64_t* configurations) const {
    const std::int64_t from = first == 0 ? 0 : invokeAt(first);
    const std::int64_t cutoff = end >= size() ? kNever : invokeAt(end);
    PartitionMembers window{members_.key, {}};
    // Ops invoked before the opening that are still running then.
    for (std::size_t j = first; j > 0 && prefixMaxReturn_[j - 1] >= from; --j)
      if (whole_.completed[j - 1].completeAt >= from)
        window.ops.push_back(whole_.completed[j - 1].origin);
    for (std::size_t j = first; j < std::min(end, size()); ++j)
      window.ops.push_back(whole_.completed[j].origin);
    for (const auto& [at, origin] : unknown_)
      if (at < cutoff) window.ops.push_back(origin);
    Partition p = buildPartition(history_, window, initial_, {}, cutoff, from);
    SearchLimits limits = budget_;
    limits.maxConfigurations = std::min(budget_.maxConfigurations, budget);
    // The relaxed depth-first search, not the sweep: a window of a busy
    // history has dozens of operations in flight, and the sweep would keep
    // every subset of their writes, where the search takes a write only
    // where its value is seen (search.h).
    SearchOutcome relaxed = searchPartition(p, limits, UnknownOps::Relaxed);
    *configurations += relaxed.configurations;
    if (relaxed.verdict != Verdict::NotLinearizable) return std::nullopt;
    // Refuted. The sweep also names the return where it breaks, which the
    // explanation starts from; if that costs too much, it finds it itself.
    FrontierOutcome sweep = sweepRelaxed(p, limits);
    *configurations += sweep.configurations;
    if (sweep.verdict != Verdict::NotLinearizable) return WindowProof{from, std::nullopt};
    return WindowProof{from, p.completed[sweep.culprit].origin};
  }

 private:
  const History& history_;
  const PartitionMembers& members_;
  const std::string& initial_;
  const Partition& whole_;
  SearchLimits budget_;
  std::vector<std::int64_t> prefixMaxReturn_;                    // latest return among ops [0, i]
  std::vector<std::pair<std::int64_t, std::uint32_t>> unknown_;  // (invokeAt, History index)
};

}  // namespace

WindowSearch proveInWindow(const History& history, const PartitionMembers& members,
                           const std::string& initial, const Partition& whole, std::size_t stuck,
                           const SearchLimits& limits) {
  WindowSearch out;
  const std::size_t n = whole.completed.size();
  if (n == 0 || stuck >= n) return out;
  Windows windows(history, members, initial, whole, limits);
  for (std::size_t radius = limits.firstWindowRadius;
       radius != 0 && radius <= limits.maxWindowRadius; radius *= 4) {
    // Ops are sorted by invocation, so the window is `radius` invocations
    // either side of the stuck one.
    std::size_t first = stuck > radius ? stuck - radius : 0;
    std::size_t end = stuck + radius;
    if (first == 0 && end >= n) break;  // that is the whole history
    ++out.windowsTried;
    out.proof = windows.refute(first, end, kWindowBudget, &out.configurations);
    if (out.proof) return out;
  }
  return out;
}

WindowSearch scanWindows(const History& history, const PartitionMembers& members,
                         const std::string& initial, const Partition& whole,
                         const SearchLimits& limits) {
  WindowSearch out;
  const std::size_t n = whole.completed.size();
  const std::size_t width = 4 * limits.firstWindowRadius;
  if (width == 0 || n <= width) return out;  // the whole history is the only window
  Windows windows(history, members, initial, whole, limits);
  // Half-overlapping windows: a violation whose operations span at most
  // width / 2 invocations lies entirely inside one of them.
  for (std::size_t first = 0; first < n; first += width / 2) {
    ++out.windowsTried;
    out.proof = windows.refute(first, first + width, kScanWindowBudget, &out.configurations);
    if (out.proof || first + width >= n) return out;
  }
  return out;
}

}  // namespace catslab::checker
