// YCSB's text output, so that scripts and plots written for YCSB read ours:
// the final report (TextMeasurementsExporter with HdrHistogram measurements)
//   [OVERALL], RunTime(ms), 10110
//   [OVERALL], Throughput(ops/sec), 98.91196834817013
//   [READ], Operations, 496
//   [READ], AverageLatency(us), 587.7298387096774
//   [READ], MinLatency(us), 253
//   [READ], MaxLatency(us), 25567
//   [READ], 95thPercentileLatency(us), 1013
//   [READ], 99thPercentileLatency(us), 1469
//   [READ], Return=OK, 496
// and the status line printed while running (StatusThread)
//   2026-12-07 00:10:20:345 10 sec: 9234 operations; 923.4 current ops/sec;
//   est completion in 1 minute 2 seconds [READ: Count=4619, Max=..., Min=...,
//   Avg=..., 90=..., 99=..., 99.9=..., 99.99=...] ...
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "measurements.h"

namespace catslab::ycsb {

// A double as Java's Double.toString prints it for the values we print
// (shortest round-trip digits, ".0" for whole numbers).
std::string javaDouble(double value);
// YCSB's ordinal(): 95 -> "95th", 1 -> "1st", 99.9 -> "99.9".
std::string percentileName(double percentile);

std::string formatReport(const StatsTable& stats, int64_t runtimeMs, int64_t operations,
                         const std::vector<double>& percentiles);
// The drivers' counters after the report, one "[CLIENT], <name>, <value>" line each.
std::string formatCounters(const std::map<std::string, int64_t>& counters);

struct StatusSnapshot {
  std::chrono::system_clock::time_point now;
  int64_t elapsedSeconds = 0;
  int64_t operations = 0;
  double currentOpsPerSecond = 0;
  int64_t remainingSeconds = -1;  // -1: unknown (no operation count)
};
// `stats` are the figures of the interval since the previous line, as YCSB's
// HdrHistogram status does (intervalOf makes them from two cumulative tables).
std::string formatStatusLine(const StatusSnapshot& snapshot, const StatsTable& stats);
StatsTable intervalOf(const StatsTable& now, const StatsTable& before);
// YCSB's RemainingFormatter: "1 minute 2 seconds", "3 hours 1 minute", "0 seconds".
std::string formatRemaining(int64_t seconds);

}  // namespace catslab::ycsb
