#include "ui/workload/latency_windows.h"

#include <algorithm>
#include <cmath>

namespace catslab::ui::workload {

std::int64_t percentile(std::vector<std::int64_t> values, double p) {
  if (values.empty()) return 0;
  // Nearest rank: the smallest value with at least p% of the values at or below it.
  const auto n = values.size();
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(n)));
  rank = std::clamp<std::size_t>(rank, 1, n);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank - 1),
                   values.end());
  return values[rank - 1];
}

void LatencyWindows::add(const std::string& node, std::int64_t startNs, std::int64_t endNs,
                         bool failed) {
  const std::int64_t index = std::max<std::int64_t>(endNs, 0) / windowNs_;
  Bucket& b = byNode_[node][index];
  if (failed) {
    ++b.failed;
  } else {
    b.latencies.push_back(std::max<std::int64_t>(endNs - startNs, 0));
  }
}

std::vector<std::string> LatencyWindows::nodes() const {
  std::vector<std::string> ids;
  for (const auto& [id, buckets] : byNode_) ids.push_back(id);
  return ids;
}

namespace {
Window summarize(std::int64_t startNs, std::vector<std::int64_t> latencies, int failed,
                 std::int64_t spanNs) {
  Window w;
  w.startNs = startNs;
  w.ok = static_cast<int>(latencies.size());
  w.failed = failed;
  w.opsPerSecond = spanNs > 0 ? static_cast<double>(w.ok) * 1e9 / static_cast<double>(spanNs) : 0;
  w.p50Ns = percentile(latencies, 50);
  w.p99Ns = percentile(std::move(latencies), 99);
  return w;
}
}  // namespace

std::vector<Window> LatencyWindows::windows(const std::string& node) const {
  // Merge the chosen nodes' buckets per window index.
  std::map<std::int64_t, Bucket> merged;
  for (const auto& [id, buckets] : byNode_) {
    if (!node.empty() && id != node) continue;
    for (const auto& [index, b] : buckets) {
      Bucket& m = merged[index];
      m.latencies.insert(m.latencies.end(), b.latencies.begin(), b.latencies.end());
      m.failed += b.failed;
    }
  }
  std::vector<Window> out;
  if (merged.empty()) return out;
  const std::int64_t last = merged.rbegin()->first;
  out.reserve(static_cast<std::size_t>(last + 1));
  for (std::int64_t i = 0; i <= last; ++i) {
    auto it = merged.find(i);
    if (it == merged.end()) {
      out.push_back(summarize(i * windowNs_, {}, 0, windowNs_));
    } else {
      out.push_back(
          summarize(i * windowNs_, std::move(it->second.latencies), it->second.failed, windowNs_));
    }
  }
  return out;
}

Window LatencyWindows::total(const std::string& node, std::int64_t spanNs) const {
  std::vector<std::int64_t> latencies;
  int failed = 0;
  for (const auto& [id, buckets] : byNode_) {
    if (!node.empty() && id != node) continue;
    for (const auto& [index, b] : buckets) {
      latencies.insert(latencies.end(), b.latencies.begin(), b.latencies.end());
      failed += b.failed;
    }
  }
  return summarize(0, std::move(latencies), failed, spanNs);
}

}  // namespace catslab::ui::workload
