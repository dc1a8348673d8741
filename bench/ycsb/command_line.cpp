#include "command_line.h"

#include <sstream>

#include "db.h"

namespace catslab::ycsb {

std::string usage() {
  return "usage: catslab-ycsb load|run <db> -P <workload file> [-P file]... [-p key=value]...\n"
         "                    [-threads N] [-target N] [-s]\n"
         "  <db>: " +
         knownDbs() +
         "\n"
         "  workloads in bench/ycsb/workloads/ (a, b, c, d, f; e needs scans: not supported)\n";
}

Result<CommandLine> parseCommandLine(const std::vector<std::string>& args) {
  using R = Result<CommandLine>;
  CommandLine cl;
  if (args.size() < 2) return R::failure("expected load|run and a database name");
  if (args[0] != "load" && args[0] != "run") {
    return R::failure("expected load or run, got '" + args[0] + "'");
  }
  cl.options.load = args[0] == "load";
  cl.options.db = args[1];
  std::vector<std::string> files;
  std::vector<std::string> overrides;
  for (size_t i = 2; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    if (a == "-s") continue;  // the status line is always on
    if (a == "-P" || a == "-p" || a == "-threads" || a == "-target" || a == "-l") {
      const std::string* v = value();
      if (!v) return R::failure(a + ": expects a value");
      if (a == "-P") files.push_back(*v);
      if (a == "-p") overrides.push_back(*v);
      if (a == "-threads") overrides.push_back("threadcount=" + *v);
      if (a == "-target") overrides.push_back("target=" + *v);
      continue;
    }
    return R::failure("unknown argument '" + a + "'");
  }
  if (files.empty()) return R::failure("no workload file: give one with -P");
  for (const std::string& f : files) {
    if (Status s = cl.props.load(f); !s) return R::failure(s.error());
  }
  for (const std::string& o : overrides) {
    if (Status s = cl.props.setOverride(o); !s) return R::failure(s.error());
  }
  auto threads = cl.props.getInt("threadcount", 1, 1, 4096);
  if (!threads) return R::failure(threads.error());
  cl.options.threads = static_cast<int>(*threads);
  auto target = cl.props.getDouble("target", 0, 0, 1e9);
  if (!target) return R::failure(target.error());
  cl.options.target = *target;
  auto interval = cl.props.getInt("status.interval", 10, 1, 3600);
  if (!interval) return R::failure(interval.error());
  cl.options.statusIntervalSeconds = static_cast<int>(*interval);
  auto maxTime = cl.props.getInt("maxexecutiontime", 0, 0);
  if (!maxTime) return R::failure(maxTime.error());
  cl.options.maxExecutionSeconds = *maxTime;

  std::istringstream list(cl.props.get("hdrhistogram.percentiles", "95,99"));
  std::string item;
  while (std::getline(list, item, ',')) {
    char* end = nullptr;
    double p = std::strtod(item.c_str(), &end);
    if (item.empty() || *end != '\0' || p <= 0 || p > 100) {
      return R::failure(cl.props.where("hdrhistogram.percentiles") +
                        ": expected percentiles in (0, 100] separated by commas, got '" + item +
                        "'");
    }
    cl.percentiles.push_back(p);
  }
  return cl;
}

}  // namespace catslab::ycsb
