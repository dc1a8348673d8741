// What a history says about the system's speed, beside whether it is
// linearizable: how many operations of each kind and outcome, over how long,
// how many per second, and how long they took to return (percentiles).
// `catslab-check --stats` prints it; the benchmarks read it from there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "protocols/linearizability/history/history.h"

namespace catslab::checker {

struct HistoryStats {
  std::size_t operations = 0;
  std::size_t reads = 0, writes = 0, cas = 0;
  std::size_t ok = 0, failed = 0;
  std::size_t unknown = 0;  // never returned, or returned "info"
  // From the first invocation to the last completion (0 if nothing returned),
  // in the history's time unit.
  std::int64_t span = 0;
  // Latency (completion minus invocation) over the operations that returned
  // (ok or failed), nearest-rank percentiles; all 0 if none returned.
  std::int64_t p50 = 0, p90 = 0, p99 = 0, max = 0;
  std::size_t timed = 0;  // how many operations those percentiles cover
};

HistoryStats computeStats(const History& history);

// A few lines for people. With a time unit of "ns" the times are shown in
// milliseconds and the throughput (ok operations per second of span) is
// added; any other unit (Jepsen logs without times count lines) is shown as is.
std::string formatStats(const HistoryStats& stats, const std::string& timeUnit);

}  // namespace catslab::checker
