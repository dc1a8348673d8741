#include "protocols/linearizability/explain.h"

#include <algorithm>

#include "protocols/linearizability/search/frontier_search.h"

namespace catslab::checker {

namespace {

// Above this many surviving operations, step 3 is skipped: it would cost one
// search per operation.
constexpr std::size_t kMaxOneByOne = 400;

class Shrinker {
 public:
  Shrinker(const History& h, const PartitionMembers& m, const std::string& initial,
           const SearchLimits& limits, std::optional<std::uint32_t> culprit, std::int64_t from)
      : h_(h),
        m_(m),
        initial_(initial),
        limits_(limits),
        knownCulprit_(culprit),
        from_(from),
        relaxed_(h.ops.size(), 0) {}

  // True only if the history is proven non-linearizable; an exhausted search
  // budget counts as "maybe fine" so that shrinking stays sound.
  bool fails(std::int64_t cutoff) const {
    Partition p = buildPartition(h_, m_, initial_, relaxed_, cutoff, from_);
    // The relaxed pass alone: its "not linearizable" is a proof, and it is the
    // cheap one; a check it cannot prove keeps the operation in the set.
    FrontierOutcome sweep = sweepRelaxed(p, limits_);
    if (sweep.tooWide)
      return searchPartition(p, limits_, UnknownOps::Relaxed).verdict == Verdict::NotLinearizable;
    return sweep.verdict == Verdict::NotLinearizable;
  }

  Explanation run() {
    std::vector<std::uint32_t> okOps;
    // In a window, ops invoked before it opens are already relaxed or gone.
    for (std::uint32_t i : m_.ops)
      if (h_.ops[i].outcome == Outcome::Ok && h_.ops[i].invokeAt >= from_) okOps.push_back(i);
    std::sort(okOps.begin(), okOps.end(), [this](std::uint32_t a, std::uint32_t b) {
      return h_.ops[a].completeAt < h_.ops[b].completeAt;
    });
    Explanation ex;
    ex.from = from_;
    if (okOps.empty()) return ex;

    // 1. Smallest prefix of completions that already fails.
    std::size_t lo = 0, hi = okOps.size() - 1;
    if (knownCulprit_) {
      auto at = std::find(okOps.begin(), okOps.end(), *knownCulprit_);
      if (at != okOps.end()) lo = hi = static_cast<std::size_t>(at - okOps.begin());
    }
    while (lo < hi) {
      std::size_t mid = (lo + hi) / 2;
      if (fails(h_.ops[okOps[mid]].completeAt + 1)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    std::size_t last = lo;
    ex.culprit = okOps[last];
    ex.cutoff = h_.ops[ex.culprit].completeAt + 1;

    // 2. Longest prefix of completions that can be relaxed together.
    auto relaxFirst = [this, &okOps](std::size_t count) {
      for (std::size_t j = 0; j < okOps.size(); ++j) relaxed_[okOps[j]] = j < count ? 1 : 0;
    };
    // Checks with few unrelaxed operations are cheap and those with many are
    // not, so gallop outwards from the culprit before bisecting.
    std::size_t good = 0;        // relaxing this many keeps the violation
    std::size_t bad = last + 1;  // relaxing this many loses it
    for (std::size_t window = 4;; window *= 2) {
      std::size_t count = last > window ? last - window : 0;
      if (count <= good) break;
      relaxFirst(count);
      if (fails(ex.cutoff)) {
        good = count;
        break;
      }
      bad = count;
    }
    while (bad - good > 1) {
      std::size_t mid = good + (bad - good) / 2;
      relaxFirst(mid);
      if (fails(ex.cutoff)) {
        good = mid;
      } else {
        bad = mid;
      }
    }
    relaxFirst(good);
    lo = good;

    // 3. One at a time, latest first (late ops are the most likely bystanders).
    std::vector<std::uint32_t> survivors(okOps.begin() + static_cast<std::ptrdiff_t>(lo),
                                         okOps.begin() + static_cast<std::ptrdiff_t>(last) + 1);
    if (survivors.size() <= kMaxOneByOne) {
      for (auto it = survivors.rbegin(); it != survivors.rend(); ++it) {
        if (*it == ex.culprit) continue;
        relaxed_[*it] = 1;
        if (!fails(ex.cutoff)) relaxed_[*it] = 0;
      }
    } else {
      ex.minimal = false;
    }
    for (std::uint32_t i : survivors)
      if (!relaxed_[i]) ex.ops.push_back(i);
    std::sort(ex.ops.begin(), ex.ops.end(), [this](std::uint32_t a, std::uint32_t b) {
      return h_.ops[a].invokeAt < h_.ops[b].invokeAt;
    });
    return ex;
  }

 private:
  const History& h_;
  const PartitionMembers& m_;
  const std::string& initial_;
  SearchLimits limits_;
  std::optional<std::uint32_t> knownCulprit_;
  std::int64_t from_;
  std::vector<char> relaxed_;
};

}  // namespace

Explanation explainViolation(const History& history, const PartitionMembers& members,
                             const std::string& initial, const SearchLimits& limits,
                             std::optional<std::uint32_t> culprit, std::int64_t from) {
  Shrinker shrinker(history, members, initial, limits, culprit, from);
  return shrinker.run();
}

}  // namespace catslab::checker
