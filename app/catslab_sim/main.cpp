// catslab-sim: runs a scenario in the deterministic simulator, or in the
// local stress profile (work-stealing pool, real time).
//
//   catslab-sim --scenario FILE --seed S [--trace OUT]
//   catslab-sim --scenario FILE --seeds A-B [--shard I/N | --shard-count N] [--keep-going]
//               [--jobs N] [--trace-dir DIR]
//   catslab-sim --profile stress [--workers N] --scenario FILE [--seed S] [--trace OUT]
//
// One seed prints a one-line summary; a range runs seeds in parallel threads,
// shows a progress bar on a terminal, stops at the first seed whose checks
// fail and prints the command that replays it (with --keep-going it runs
// every seed and prints the replay command of each failing one). --shard I/N
// runs only shard I of N of the range (seed A + k with k % N == I), so N
// processes on N machines share a range; --shard-count N takes I from
// JOB_COMPLETION_INDEX, which a Kubernetes Indexed Job sets. A stress run takes the
// scenario's length in real time and cannot be replayed; its summary says so
// and still prints the seed (drawn at random unless given). Exit codes: 0
// all checks passed, 1 a check failed, 2 bad usage or a malformed scenario file.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "runtime/sim/scenario_file.h"
#include "runtime/sim/seed_sweep.h"
#include "runtime/sim/trace_file.h"

namespace sim = catslab::sim;

namespace {

// To stderr with exit code 2 for bad usage; --help prints it to stdout.
int usage(const char* why, std::FILE* out = stderr) {
  if (why) std::fprintf(stderr, "catslab-sim: %s\n", why);
  std::fprintf(out,
               "usage: catslab-sim --scenario FILE --seed S [--trace OUT]\n"
               "       catslab-sim --scenario FILE --seeds A-B [--shard I/N | --shard-count N]\n"
               "                   [--keep-going] [--jobs N] [--trace-dir DIR]\n"
               "       catslab-sim --profile stress [--workers N] --scenario FILE [--seed S] "
               "[--trace OUT]\n");
  return 2;
}

std::optional<std::uint64_t> parseSeed(const std::string& s) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 19) {
    return std::nullopt;
  }
  return std::stoull(s);
}

void printFailures(const sim::RunResult& r) {
  if (!r.error.empty()) std::printf("  error: %s\n", r.error.c_str());
  for (const auto& f : r.failures) {
    std::printf("  check '%s' failed at t=%.3f ms: %s\n", f.check.c_str(),
                static_cast<double>(f.timeNs) / 1e6, f.message.c_str());
  }
}

std::string summary(const sim::RunResult& r) {
  char buf[512];
  const std::size_t failedChecks = r.failures.size();
  std::snprintf(
      buf, sizeof buf,
      "seed %llu: %llu events, %llu records, virtual %.3f s, wall %.3f s, %.0f events/s, "
      "checks %zu/%zu passed%s",
      static_cast<unsigned long long>(r.seed), static_cast<unsigned long long>(r.events),
      static_cast<unsigned long long>(r.records), static_cast<double>(r.virtualNs) / 1e9,
      r.wallSeconds, r.wallSeconds > 0 ? static_cast<double>(r.events) / r.wallSeconds : 0,
      r.checks - std::min(r.checks, failedChecks), r.checks, r.passed() ? "" : " — FAILED");
  return buf;
}

// The stress summary: real time instead of virtual, and a warning that the
// seed does not reproduce the run (thread interleavings and real delays
// decide it as much as the seed does).
std::string stressSummary(const sim::RunResult& r, int workers) {
  char buf[512];
  const std::size_t failedChecks = r.failures.size();
  std::snprintf(
      buf, sizeof buf,
      "seed %llu (stress, %d workers, not reproducible): %llu events, %llu records, "
      "real %.3f s, %.0f events/s, checks %zu/%zu passed%s",
      static_cast<unsigned long long>(r.seed), workers, static_cast<unsigned long long>(r.events),
      static_cast<unsigned long long>(r.records), r.wallSeconds,
      r.wallSeconds > 0 ? static_cast<double>(r.events) / r.wallSeconds : 0,
      r.checks - std::min(r.checks, failedChecks), r.checks, r.passed() ? "" : " — FAILED");
  return buf;
}

