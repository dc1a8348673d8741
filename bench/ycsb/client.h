// The client: YCSB's Client and ClientThread. Runs the load phase (insert
// recordcount records, or insertcount from insertstart) or the run phase
// (operationcount operations drawn by the workload) on N threads, each with
// its own Db, optionally throttled to a target throughput, and prints YCSB's
// status line every status.interval seconds (default 10) while running.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "measurements.h"
#include "properties.h"
#include "workload.h"

namespace catslab::ycsb {

struct ClientOptions {
  bool load = false;
  std::string db;
  int threads = 1;
  double target = 0;  // ops/s over all threads; 0: as fast as possible
  int statusIntervalSeconds = 10;
  int64_t maxExecutionSeconds = 0;  // 0: until the operation count is done
};

struct RunResult {
  StatsTable stats;
  int64_t runtimeMs = 0;
  int64_t operations = 0;
  std::map<std::string, int64_t> counters;  // the drivers' counters, summed over threads
};

// Runs one phase. Fails only when a Db cannot be created or connected (the
// message names the store and address); failed operations are counted in
// the result by their return status.
Result<RunResult> runPhase(CoreWorkload& workload, const Properties& props,
                           const ClientOptions& options, std::ostream& status);

}  // namespace catslab::ycsb
