// catslab-bench-sim: simulator figures for docs/performance.md.
//
//   catslab-bench-sim [--quick] [--source-dir DIR]
//
// 1. simulated message deliveries per second on one core (trace off, and on);
// 2. speed-up over real time of a 64-node ping system;
// 3. memory per virtual node;
// 4. seeds per second for resources/scenarios/churn.json.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "runtime/sim/scenario_file.h"
#include "runtime/sim/seed_sweep.h"
#include "runtime/sim/simulation.h"

using namespace catslab;

namespace {

// A message that hops around a ring of relays until its budget is spent.
struct Hop : runtime::EventOf<Hop, runtime::Message> {
  Hop(runtime::Address s, runtime::Address d, std::uint32_t left)
      : Base(std::move(s), std::move(d)), hopsLeft(left) {}
  std::uint32_t hopsLeft;
};

class Relay : public runtime::ComponentDefinition {
 public:
  Relay(runtime::Address self, runtime::Address next, int tokens, std::uint32_t hops)
      : self_(std::move(self)), next_(std::move(next)), tokens_(tokens), hops_(hops) {
    subscribe(net_, [this](const Hop& h) {
      if (h.hopsLeft > 0) trigger(Hop(self_, next_, h.hopsLeft - 1), net_);
    });
  }

 private:
  void onStart() override {
    for (int i = 0; i < tokens_; ++i) trigger(Hop(self_, next_, hops_), net_);
  }
  runtime::Address self_, next_;
  int tokens_;
  std::uint32_t hops_;
  runtime::Positive<runtime::Network> net_ = require<runtime::Network>();
  runtime::Positive<runtime::Timer> timer_ = require<runtime::Timer>();
};

runtime::StackFactory relay(int tokens, std::uint32_t hops, int nodes) {
  return [=](runtime::ComponentDefinition& parent, const runtime::StackContext& ctx) {
    const int me = std::stoi(ctx.self.id.substr(1));
    runtime::Address next{"r" + std::to_string((me + 1) % nodes)};
    return runtime::ComponentRef(
        runtime::StackBuilder::createIn<Relay>(parent, "relay", ctx.self, next, tokens, hops));
  };
}

double wallSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

long rssKb() {
  std::ifstream in("/proc/self/statm");
  long pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

void deliveries(bool trace, std::uint32_t hops) {
  const int nodes = 64, tokens = 16;
  sim::SimulationOptions o;
  o.trace = trace;
  o.defaultLink.latency = sim::LatencyModel::uniform(1, 10);
  sim::Simulation s(o);
  for (int i = 0; i < nodes; ++i) {
    sim::NodeSpec spec;
    spec.id = "r" + std::to_string(i);
    spec.factory = relay(tokens, hops, nodes);
    (void)s.addNode(spec);
  }
  s.startAll();
  const auto t0 = std::chrono::steady_clock::now();
  while (s.step()) {
  }
  const double wall = wallSince(t0);
  const auto st = s.networkStats();
  std::printf(
      "deliveries (trace %s): %llu deliveries in %.3f s = %.2f M deliveries/s, %llu events\n",
      trace ? "on " : "off", static_cast<unsigned long long>(st.delivered), wall,
      static_cast<double>(st.delivered) / wall / 1e6, static_cast<unsigned long long>(s.events()));
}

void speedup64(double virtualSeconds, bool trace) {
  sim::SimulationOptions o;
  o.trace = trace;
  o.defaultLink.latency = sim::LatencyModel::uniform(5, 15);
  o.defaultLink.loss = 0.01;
  sim::Simulation s(o);
  for (int i = 0; i < 64; ++i) {
    sim::NodeSpec spec;
    spec.id = "n" + std::to_string(i);
    spec.stack = "ping";
    spec.params["interval_ms"] = "1000";  // every node pings its 63 peers each second
    (void)s.addNode(spec);
  }
  s.startAll();
  const auto t0 = std::chrono::steady_clock::now();
  s.runFor(sim::seconds(virtualSeconds));
  const double wall = wallSince(t0);
  std::printf(
      "64-node ping (trace %s): %.0f s virtual in %.3f s wall = %.1fx real time, "
      "%llu deliveries\n",
      trace ? "on " : "off", virtualSeconds, wall, virtualSeconds / wall,
      static_cast<unsigned long long>(s.networkStats().delivered));
}

void memoryPerNode(int nodes) {
  const long before = rssKb();
  sim::SimulationOptions o;
  o.trace = false;
  sim::Simulation s(o);
  for (int i = 0; i < nodes; ++i) {
    sim::NodeSpec spec;
    spec.id = "r" + std::to_string(i);
    spec.factory = relay(0, 0, nodes);
    (void)s.addNode(spec);
  }
  s.startAll();
  s.runFor(sim::ms(1));
  const long after = rssKb();
  std::printf("memory: %d virtual nodes (relay stack) = %.1f KiB per node\n", nodes,
              static_cast<double>(after - before) / nodes);
}

void seedsPerSecond(const std::string& sourceDir, int seeds) {
  auto sc = sim::loadScenario(sourceDir + "/resources/scenarios/churn.json");
  if (!sc) {
    std::printf("seeds/s: %s\n", sc.error().c_str());
    return;
  }
  sim::SweepOptions so;
  so.first = 1;
  so.last = static_cast<std::uint64_t>(seeds);
  so.jobs = 1;
  const auto r = sim::sweep(*sc, so);
  std::printf("churn example: %llu seeds in %.3f s on one thread = %.1f seeds/s (%s)\n",
              static_cast<unsigned long long>(r.runs), r.wallSeconds,
              static_cast<double>(r.runs) / r.wallSeconds,
              r.firstFailure ? "a check FAILED" : "all checks passed");
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::string sourceDir = CATSLAB_SOURCE_DIR;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0)
      quick = true;
    else if (std::strcmp(argv[i], "--source-dir") == 0 && i + 1 < argc)
      sourceDir = argv[++i];
    else {
      std::fprintf(stderr, "usage: catslab-bench-sim [--quick] [--source-dir DIR]\n");
      return 2;
    }
  }
  deliveries(false, quick ? 200 : 2000);
  deliveries(true, quick ? 20 : 200);
  speedup64(quick ? 5 : 60, false);
  speedup64(quick ? 2 : 10, true);
  memoryPerNode(quick ? 1000 : 5000);
  seedsPerSecond(sourceDir, quick ? 5 : 30);
  return 0;
}
