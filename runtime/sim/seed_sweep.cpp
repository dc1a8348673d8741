#include "runtime/sim/seed_sweep.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace catslab::sim {

namespace {

std::optional<std::uint64_t> parseCount(std::string_view s) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string Shard::toString() const { return std::to_string(index) + "/" + std::to_string(count); }

runtime::Result<Shard> parseShard(const std::string& text) {
  const auto slash = text.find('/');
  const auto bad = [&](const char* why) {
    return runtime::Result<Shard>::failure("--shard '" + text + "': " + why);
  };
  if (slash == std::string::npos) return bad("expected I/N, the shard index and the shard count");
  const auto index = parseCount(std::string_view(text).substr(0, slash));
  const auto count = parseCount(std::string_view(text).substr(slash + 1));
  if (!index || !count) return bad("I and N must be non-negative integers");
  if (*count == 0) return bad("the shard count N must be at least 1");
  if (*index >= *count) return bad("the shard index I counts from 0 and must be below N");
  return Shard{*index, *count};
}

std::uint64_t seedsInShard(std::uint64_t first, std::uint64_t last, const Shard& shard) {
  if (last < first || shard.count == 0) return 0;
  const std::uint64_t offsets = last - first;  // the range has offsets + 1 seeds
  if (shard.index > offsets) return 0;
  return (offsets - shard.index) / shard.count + 1;
}

SweepResult sweep(const Scenario& scenario, const SweepOptions& options) {
  SweepResult out;
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t total = seedsInShard(options.first, options.last, options.shard);
  std::atomic<std::uint64_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::uint64_t done = 0;

  auto worker = [&] {
    while (true) {
      if (options.stopOnFailure && failed.load()) return;
      const std::uint64_t i = next.fetch_add(1);
      if (i >= total) return;
      const std::uint64_t seed = options.first + options.shard.index + i * options.shard.count;
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
        out.failedSeeds.push_back(r.seed);
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
  std::sort(out.failedSeeds.begin(), out.failedSeeds.end());
  out.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace catslab::sim
