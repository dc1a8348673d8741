// race_demo: a deliberately broken program for tst_race_detection. Two
// virtual nodes each run a RacyCounter that, on every tick of a periodic
// timer, adds to one global counter — shared mutable state outside the
// runtime's guarantees (a component's state is safe only because one handler
// of that component runs at a time; a global is shared by all of them).
//
//   race_demo --profile simulation|stress [--workers N] [--guarded]
//
// In the simulation profile every handler runs on the one driving thread,
// so nothing can see the race. In the stress profile the two components run
// on different workers at the same time; a ThreadSanitizer build reports the
// data race (in RacyCounter::onTick) whenever the two handlers overlapped. --guarded takes a mutex
// around the update: the same program without the race, which TSan must accept. Prints "tally N"
// and exits 0 (a TSan report makes it exit 66).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

#include "runtime/component.h"
#include "runtime/sim/simulation.h"
#include "runtime/stack_registry.h"

namespace {

using namespace catslab;

// The shared state. Volatile so that every iteration is a real load and
// store (the compiler would otherwise fold the loop into one addition).
volatile long gTally = 0;
std::mutex gTallyMutex;
bool gGuarded = false;

constexpr int kAddsPerTick = 20000;
constexpr std::chrono::milliseconds kPeriod{2};

struct Tick : runtime::EventOf<Tick, runtime::Timeout> {};

class RacyCounter : public runtime::ComponentDefinition {
 public:
  RacyCounter() { subscribe(timer_, &RacyCounter::onTick); }

 private:
  void onStart() override { schedulePeriodic(timer_, kPeriod, kPeriod, Tick{}); }
  void onTick(const Tick&) {
    std::unique_lock lock(gTallyMutex, std::defer_lock);
    if (gGuarded) lock.lock();
    for (int i = 0; i < kAddsPerTick; ++i) gTally = gTally + 1;  // the race
  }
  runtime::Positive<runtime::Timer> timer_ = require<runtime::Timer>();
};

runtime::ComponentRef racyStack(runtime::ComponentDefinition& parent,
                                const runtime::StackContext&) {
  return runtime::ComponentRef(runtime::StackBuilder::createIn<RacyCounter>(parent, "counter"));
}

int usage() {
  std::fprintf(stderr, "usage: race_demo --profile simulation|stress [--workers N] [--guarded]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  sim::SimulationOptions o;
  o.name = "race-demo";
  o.trace = false;  // the recorder's lock would order some handlers; keep the race plain
  bool profileGiven = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--profile" && i + 1 < argc) {
      const std::string p = argv[++i];
      if (p == "stress")
        o.profile = sim::Profile::Stress;
      else if (p != "simulation")
        return usage();
      profileGiven = true;
    } else if (a == "--workers" && i + 1 < argc) {
      o.workers = std::atoi(argv[++i]);
      if (o.workers <= 0) return usage();
    } else if (a == "--guarded") {
      gGuarded = true;
    } else {
      return usage();
    }
  }
  if (!profileGiven) return usage();
  sim::Simulation s(o);
  for (const char* id : {"a", "b"}) {
    sim::NodeSpec spec;
    spec.id = id;
    spec.factory = racyStack;
    if (auto st = s.addNode(std::move(spec)); !st) {
      std::fprintf(stderr, "race_demo: %s\n", st.error().c_str());
      return 2;
    }
  }
  s.startAll();
  s.runFor(sim::seconds(1));
  s.finish();
  std::printf("tally %ld\n", static_cast<long>(gTally));
  return 0;
}
