// Runs one scenario under a range of seeds, in parallel threads (each seed
// its own Simulation and Runtime), stopping at the first failing seed. A
// failure is reported with the lowest failing seed among the runs that
// finished, so the answer does not depend on the number of jobs when the
// range is small enough that every seed up to it ran.
//
// Thread safety: sweep() is called from one thread; `progress` and
// `optionsFor` are called from worker threads, one at a time (serialized).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "runtime/sim/scenario.h"

namespace catslab::sim {

struct SweepOptions {
  std::uint64_t first = 1;
  std::uint64_t last = 1;
  int jobs = 1;
  bool stopOnFailure = true;
  // Per-seed simulation options (trace sinks, ...); default: just the seed.
  std::function<SimulationOptions(std::uint64_t seed)> optionsFor;
  // Called after each finished seed; also told when a seed completes its trace.
  std::function<void(const RunResult& result, std::uint64_t done, std::uint64_t total)> progress;
};

struct SweepResult {
  std::uint64_t runs = 0;
  std::uint64_t events = 0;
  double wallSeconds = 0;
  std::optional<RunResult> firstFailure;
};

SweepResult sweep(const Scenario& scenario, const SweepOptions& options);

}  // namespace catslab::sim
