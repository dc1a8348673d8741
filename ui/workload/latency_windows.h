// LatencyWindows: what the workload charts plot — completed client operations
// cut into fixed windows of time (1 s by default) by completion time, per
// node and for all nodes: operations per second, failures, and the p50 and
// p99 latency (nearest rank) of the operations that succeeded in the window.
// A failed or timed-out operation counts as a failure, not in the latencies.
//
// Plain values, no Qt; add() in any order. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace catslab::ui::workload {

// The nearest-rank p-th percentile (0 < p <= 100) of `values`; 0 when empty.
std::int64_t percentile(std::vector<std::int64_t> values, double p);

struct Window {
  std::int64_t startNs = 0;
  int ok = 0;
  int failed = 0;
  double opsPerSecond = 0;  // ok operations per second
  std::int64_t p50Ns = 0;   // 0 when no operation succeeded in the window
  std::int64_t p99Ns = 0;
};

class LatencyWindows {
 public:
  explicit LatencyWindows(std::int64_t windowNs = 1'000'000'000) : windowNs_(windowNs) {}
  std::int64_t windowNs() const { return windowNs_; }
  void clear() { byNode_.clear(); }
  void add(const std::string& node, std::int64_t startNs, std::int64_t endNs, bool failed);
  std::vector<std::string> nodes() const;  // sorted by id
  // Every window from 0 to the last one with an operation; node "" = all nodes.
  std::vector<Window> windows(const std::string& node) const;
  // The whole run as one window (opsPerSecond over `spanNs`).
  Window total(const std::string& node, std::int64_t spanNs) const;

 private:
  struct Bucket {
    std::vector<std::int64_t> latencies;  // of ok operations
    int failed = 0;
  };
  std::int64_t windowNs_;
  std::map<std::string, std::map<std::int64_t, Bucket>> byNode_;  // node → window index → bucket
};

}  // namespace catslab::ui::workload
