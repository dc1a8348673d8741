// Ping-pong: the classic actor-runtime benchmark (as in the Kompics and
// Savina suites). With pipeline 1 it measures round-trip latency through
// two channels and two mailboxes; with deeper pipelines and more pairs, the
// message throughput the scheduler sustains.
#include <chrono>

#include "bench/runtime/benchmarks.h"

namespace catslab::bench {
namespace {

namespace rt = runtime;

struct Ping : rt::EventOf<Ping> {
  explicit Ping(std::int64_t s) : seq(s) {}
  std::int64_t seq;
};
struct Pong : rt::EventOf<Pong> {
  explicit Pong(std::int64_t s) : seq(s) {}
  std::int64_t seq;
};
struct PingPongPort : rt::PortType<rt::Requests<Ping>, rt::Indications<Pong>> {};

// A pinger tells its parent when its pair has finished.
struct PairDone : rt::EventOf<PairDone> {};
struct ProgressPort : rt::PortType<rt::Requests<>, rt::Indications<PairDone>> {};

class Ponger : public rt::ComponentDefinition {
 public:
  Ponger() { subscribe(port_, &Ponger::onPing); }

 private:
  void onPing(const Ping& p) { trigger(Pong(p.seq), port_); }
  rt::Negative<PingPongPort> port_ = provide<PingPongPort>();
};

class Pinger : public rt::ComponentDefinition {
 public:
  Pinger(std::int64_t roundTrips, int pipeline) : roundTrips_(roundTrips), pipeline_(pipeline) {
    subscribe(port_, &Pinger::onPong);
  }

 private:
  void onStart() override {
    while (sent_ < roundTrips_ && sent_ < pipeline_) trigger(Ping(sent_++), port_);
  }
  void onPong(const Pong&) {
    if (sent_ < roundTrips_) trigger(Ping(sent_++), port_);
    if (++received_ == roundTrips_) trigger(PairDone{}, progress_);
  }

  std::int64_t roundTrips_;
  std::int64_t pipeline_;
  std::int64_t sent_ = 0;
  std::int64_t received_ = 0;
  rt::Positive<PingPongPort> port_ = require<PingPongPort>();
  rt::Negative<ProgressPort> progress_ = provide<ProgressPort>();
};

class PingPongMain : public rt::ComponentDefinition {
 public:
  explicit PingPongMain(const PingPongConfig& config) : pairs_(config.pairs) {
    for (int i = 0; i < config.pairs; ++i) {
      auto ponger = create<Ponger>();
      auto pinger = create<Pinger>(config.roundTrips, config.pipeline);
      connect(ponger.positive<PingPongPort>(), pinger.negative<PingPongPort>());
      subscribe(pinger.positive<ProgressPort>(), [this](const PairDone&) {
        if (++done_ == pairs_) shutdownSystem(0);
      });
    }
  }

 private:
  int pairs_;
  int done_ = 0;
};

}  // namespace

PingPongConfig pingPongConfig(Args& args) {
  PingPongConfig c;
  c.roundTrips = args.integer("round-trips", c.roundTrips, 1, 1'000'000'000'000);
  c.pairs = static_cast<int>(args.integer("pairs", c.pairs, 1, 4096));
  c.pipeline = static_cast<int>(args.integer("pipeline", c.pipeline, 1, 1'000'000));
  c.runtime = runtimeConfig(args);
  return c;
}

void runPingPong(const PingPongConfig& config) {
  rt::Runtime runtime(runtimeOptions(config.runtime));
  runtime.createRoot<PingPongMain>(config);
  // Harness time: from start (the pingers' first pings) to the last pair done
  // and the tree shut down; the few components' start and kill are included.
  const double cpuBegin = processCpuSeconds();
  const auto begin = std::chrono::steady_clock::now();
  runtime.start();
  const int code = runtime.awaitTermination();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - begin;
  const double seconds = elapsed.count();
  const double cpuSeconds = processCpuSeconds() - cpuBegin;
  const double messages = 2.0 * static_cast<double>(config.roundTrips) * config.pairs;

  Report report("pingpong");
  report.add("pairs", std::int64_t{config.pairs})
      .add("pipeline", std::int64_t{config.pipeline})
      .add("round_trips", config.roundTrips);
  describe(report, config.runtime);
  report.add("seconds", seconds, 6)
      .add("msgs_per_sec", messages / seconds, 0)
      .add("cpu_seconds", cpuSeconds, 6)
      .add("msgs_per_cpu_sec", messages / cpuSeconds, 0);
  if (config.pipeline == 1) {
    // Each pair's round trips are strictly sequential.
    report.add("rtt_mean_ns", seconds * 1e9 / static_cast<double>(config.roundTrips), 0);
  }
  if (code != 0) report.add("exit_code", std::int64_t{code});
  report.print();
}

}  // namespace catslab::bench
