#include "runtime/sim/seed_sweep.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace catslab::sim {

SweepResult sweep(const Scenario& scenario, const SweepOptions& options) {
  SweepResult out;
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t total = options.last >= options.first ? options.last - options.first + 1 : 0;
  std::atomic<std::uint64_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::uint64_t done = 0;

  auto worker = [&] {
    while (true) {
      if (options.stopOnFailure && failed.load()) return;
      const std::uint64_t i = next.fetch_add(1);
      if (i >= total) return;
      const std::uint64_t seed = options.first + i;
      SimulationOptions so;
      {
        std::lock_guard lock(mutex);
        if (options.optionsFor) so = options.optionsFor(seed);
      }
      so.seed = seed;
      RunResult r = scenario.run(std::move(so));
      std::lock_guard lock(mutex);
      ++done;
      ++out.runs;
      out.events += r.events;
      if (!r.passed()) {
        failed = true;
        if (!out.firstFailure || r.seed < out.firstFailure->seed) out.firstFailure = r;
      }
      if (options.progress) options.progress(r, done, total);
    }
  };
  const int jobs = std::max(1, options.jobs);
  if (jobs == 1) {
    worker();
  } else {
    std::vector<std::thread> threads;
    for (int j = 0; j < jobs; ++j) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
  }
  out.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace catslab::sim
