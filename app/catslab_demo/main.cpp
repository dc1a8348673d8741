// catslab-demo: a first look at the component runtime. Two components play
// ping-pong over a port, a timer paces the pings, and the live component
// tree is printed as JSON (or Graphviz DOT with --dot) before shutdown.
#include <cstdio>
#include <cstring>
#include <string>

#include "runtime/asio_timer.h"
#include "runtime/runtime.h"

namespace rt = catslab::runtime;
using namespace std::chrono_literals;

struct Ping : rt::EventOf<Ping> {
  explicit Ping(int s) : seq(s) {}
  int seq;
};
struct Pong : rt::EventOf<Pong> {
  explicit Pong(int s) : seq(s) {}
  int seq;
};
struct PingPongPort : rt::PortType<rt::Requests<Ping>, rt::Indications<Pong>> {};
struct Tick : rt::EventOf<Tick, rt::Timeout> {};

class Ponger : public rt::ComponentDefinition {
 public:
  Ponger() { subscribe(port_, &Ponger::onPing); }

 private:
  void onPing(const Ping& p) { trigger(Pong(p.seq), port_); }
  rt::Negative<PingPongPort> port_ = provide<PingPongPort>();
};

class Pinger : public rt::ComponentDefinition {
 public:
  explicit Pinger(int rounds) : rounds_(rounds) {
    subscribe(port_, &Pinger::onPong);
    subscribe(timer_, [this](const Tick&) { trigger(Ping(++sent_), port_); });
  }
  void inspect(rt::StateWriter& out) const override {
    out.set("sent", sent_);
    out.set("received", received_);
  }

 private:
  void onStart() override { tick_ = schedulePeriodic(timer_, 0ms, 20ms, Tick{}); }
  void onPong(const Pong& p) {
    ++received_;
    std::printf("pong %d after %.1f ms\n", p.seq, nowMs());
    if (received_ == rounds_) {
      cancelPeriodic(timer_, tick_);
      shutdownSystem(0);
    }
  }
  int rounds_;
  int sent_ = 0;
  int received_ = 0;
  rt::TimeoutId tick_ = 0;
  rt::Positive<PingPongPort> port_ = require<PingPongPort>();
  rt::Positive<rt::Timer> timer_ = require<rt::Timer>();
};

class Main : public rt::ComponentDefinition {
 public:
  Main(int rounds, bool dot) : dot_(dot) {
    auto timer = create<rt::AsioTimer>();
    auto ponger = create<Ponger>();
    auto pinger = create<Pinger>(rounds);
    connect(ponger.positive<PingPongPort>(), pinger.negative<PingPongPort>());
    connect(timer.positive<rt::Timer>(), pinger.negative<rt::Timer>());
  }

 private:
  void onStart() override {
    const auto& rt = core().runtime();
    std::printf("%s\n", dot_ ? rt.describeDot().c_str() : rt.describeJson().c_str());
  }
  bool dot_;
};

int main(int argc, char** argv) {
  int rounds = 5;
  bool dot = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--dot") == 0)
      dot = true;
    else if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
      rounds = std::atoi(argv[++i]);
    else {
      std::fprintf(stderr, "usage: catslab-demo [--rounds N] [--dot]\n");
      return 2;
    }
  }
  rt::Runtime runtime({.workers = 2});
  runtime.createRoot<Main>(rounds, dot);
  runtime.start();
  return runtime.awaitTermination();
}
