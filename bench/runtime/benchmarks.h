// The benchmarks of catslab-bench. Each one builds its own Runtime, runs a
// fixed workload to completion (components call shutdownSystem() when done,
// the harness blocks on Runtime::awaitTermination) and prints one Report
// line. Wall time is taken by the harness, outside component code.
#pragma once

#include <cstdint>

#include "bench/runtime/bench_args.h"
#include "bench/runtime/bench_report.h"
#include "runtime/runtime.h"

namespace catslab::bench {

struct RuntimeConfig {
  int workers = 0;  // 0: one per core
  int batch = 32;   // events per component turn (work-stealing only)
  bool deterministic = false;
};
RuntimeConfig runtimeConfig(Args& args);
runtime::RuntimeOptions runtimeOptions(const RuntimeConfig& config);
// Appends scheduler, workers and batch to a report.
void describe(Report& report, const RuntimeConfig& config);

// P independent pinger/ponger pairs; each pinger keeps `pipeline` pings in
// flight until it has completed `roundTrips` round trips.
struct PingPongConfig {
  std::int64_t roundTrips = 100000;  // per pair
  int pairs = 1;
  int pipeline = 1;
  RuntimeConfig runtime;
};
PingPongConfig pingPongConfig(Args& args);
void runPingPong(const PingPongConfig& config);

// One publisher, `subscribers` subscribers; each event reaches all of them.
struct FanoutConfig {
  std::int64_t events = 20000;
  int subscribers = 64;
  RuntimeConfig runtime;
};
FanoutConfig fanoutConfig(Args& args);
void runFanout(const FanoutConfig& config);

// A two-level tree of idle components (each with one provided port and one
// handler): creation, start and destruction times, or memory per component.
struct TreeConfig {
  std::int64_t components = 100000;
  RuntimeConfig runtime;
};
TreeConfig treeConfig(Args& args);
void runCreate(const TreeConfig& config);
void runMemory(const TreeConfig& config);

}  // namespace catslab::bench
