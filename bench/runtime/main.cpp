// catslab-bench: figures of the component runtime (docs/performance.md).
//
//   catslab-bench pingpong --round-trips N --pairs P --pipeline K [--workers W]
//                          [--batch B] [--scheduler ws|det]
//   catslab-bench fanout --events N --subscribers 64
//   catslab-bench create --components 100000
//   catslab-bench memory --components 100000
//   catslab-bench all
//
// Every benchmark prints one line of key=value fields (bench_report.h).
// Bad arguments: one line on stderr and exit code 2.
#include <cstdio>
#include <string>
#include <thread>

#include "bench/runtime/benchmarks.h"

namespace catslab::bench {

RuntimeConfig runtimeConfig(Args& args) {
  RuntimeConfig c;
  c.workers = static_cast<int>(args.integer("workers", c.workers, 0, 1024));
  c.batch = static_cast<int>(args.integer("batch", c.batch, 1, 1'000'000));
  c.deterministic = args.choice("scheduler", "ws", {"ws", "det"}) == "det";
  return c;
}

runtime::RuntimeOptions runtimeOptions(const RuntimeConfig& config) {
  runtime::RuntimeOptions o;
  o.scheduler = config.deterministic ? runtime::SchedulerKind::Deterministic
                                     : runtime::SchedulerKind::WorkStealing;
  o.workers = config.workers;
  o.batch = config.batch;
  return o;
}

void describe(Report& report, const RuntimeConfig& config) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  report.add("scheduler", config.deterministic ? "det" : "ws")
      .add("workers",
           std::int64_t{config.deterministic ? 1 : (config.workers ? config.workers : cores)})
      .add("batch", std::int64_t{config.batch});
}

namespace {

// The standard set behind the table in docs/performance.md; about 20 s.
// Pairs 1 x pipeline 1 is the latency run.
void runAll(const RuntimeConfig& rc) {
  // Memory first: later runs leave freed heap behind that would hide growth.
  runMemory({.components = 100'000, .runtime = rc});
  for (int pairs : {1, 2, 4}) {
    for (int pipeline : {1, 10, 100, 500}) {
      // About the same number of messages per run, whatever the shape.
      const std::int64_t perPair = (pipeline == 1 ? 200'000 : 1'000'000) / pairs;
      runPingPong({.roundTrips = perPair, .pairs = pairs, .pipeline = pipeline, .runtime = rc});
    }
  }
  runFanout({.events = 20'000, .subscribers = 64, .runtime = rc});
  runCreate({.components = 100'000, .runtime = rc});
}

int usage(const char* message) {
  if (message) std::fprintf(stderr, "catslab-bench: %s\n", message);
  std::fprintf(stderr,
               "usage: catslab-bench BENCHMARK [--name value ...]\n"
               "  pingpong --round-trips N --pairs P --pipeline K\n"
               "  fanout   --events N --subscribers S\n"
               "  create   --components N\n"
               "  memory   --components N\n"
               "  all\n"
               "runtime options for every benchmark: --workers W (0: one per core) --batch B\n"
               "  --scheduler ws|det\n");
  return 2;
}

template <class Config, class Run>
int dispatch(Args& args, Config config, Run run) {
  if (auto status = args.check(); !status) return usage(status.error().c_str());
  run(config);
  return 0;
}

}  // namespace
}  // namespace catslab::bench

int main(int argc, char** argv) {
  namespace cb = catslab::bench;
  if (argc < 2) return cb::usage(nullptr);
  const std::string name = argv[1];
  if (name == "-h" || name == "--help") {
    cb::usage(nullptr);
    return 0;
  }
  cb::Args args(name, argc, argv, 2);
  if (name == "pingpong") return cb::dispatch(args, cb::pingPongConfig(args), cb::runPingPong);
  if (name == "fanout") return cb::dispatch(args, cb::fanoutConfig(args), cb::runFanout);
  if (name == "create") return cb::dispatch(args, cb::treeConfig(args), cb::runCreate);
  if (name == "memory") return cb::dispatch(args, cb::treeConfig(args), cb::runMemory);
  if (name == "all") return cb::dispatch(args, cb::runtimeConfig(args), cb::runAll);
  return cb::usage(("unknown benchmark '" + name + "'").c_str());
}
