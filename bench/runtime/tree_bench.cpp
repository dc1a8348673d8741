// Component trees: how fast components are created, started and destroyed,
// and what an idle one costs in memory. The tree has two levels, about
// sqrt(N) groups under the root with the leaves spread among them, so no
// parent has an unrealistically long child list. Every component provides
// one port with one subscribed handler, like a minimal protocol component.
#include <cmath>
#include <functional>

#include "bench/runtime/benchmarks.h"

namespace catslab::bench {
namespace {

namespace rt = runtime;

struct Poke : rt::EventOf<Poke> {};
struct PokePort : rt::PortType<rt::Requests<Poke>, rt::Indications<>> {};

class Leaf : public rt::ComponentDefinition {
 public:
  Leaf() {
    subscribe(port_, [this](const Poke&) { ++pokes_; });
  }

 private:
  std::int64_t pokes_ = 0;
  rt::Negative<PokePort> port_ = provide<PokePort>();
};

class Group : public rt::ComponentDefinition {
 public:
  explicit Group(std::int64_t leaves) {
    subscribe(port_, [this](const Poke&) { ++pokes_; });
    for (std::int64_t i = 0; i < leaves; ++i) create<Leaf>();
  }

 private:
  std::int64_t pokes_ = 0;
  rt::Negative<PokePort> port_ = provide<PokePort>();
};

// Filled in by the tree's root, read by the harness after termination.
struct TreeProbe {
  std::int64_t startedNs = 0;         // runtime clock, when the whole tree is started
  std::function<void()> whenStarted;  // harness hook, runs once at that point
};

class TreeMain : public rt::ComponentDefinition {
 public:
  TreeMain(std::int64_t components, TreeProbe* probe) : probe_(probe) {
    const auto groups = std::max<std::int64_t>(
        1, static_cast<std::int64_t>(std::ceil(std::sqrt(static_cast<double>(components)))));
    const std::int64_t leaves = std::max<std::int64_t>(0, components - groups);
    for (std::int64_t g = 0; g < groups; ++g) {
      create<Group>(leaves / groups + (g < leaves % groups ? 1 : 0));
    }
  }

 private:
  // A parent starts after its whole subtree has started.
  void onStart() override {
    probe_->startedNs = now().count();
    if (probe_->whenStarted) probe_->whenStarted();
    shutdownSystem(0);
  }
  TreeProbe* probe_;
};

}  // namespace

TreeConfig treeConfig(Args& args) {
  TreeConfig c;
  c.components = args.integer("components", c.components, 1, 100'000'000);
  c.runtime = runtimeConfig(args);
  return c;
}

void runCreate(const TreeConfig& config) {
  // A real clock even under the deterministic scheduler (whose default clock
  // is virtual and would read 0): the phases are timed through it.
  rt::RuntimeOptions options = runtimeOptions(config.runtime);
  options.clock = std::make_shared<rt::SteadyClock>();
  rt::Runtime runtime(options);
  const rt::Clock& clock = runtime.clock();  // the same clock the tree's root reads
  TreeProbe probe;
  const double cpuBegin = processCpuSeconds();
  const std::int64_t t0 = clock.nowNs();
  runtime.createRoot<TreeMain>(config.components, &probe);
  const std::int64_t t1 = clock.nowNs();
  runtime.start();
  const int code = runtime.awaitTermination();
  const std::int64_t t3 = clock.nowNs();
  const std::int64_t t2 = probe.startedNs;
  const double cpuSeconds = processCpuSeconds() - cpuBegin;

  const double n = static_cast<double>(config.components);
  const double total = static_cast<double>(t3 - t0) / 1e9;
  Report report("create");
  report.add("components", config.components);
  describe(report, config.runtime);
  report.add("create_seconds", static_cast<double>(t1 - t0) / 1e9, 6)
      .add("start_seconds", static_cast<double>(t2 - t1) / 1e9, 6)
      .add("destroy_seconds", static_cast<double>(t3 - t2) / 1e9, 6)
      .add("total_seconds", total, 6)
      .add("components_per_sec", n / total, 0)
      .add("cpu_seconds", cpuSeconds, 6)
      .add("components_per_cpu_sec", n / cpuSeconds, 0);
  if (code != 0) report.add("exit_code", std::int64_t{code});
  report.print();
}

void runMemory(const TreeConfig& config) {
  rt::Runtime runtime(runtimeOptions(config.runtime));
  TreeProbe probe;
  const std::int64_t before = residentBytes();
  runtime.createRoot<TreeMain>(config.components, &probe);
  const std::int64_t created = residentBytes();
  std::int64_t started = -1;
  probe.whenStarted = [&started] { started = residentBytes(); };
  runtime.start();
  const int code = runtime.awaitTermination();

  const double n = static_cast<double>(config.components);
  Report report("memory");
  report.add("components", config.components);
  describe(report, config.runtime);
  report.add("rss_before_bytes", before)
      .add("rss_created_bytes", created)
      .add("rss_started_bytes", started)
      .add("bytes_per_component", static_cast<double>(started - before) / n, 0);
  if (code != 0) report.add("exit_code", std::int64_t{code});
  report.print();
}

}  // namespace catslab::bench
