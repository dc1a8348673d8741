// catslab-ycsb: YCSB's core workloads against redis and CATS (see
// command_line.h for the command line, docs/performance-cats.md for figures).
// Exit status: 0 done (failed operations are counted in the report, as
// YCSB does), 1 a store could not be reached, 2 a bad command line or
// workload file.
#include <iostream>

#include "client.h"
#include "command_line.h"
#include "db.h"
#include "report.h"

int main(int argc, char** argv) {
  using namespace catslab::ycsb;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto cl = parseCommandLine(args);
  if (!cl) {
    std::cerr << "catslab-ycsb: " << cl.error() << "\n" << usage();
    return 2;
  }
  auto config = parseWorkload(cl->props);
  if (!config) {
    std::cerr << "catslab-ycsb: " << config.error() << "\n";
    return 2;
  }
  if (!cl->options.load && config->operationCount == 0 && cl->options.maxExecutionSeconds == 0) {
    std::cerr << "catslab-ycsb: operationcount: 0 or not set, and no maxexecutiontime: the run "
                 "phase would do nothing\n";
    return 2;
  }
  // The driver's own properties are checked before anything connects.
  if (auto probe = createDb(cl->options.db, cl->props, 0); !probe) {
    std::cerr << "catslab-ycsb: " << probe.error() << "\n" << usage();
    return 2;
  }
  std::cerr << "catslab-ycsb: " << (cl->options.load ? "load" : "run") << " " << cl->options.db
            << ", " << cl->options.threads << " thread(s)\nCommand line:";
  for (const std::string& a : args) std::cerr << " " << a;
  std::cerr << "\n";
  CoreWorkload workload(*config);
  auto result = runPhase(workload, cl->props, cl->options, std::cerr);
  if (!result) {
    std::cerr << "catslab-ycsb: " << result.error() << "\n";
    return 1;
  }
  std::cout << formatReport(result->stats, result->runtimeMs, result->operations, cl->percentiles)
            << formatCounters(result->counters);
  return 0;
}
