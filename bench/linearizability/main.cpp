// catslab-bench-check: how long the linearizability checker takes, and how
// much memory it needs, on long generated histories (see history_generator.h).
// Each case runs in a forked child so that its peak RSS (VmHWM) is its own.
//
//   catslab-bench-check [--ops N] [--clients N] [--pending N] [--values N]
//                       [--seed S] [--case linearizable|violating|both]
//                       [--plant quiet|concurrent]
//                       [--write-jepsen FILE] [--write-trace FILE]
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>

#include "history_generator.h"
#include "protocols/linearizability/checker.h"

namespace {

using namespace catslab::checker;
using Clock = std::chrono::steady_clock;

long peakRssKiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// CPU time of this process: the machine the numbers come from may be shared,
// and wall time then measures the neighbours too.
double cpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

int runCase(bench::GeneratorConfig config, const std::string& jepsenPath,
            const std::string& tracePath) {
  History history = bench::generateHistory(config);
  std::size_t unknown = 0;
  for (const Operation& op : history.ops) unknown += op.outcome == Outcome::Unknown ? 1 : 0;
  if (!jepsenPath.empty()) {
    if (auto r = bench::writeJepsenLog(history, jepsenPath); !r) std::cerr << r.error() << "\n";
  }
  if (!tracePath.empty()) {
    if (auto r = bench::writeTrace(history, tracePath); !r) std::cerr << r.error() << "\n";
  }
  long rssBefore = peakRssKiB();

  CheckOptions options;
  options.explain = false;
  auto start = Clock::now();
  double cpuStart = cpuMs();
  CheckReport report = checkHistory(history, options);
  double decideMs = msSince(start);
  double decideCpuMs = cpuMs() - cpuStart;
  long rssDecide = peakRssKiB();

  double explainMs = 0;
  std::size_t explained = 0;
  if (report.verdict == Verdict::NotLinearizable) {
    // What catslab-check does: decide again, then shrink the violation.
    options.explain = true;
    cpuStart = cpuMs();
    CheckReport explainedReport = checkHistory(history, options);
    explainMs = cpuMs() - cpuStart;
    if (explainedReport.violation) explained = explainedReport.violation->explanation.ops.size();
  }
  long rssAll = peakRssKiB();

  std::printf(
      "%-12s %6zu ops %3zu clients %4zu unknown  seed %-4llu  %-17s decide %7.1f ms cpu "
      "(%7.1f ms wall)  configs %9llu  peak RSS %6.1f MB (history alone %5.1f MB)",
      config.violating ? "violating" : "linearizable", history.ops.size(), config.clients, unknown,
      static_cast<unsigned long long>(config.seed), toString(report.verdict), decideCpuMs, decideMs,
      static_cast<unsigned long long>(report.keys.front().decision.configurations),
      static_cast<double>(rssDecide) / 1024.0, static_cast<double>(rssBefore) / 1024.0);
  if (report.verdict == Verdict::NotLinearizable)
    std::printf("  decide+explain %7.1f ms cpu -> %zu ops (peak RSS %6.1f MB)", explainMs,
                explained, static_cast<double>(rssAll) / 1024.0);
  std::printf("\n");
  std::fflush(stdout);
  bool expected = config.violating ? report.verdict == Verdict::NotLinearizable
                                   : report.verdict == Verdict::Linearizable;
  return expected ? 0 : 1;
}

int runForked(const bench::GeneratorConfig& config, const std::string& jepsenPath,
              const std::string& tracePath) {
  std::fflush(stdout);
  pid_t child = fork();
  if (child < 0) return runCase(config, jepsenPath, tracePath);
  if (child == 0) _exit(runCase(config, jepsenPath, tracePath));
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace

int main(int argc, char** argv) {
  bench::GeneratorConfig config;
  std::string which = "both";
  std::string jepsenPath, tracePath;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << "Usage: catslab-bench-check [--ops N] [--clients N] [--pending N] "
                   "[--values N] [--seed S]\n"
                   "         [--latency MEAN] [--think MEAN]   (ticks; default 10 and 1)\n"
                   "         [--case linearizable|violating|both] [--write-jepsen FILE] "
                   "[--write-trace FILE]\n"
                   "         [--plant quiet|concurrent]   how the violating case breaks (default "
                   "quiet)\n";
      return 0;
    }
    if (i + 1 >= argc) {
      std::cerr << "catslab-bench-check: " << arg << " needs a value (see --help)\n";
      return 2;
    }
    std::string value = argv[++i];
    try {
      if (arg == "--ops") {
        config.ops = std::stoul(value);
      } else if (arg == "--clients") {
        config.clients = std::stoul(value);
      } else if (arg == "--pending") {
        config.pending = std::stoul(value);
      } else if (arg == "--values") {
        config.values = std::stoul(value);
      } else if (arg == "--latency") {
        config.latency = std::stod(value);
      } else if (arg == "--think") {
        config.think = std::stod(value);
      } else if (arg == "--seed") {
        config.seed = std::stoull(value);
      } else if (arg == "--plant") {
        if (value == "quiet") {
          config.plant = bench::GeneratorConfig::Plant::Quiet;
        } else if (value == "concurrent") {
          config.plant = bench::GeneratorConfig::Plant::Concurrent;
        } else {
          std::cerr << "catslab-bench-check: --plant must be quiet or concurrent\n";
          return 2;
        }
      } else if (arg == "--case") {
        which = value;
      } else if (arg == "--write-jepsen") {
        jepsenPath = value;
      } else if (arg == "--write-trace") {
        tracePath = value;
      } else {
        std::cerr << "catslab-bench-check: unknown option " << arg << "\n";
        return 2;
      }
    } catch (const std::exception&) {
      std::cerr << "catslab-bench-check: bad number for " << arg << ": " << value << "\n";
      return 2;
    }
  }
  if (which != "both" && which != "linearizable" && which != "violating") {
    std::cerr << "catslab-bench-check: --case must be linearizable, violating or both\n";
    return 2;
  }
  int failures = 0;
  if (which != "violating") {
    config.violating = false;
    failures +=
        runForked(config, which == "both" ? "" : jepsenPath, which == "both" ? "" : tracePath);
  }
  if (which != "linearizable") {
    config.violating = true;
    failures +=
        runForked(config, which == "both" ? "" : jepsenPath, which == "both" ? "" : tracePath);
  }
  if (failures != 0) std::cerr << "catslab-bench-check: a case got an unexpected verdict\n";
  return failures == 0 ? 0 : 1;
}
