#include "protocols/linearizability/search/stale_read.h"

#include <algorithm>
#include <vector>

namespace catslab::checker {

namespace {

// The ops that leave one value in the register, sorted by invocation, with
// the latest return among each prefix: "does one of those invoked before t
// return after s?" is a binary search.
struct Producers {
  std::vector<std::int64_t> invokeAt;
  std::vector<std::int64_t> latestReturn;
  void add(std::int64_t invoke, std::int64_t complete) {
    invokeAt.push_back(invoke);
    latestReturn.push_back(complete);
  }
  void finish() {
    std::vector<std::size_t> order(invokeAt.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return invokeAt[a] < invokeAt[b]; });
    std::vector<std::int64_t> inv, ret;
    std::int64_t latest = INT64_MIN;
    for (std::size_t i : order) {
      inv.push_back(invokeAt[i]);
      latest = std::max(latest, latestReturn[i]);
      ret.push_back(latest);
    }
    invokeAt.swap(inv);
    latestReturn.swap(ret);
  }
  // True if one invoked before `before` returns after `after`.
  bool overlaps(std::int64_t after, std::int64_t before) const {
    auto n = static_cast<std::size_t>(std::lower_bound(invokeAt.begin(), invokeAt.end(), before) -
                                      invokeAt.begin());
    return n > 0 && latestReturn[n - 1] > after;
  }
};

}  // namespace

std::optional<WindowProof> findStaleRead(const Partition& p) {
  std::vector<Producers> producers(p.values.size());
  std::vector<std::size_t> setters;  // ok writes and cas, by return
  for (std::size_t i = 0; i < p.completed.size(); ++i) {
    const CompletedOp& op = p.completed[i];
    if (op.kind == OpKind::Read) continue;
    producers[op.value].add(op.invokeAt, op.completeAt);
    setters.push_back(i);
  }
  for (const PendingClass& cls : p.pending)
    for (std::int64_t at : cls.invokeAt) producers[cls.value].add(at, kNever);
  for (Producers& pr : producers) pr.finish();
  std::sort(setters.begin(), setters.end(), [&](std::size_t a, std::size_t b) {
    return p.completed[a].completeAt < p.completed[b].completeAt;
  });

  // Needers in invocation order (completed is sorted by it); the setter
  // invoked last among those returned before the needer began.
  std::size_t next = 0;
  std::size_t w = p.completed.size();
  for (const CompletedOp& r : p.completed) {
    while (next < setters.size() && p.completed[setters[next]].completeAt < r.invokeAt) {
      std::size_t s = setters[next++];
      if (w == p.completed.size() || p.completed[s].invokeAt > p.completed[w].invokeAt) w = s;
    }
    if (r.kind == OpKind::Write || w == p.completed.size()) continue;
    const std::int32_t v = r.kind == OpKind::Read ? r.value : r.expected;
    const CompletedOp& setter = p.completed[w];
    if (setter.value == v) continue;
    if (producers[v].overlaps(setter.invokeAt, r.completeAt)) continue;
    return WindowProof{setter.invokeAt, r.origin};
  }
  return std::nullopt;
}

}  // namespace catslab::checker
