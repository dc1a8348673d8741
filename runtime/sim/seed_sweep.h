// Runs one scenario under a range of seeds, in parallel threads (each seed
// its own Simulation and Runtime), stopping at the first failing seed. A
// failure is reported with the lowest failing seed among the runs that
// finished, so the answer does not depend on the number of jobs when the
// range is small enough that every seed up to it ran.
//
// A sweep can be one shard of a range split across processes or machines
// (a Kubernetes Indexed Job, several hosts): shard I of N runs the seeds
// first + k, 0 <= k <= last - first, with k % N == I. Striding rather than
// contiguous blocks spreads slow or failing regions of the range over every
// shard, and the N shards together run each seed of the range exactly once.
//
// Thread safety: sweep() is called from one thread; `progress` and
// `optionsFor` are called from worker threads, one at a time (serialized).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runtime/result.h"
#include "runtime/sim/scenario.h"

namespace catslab::sim {

// Which part of a seed range a sweep runs: shard `index` of `count` (0-based).
struct Shard {
  std::uint64_t index = 0;
  std::uint64_t count = 1;
  // "I/N", as the command line prints it.
  std::string toString() const;
};

// Parses "I/N" with 0 <= I < N; the error names the text and what is wrong.
runtime::Result<Shard> parseShard(const std::string& text);

// The number of seeds of first..last that shard runs.
std::uint64_t seedsInShard(std::uint64_t first, std::uint64_t last, const Shard& shard);

struct SweepOptions {
  std::uint64_t first = 1;
  std::uint64_t last = 1;
  Shard shard;
  int jobs = 1;
  // false: run every seed of the shard and report every failing one.
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
  // Every failing seed among the runs, ascending (all of them when
  // stopOnFailure is false).
  std::vector<std::uint64_t> failedSeeds;
};

SweepResult sweep(const Scenario& scenario, const SweepOptions& options);

}  // namespace catslab::sim
