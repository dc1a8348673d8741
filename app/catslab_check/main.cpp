// catslab-check: decides whether a history of register / key-value operations
// is linearizable. Exit codes: 0 linearizable, 1 not linearizable, 2 bad input
// or usage, 3 undecided (search budget exhausted).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "protocols/linearizability/checker.h"
#include "protocols/linearizability/history/history_file.h"
#include "protocols/linearizability/history/history_stats.h"

namespace {

using namespace catslab::checker;

constexpr int kLinearizable = 0;
constexpr int kNotLinearizable = 1;
constexpr int kBadInput = 2;
constexpr int kUndecided = 3;

void printUsage(std::ostream& out) {
  out << "Usage: catslab-check [--format trace|jepsen] [--initial V] [--no-explain]\n"
         "                     [--max-configurations N] [--quiet] [--stats] FILE\n"
         "\n"
         "Decides whether the register / key-value history in FILE is linearizable.\n"
         "FILE is a CATS Lab trace (length-delimited catslab.trace.Record messages) or a\n"
         "Jepsen register history (its log, history.txt or history.edn, one register or\n"
         "jepsen.independent keys: \"INFO  jepsen.util - 3 :invoke :cas [3 0]\");\n"
         "the format is detected from the content unless --format is given.\n"
         "\n"
         "  --initial V             initial value of every register (default: nil)\n"
         "  --no-explain            do not shrink a violation to a minimal set\n"
         "  --max-configurations N  search budget per key (default 30000000)\n"
         "  --quiet                 print only the verdict line\n"
         "  --stats                 also print operation counts, throughput and\n"
         "                          latency percentiles (p50, p90, p99, max)\n"
         "\n"
         "Exit status: 0 linearizable, 1 not linearizable, 2 bad input,\n"
         "3 undecided (budget exhausted).\n";
}

int usageError(const std::string& message) {
  std::cerr << "catslab-check: " << message << "\n";
  printUsage(std::cerr);
  return kBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  Format format = Format::Auto;
  CheckOptions options;
  bool quiet = false;
  bool stats = false;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto needValue = [&](std::string& into) {
      if (i + 1 >= argc) return false;
      into = argv[++i];
      return true;
    };
    std::string value;
    if (arg == "--help" || arg == "-h") {
      printUsage(std::cout);
      return kLinearizable;
    } else if (arg == "--format") {
      if (!needValue(value)) return usageError("--format needs a value");
      if (value == "trace") {
        format = Format::Trace;
      } else if (value == "jepsen") {
        format = Format::Jepsen;
      } else {
        return usageError("unknown format '" + value + "' (trace or jepsen)");
      }
    } else if (arg == "--initial") {
      if (!needValue(options.initial)) return usageError("--initial needs a value");
      if (options.initial == "nil") options.initial.clear();
    } else if (arg == "--no-explain") {
      options.explain = false;
    } else if (arg == "--quiet") {
      quiet = true;
    } else if (arg == "--stats") {
      stats = true;
    } else if (arg == "--max-configurations") {
      if (!needValue(value)) return usageError("--max-configurations needs a value");
      try {
        options.limits.maxConfigurations = std::stoull(value);
      } catch (const std::exception&) {
        return usageError("--max-configurations needs a number, got '" + value + "'");
      }
    } else if (!arg.empty() && arg[0] == '-') {
      return usageError("unknown option '" + arg + "'");
    } else if (path.empty()) {
      path = arg;
    } else {
      return usageError("more than one FILE given");
    }
  }
  if (path.empty()) return usageError("no FILE given");

  Result<History> history = loadHistory(path, format);
  if (!history) {
    std::cerr << "catslab-check: " << history.error() << "\n";
    return kBadInput;
  }
  if (stats) std::cout << formatStats(computeStats(history.value()), history.value().timeUnit);
  auto start = std::chrono::steady_clock::now();
  CheckReport report = checkHistory(history.value(), options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (quiet) {
    std::cout << toString(report.verdict) << "\n";
  } else {
    std::cout << path << ": " << history.value().ops.size() << " operations, checked in " << seconds
              << " s\n"
              << formatReport(history.value(), report);
  }
  switch (report.verdict) {
    case Verdict::Linearizable:
      return kLinearizable;
    case Verdict::NotLinearizable:
      return kNotLinearizable;
    case Verdict::Unknown:
      return kUndecided;
  }
  return kUndecided;
}