// A shard given by its count alone takes its index from the environment of a
// Kubernetes Indexed Job.
catslab::runtime::Result<sim::Shard> shardFromJobIndex(std::uint64_t count) {
  const char* index = std::getenv("JOB_COMPLETION_INDEX");
  if (!index) {
    return catslab::runtime::Result<sim::Shard>::failure(
        "--shard-count needs JOB_COMPLETION_INDEX in the environment (set by a Kubernetes "
        "Indexed Job); elsewhere give --shard I/N");
  }
  auto shard = sim::parseShard(std::string(index) + "/" + std::to_string(count));
  if (!shard) {
    return catslab::runtime::Result<sim::Shard>::failure(
        "JOB_COMPLETION_INDEX=" + std::string(index) + " with --shard-count " +
        std::to_string(count) + ": " + shard.error());
  }
  return shard;
}

std::string replayCommand(const char* argv0, const std::string& scenario, std::uint64_t seed) {
  return std::string(argv0) + " --scenario " + scenario + " --seed " + std::to_string(seed) +
         " --trace seed-" + std::to_string(seed) + ".trace";
}

}  // namespace

int main(int argc, char** argv) {
  std::string scenarioPath, tracePath, traceDir;
  std::optional<std::uint64_t> seed, first, last;
  int jobs = 1;
  bool stress = false;
  std::optional<int> workers;
  std::optional<sim::Shard> shard;
  std::optional<std::uint64_t> shardCount;
  bool keepGoing = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--help" || a == "-h") {
      usage(nullptr, stdout);
      return 0;
    } else if (a == "--scenario") {
      const char* v = value();
      if (!v) return usage("--scenario needs a file");
      scenarioPath = v;
    } else if (a == "--seed") {
      const char* v = value();
      if (!v || !(seed = parseSeed(v))) return usage("--seed needs a non-negative integer");
    } else if (a == "--seeds") {
      const char* v = value();
      const std::string s = v ? v : "";
      const auto dash = s.find('-');
      if (dash == std::string::npos) return usage("--seeds needs a range A-B");
      first = parseSeed(s.substr(0, dash));
      last = parseSeed(s.substr(dash + 1));
      if (!first || !last || *last < *first) return usage("--seeds needs a range A-B with A <= B");
    } else if (a == "--shard") {
      const char* v = value();
      if (!v) return usage("--shard needs I/N: run shard I (from 0) of N");
      auto parsed = sim::parseShard(v);
      if (!parsed) return usage(parsed.error().c_str());
      shard = *parsed;
    } else if (a == "--shard-count") {
      const char* v = value();
      shardCount = v ? parseSeed(v) : std::nullopt;
      if (!shardCount || *shardCount == 0) return usage("--shard-count needs a positive integer");
    } else if (a == "--keep-going") {
      keepGoing = true;
    } else if (a == "--jobs") {
      const char* v = value();
      auto n = v ? parseSeed(v) : std::nullopt;
      if (!n || *n == 0 || *n > 1024) return usage("--jobs needs a positive integer");
      jobs = static_cast<int>(*n);
    } else if (a == "--profile") {
      const char* v = value();
      const std::string p = v ? v : "";
      if (p == "stress") {
        stress = true;
      } else if (p != "simulation" && p != "deterministic") {
        return usage("--profile needs 'simulation' (the default) or 'stress'");
      }
    } else if (a == "--workers") {
      const char* v = value();
      auto n = v ? parseSeed(v) : std::nullopt;
      if (!n || *n == 0 || *n > 1024) return usage("--workers needs a positive integer");
      workers = static_cast<int>(*n);
    } else if (a == "--trace") {
      const char* v = value();
      if (!v) return usage("--trace needs a file");
      tracePath = v;
    } else if (a == "--trace-dir") {
      const char* v = value();
      if (!v) return usage("--trace-dir needs a folder");
      traceDir = v;
    } else {
      return usage(("unknown argument '" + a + "'").c_str());
    }
  }
  if (scenarioPath.empty()) return usage("--scenario is required");
  if (stress) {
    if (first) return usage("--seeds replays seeds; a stress run is not reproducible (use --seed)");
    if (jobs != 1 || !traceDir.empty()) return usage("--jobs and --trace-dir go with --seeds");
    if (!seed) seed = std::random_device{}();
  } else if (workers) {
    return usage("--workers goes with --profile stress");
  }
  if (seed.has_value() == first.has_value()) return usage("give either --seed or --seeds");
  if (!tracePath.empty() && !seed) return usage("--trace goes with --seed (use --trace-dir)");
  if (shard && shardCount) return usage("give either --shard I/N or --shard-count N");
  if ((shard || shardCount || keepGoing) && !first) {
    return usage("--shard, --shard-count and --keep-going go with --seeds");
  }
  if (shardCount) {
    auto s = shardFromJobIndex(*shardCount);
    if (!s) return usage(s.error().c_str());
    shard = *s;
  }

  auto scenario = sim::loadScenario(scenarioPath);
  if (!scenario) {
    std::fprintf(stderr, "catslab-sim: %s\n", scenario.error().c_str());
    return 2;
  }

  if (seed) {
    sim::SimulationOptions o;
    o.seed = *seed;
    if (stress) {
      o.profile = sim::Profile::Stress;
      o.workers = workers.value_or(0);
    }
    std::unique_ptr<sim::TraceFileWriter> writer;
    if (!tracePath.empty()) {
      auto w = sim::TraceFileWriter::open(tracePath);
      if (!w) {
        std::fprintf(stderr, "catslab-sim: %s\n", w.error().c_str());
        return 2;
      }
      writer = std::move(*w);
      o.traceSink = writer->sink();
    }
    const sim::RunResult r = scenario->run(std::move(o));
    if (writer) {
      if (auto s = writer->close(); !s) {
        std::fprintf(stderr, "catslab-sim: %s\n", s.error().c_str());
        return 2;
      }
    }
    if (stress) {
      const int n =
          workers.value_or(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
      std::printf("%s\n", stressSummary(r, n).c_str());
    } else {
      std::printf("%s\n", summary(r).c_str());
    }
    printFailures(r);
    return r.passed() ? 0 : 1;
  }

  if (!traceDir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(traceDir, ec);
    if (ec) {
      std::fprintf(stderr, "catslab-sim: %s: %s\n", traceDir.c_str(), ec.message().c_str());
      return 2;
    }
  }
  const bool tty = isatty(STDOUT_FILENO) != 0;
  sim::SweepOptions so;
  so.first = *first;
  so.last = *last;
  so.shard = shard.value_or(sim::Shard{});
  so.jobs = jobs;
  so.stopOnFailure = !keepGoing;
  // Trace files per seed: the writer lives in a holder owned by the run's sink.
  so.optionsFor = [&](std::uint64_t s) {
    sim::SimulationOptions o;
    o.seed = s;
    if (!traceDir.empty()) {
      const std::string path = traceDir + "/seed-" + std::to_string(s) + ".trace";
      auto w = sim::TraceFileWriter::open(path);
      if (w) {
        std::shared_ptr<sim::TraceFileWriter> shared(std::move(*w));
        o.traceSink = [shared](const catslab::trace::Record& r) { shared->write(r); };
      }
    }
    return o;
  };
  so.progress = [&](const sim::RunResult&, std::uint64_t done, std::uint64_t total) {
    if (!tty) return;
    const int width = 40;
    const int filled = static_cast<int>(width * done / std::max<std::uint64_t>(1, total));
    std::printf("\r[%s%s] %llu/%llu seeds", std::string(filled, '#').c_str(),
                std::string(width - filled, ' ').c_str(), static_cast<unsigned long long>(done),
                static_cast<unsigned long long>(total));
    std::fflush(stdout);
  };
  const sim::SweepResult res = sim::sweep(*scenario, so);
  if (tty) std::printf("\n");
  std::printf("%llu seed(s), %llu events, wall %.3f s, %.1f seeds/s, %d job(s)",
              static_cast<unsigned long long>(res.runs),
              static_cast<unsigned long long>(res.events), res.wallSeconds,
              res.wallSeconds > 0 ? static_cast<double>(res.runs) / res.wallSeconds : 0, jobs);
  if (shard) {
    std::printf(", shard %s of seeds %llu-%llu (%llu seeds)", shard->toString().c_str(),
                static_cast<unsigned long long>(*first), static_cast<unsigned long long>(*last),
                static_cast<unsigned long long>(sim::seedsInShard(*first, *last, *shard)));
  }
  std::printf("\n");
  if (res.firstFailure) {
    std::printf("%s\n", summary(*res.firstFailure).c_str());
    printFailures(*res.firstFailure);
    // Every failing seed with its replay command, so the logs of many shards
    // can be collected with grep '^replay:'.
    constexpr std::size_t kMaxReplays = 100;
    if (!keepGoing) {
      std::printf("replay: %s\n",
                  replayCommand(argv[0], scenarioPath, res.firstFailure->seed).c_str());
      return 1;
    }
    std::printf("%zu failing seed(s)\n", res.failedSeeds.size());
    for (std::size_t i = 0; i < res.failedSeeds.size() && i < kMaxReplays; ++i) {
      std::printf("replay: %s\n", replayCommand(argv[0], scenarioPath, res.failedSeeds[i]).c_str());
    }
    if (res.failedSeeds.size() > kMaxReplays) {
      std::printf("... and %zu more failing seed(s)\n", res.failedSeeds.size() - kMaxReplays);
    }
    return 1;
  }
  std::printf("all checks passed\n");
  return 0;
}
