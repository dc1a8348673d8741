#include "protocols/linearizability/history/history_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace catslab::checker {

namespace {

// The smallest latency with at least `p` of all latencies at or below it.
std::int64_t nearestRank(const std::vector<std::int64_t>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p * double(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

std::string showTime(std::int64_t t, bool ns, const std::string& unit) {
  char buf[64];
  if (ns) {
    std::snprintf(buf, sizeof buf, "%.3f ms", double(t) / 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "%lld %s", static_cast<long long>(t), unit.c_str());
  }
  return buf;
}

}  // namespace

HistoryStats computeStats(const History& history) {
  HistoryStats s;
  std::vector<std::int64_t> latencies;
  std::int64_t first = 0, last = 0;  // an unanswered call still opens the span
  for (const Operation& op : history.ops) {
    first = s.operations == 0 ? op.invokeTime : std::min(first, op.invokeTime);
    ++s.operations;
    switch (op.kind) {
      case OpKind::Read:
        ++s.reads;
        break;
      case OpKind::Write:
        ++s.writes;
        break;
      case OpKind::Cas:
        ++s.cas;
        break;
    }
    const bool returned = op.outcome != Outcome::Unknown && op.completeTime >= 0;
    switch (op.outcome) {
      case Outcome::Ok:
        ++s.ok;
        break;
      case Outcome::Fail:
        ++s.failed;
        break;
      case Outcome::Unknown:
        ++s.unknown;
        break;
    }
    if (!returned) continue;
    last = latencies.empty() ? op.completeTime : std::max(last, op.completeTime);
    latencies.push_back(op.completeTime - op.invokeTime);
  }
  if (!latencies.empty()) {
    std::sort(latencies.begin(), latencies.end());
    s.timed = latencies.size();
    s.p50 = nearestRank(latencies, 0.50);
    s.p90 = nearestRank(latencies, 0.90);
    s.p99 = nearestRank(latencies, 0.99);
    s.max = latencies.back();
    s.span = last - first;
  }
  return s;
}

std::string formatStats(const HistoryStats& s, const std::string& unit) {
  const bool ns = unit == "ns";
  std::string out;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "operations: %zu (%zu reads, %zu writes, %zu cas): %zu ok, %zu failed, %zu "
                "unknown\n",
                s.operations, s.reads, s.writes, s.cas, s.ok, s.failed, s.unknown);
  out += buf;
  if (s.timed == 0) return out + "latency: no operation returned\n";
  out += "span: " + showTime(s.span, ns, unit);
  if (ns && s.span > 0) {
    std::snprintf(buf, sizeof buf, ", %.1f ok operations/s", double(s.ok) * 1e9 / double(s.span));
    out += buf;
  }
  out += "\n";
  out += "latency of " + std::to_string(s.timed) + " returned: p50 " + showTime(s.p50, ns, unit) +
         ", p90 " + showTime(s.p90, ns, unit) + ", p99 " + showTime(s.p99, ns, unit) + ", max " +
         showTime(s.max, ns, unit) + "\n";
  return out;
}

}  // namespace catslab::checker
