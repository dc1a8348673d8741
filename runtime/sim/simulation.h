// Simulation: a whole distributed system in one process — every node a
// virtual node (a NodeHost composite with its own address, Network and
// Timer), an emulated network between them, one trace of everything.
//
// Two profiles share these classes (DESIGN.md "Three execution profiles"):
//  - Profile::Simulation: the deterministic scheduler plus a discrete-event
//    queue ordered by (virtual time ns, sequence number). Nothing happens
//    until you call step(), runFor() or runUntil(). One root seed; the
//    network model, the scenario and every component's random() are derived
//    from it, so the same binary + seed + inputs give a byte-identical trace.
//  - Profile::Stress: the work-stealing scheduler and real time; the emulated
//    network delays messages in real time on a loop thread, and schedule()d
//    actions (scenario operations) run on that thread at their real time.
//    runFor() then waits in real time. Not reproducible; for load and race
//    hunting (docs/simulation.md "Profiles").
//
//   SimulationOptions o; o.seed = 7;
//   auto sim = Simulation::fromTopology(topology, o);   // Result<unique_ptr<>>
//   (*sim)->startAll();
//   (*sim)->command("n1", "ping all");
//   (*sim)->runFor(2'000'000'000);                      // 2 s of virtual time
//   auto lines = (*sim)->output("n1");
//
// Ownership: a Simulation owns its Runtime, components, network, timer and
// trace recorder. Thread safety (Simulation profile): drive it from one
// thread. Stress profile: the node and network calls (startNode, killNode,
// command, partition, ...) must come from one controlling thread at a time
// — Scenario uses the loop thread, through schedule(); stop(), stopped(),
// waitUntilStopped(), events(), snapshot(), checkNow() and finish() may be
// called from any thread. snapshot() is then the fold of the trace (the
// state every component reported after its last handler), because reading
// a running component from outside would race with its handler; nodeState()
// and component() read components directly and are for the Simulation
// profile only. finish() halts a stress run first (no handler runs after it).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "runtime/clock.h"
#include "runtime/component_core.h"
#include "runtime/proto/topology.pb.h"
#include "runtime/random.h"
#include "runtime/result.h"
#include "runtime/sim/checks.h"
#include "runtime/sim/emulated_network.h"
#include "runtime/sim/global_state.h"
#include "runtime/sim/network_model.h"
#include "runtime/sim/trace_recorder.h"
#include "runtime/stack_registry.h"

namespace catslab::runtime {
class Runtime;
class ManualClock;
}  // namespace catslab::runtime

namespace catslab::sim {

class SimRoot;
class EventLoop;
class VirtualEventQueue;

enum class Profile { Simulation, Stress };

struct SimulationOptions {
  std::uint64_t seed = 1;
  Profile profile = Profile::Simulation;
  int workers = 0;                  // stress profile: 0 = one per core
  std::string name = "simulation";  // goes into the trace header
  bool trace = true;                // false: no recorder at all (fastest; benchmarks)
  bool trackState = true;           // inspect() after handlers (needs trace)
  RecordSink traceSink;             // receives every record, header first
  LinkModel defaultLink;            // until a topology sets one
};

// A virtual node. Either `stack` names a StackRegistry entry or `factory`
// builds the stack directly (tests, protocol engineers' own stacks).
struct NodeSpec {
  std::string id;
  std::string stack;
  runtime::StackFactory factory;
  std::map<std::string, std::string> params;
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::vector<std::pair<std::int64_t, std::string>> script;  // (ns after start, command)
};

// One line a node's console printed: when (virtual ns), what, whether it was
// an error, and the id of the command it answers (0 when unsolicited).
struct ConsoleLine {
  std::int64_t atNs = 0;
  std::string text;
  bool error = false;
  std::uint64_t commandId = 0;
};

// Virtual-time helpers.
constexpr std::int64_t ms(double v) { return static_cast<std::int64_t>(v * 1e6); }
constexpr std::int64_t seconds(double v) { return static_cast<std::int64_t>(v * 1e9); }

class Simulation {
 public:
  explicit Simulation(SimulationOptions options = {});
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Declares the topology's nodes (not started) and its link models.
  static runtime::Result<std::unique_ptr<Simulation>> fromTopology(
      const topology::Topology& topology, SimulationOptions options);
  runtime::Status loadTopology(const topology::Topology& topology);

  // --- nodes ------------------------------------------------------------------
  runtime::Status addNode(NodeSpec spec);  // declares; peers are all declared nodes
  std::vector<std::string> nodeIds() const;
  bool hasNode(const std::string& id) const;
  bool isUp(const std::string& id) const;
  runtime::Status startNode(const std::string& id);
  runtime::Status killNode(const std::string& id, const std::string& reason = "killed");
  runtime::Status restartNode(const std::string& id);  // kill if up, then start
  void startAll();
  // The node id later starts pass as StackContext::bootstrap (loadTopology
  // sets it from the topology's `bootstrap`); nodes already up keep theirs.
  void setBootstrap(std::string id) { bootstrap_ = std::move(id); }

  // --- network (all changeable while running) ---------------------------------
  void setDefaultLink(const LinkModel& model);
  // Both directions unless `bothWays` is false (then only a -> b).
  void setLink(const std::string& a, const std::string& b, const LinkModel& model,
               bool bothWays = true);
  void setLinkDown(const std::string& a, const std::string& b, bool down);
  void partition(const std::vector<std::string>& groupA, const std::vector<std::string>& groupB,
                 bool oneWay = false);
  void heal();
  NetworkStats networkStats() const;
  // Every delivered message becomes copy(sent) (see EmulatedNetwork).
  void setMessageCopy(MessageCopy copy);

  // --- consoles ----------------------------------------------------------------
  // Delivers a ConsoleCommand to the node's stack (at the current time).
  runtime::Status command(const std::string& id, const std::string& line);
  // The id the last successful command() got; replies carry it.
  std::uint64_t lastCommandId() const { return commandIds_; }
  // Every output line of the node so far (all incarnations).
  std::vector<std::string> output(const std::string& id) const;
  // The same lines with their time, error flag and command id.
  std::vector<ConsoleLine> console(const std::string& id) const;

  // --- time ----------------------------------------------------------------------
  std::int64_t now() const;
  // Runs one event: one component turn, or else the earliest timed event
  // (advancing virtual time to it). False when nothing is left or stopped.
  bool step();
  void runUntil(std::int64_t timeNs);
  void runFor(std::int64_t durationNs) { runUntil(now() + durationNs); }
  // Runs `fn` at virtual time `timeNs` (scenario operations use this).
  void schedule(std::int64_t timeNs, std::function<void(Simulation&)> fn);
  void stop();  // the "terminate" operation
  bool stopped() const { return stopped_.load(); }
  // Stress profile: blocks until stop() or until `realNs` passed (< 0: no
  // limit); true if stopped. Simulation profile: returns stopped().
  bool waitUntilStopped(std::int64_t realNs = -1);
  // Simulation profile: component turns plus timed events. Stress profile:
  // handlers run plus timed events (loop actions).
  std::uint64_t events() const;

  // --- state, checks and trace ------------------------------------------------
  std::map<std::string, std::string> nodeState(const std::string& id) const;
  // The first component of type C in the running stack of node `id`, or null
  // when the node is down or has none. For white-box tests; the pointer is
  // valid until the node is killed. Simulation profile only.
  template <class C>
  C* component(const std::string& id) {
    runtime::ComponentCore* stack = stackCore(id);
    return stack ? findIn<C>(*stack) : nullptr;
  }
  GlobalState snapshot() const;  // live nodes' inspect() state; in-flight from the trace
  Checks& checks() { return checks_; }
  // Evaluates invariants now (the "snapshot" operation); true if all hold.
  bool checkNow();
  // Evaluates invariants and end-of-run checks; true if all ever held.
  // Stress profile: halts the system first (the loop and the workers stop;
  // pending deliveries are dropped), so the end state is a quiet one.
  bool finish();
  // The failures so far (safe while a stress run is going).
  std::vector<CheckFailure> failures() const;
  std::size_t checkCount() const;
  TraceRecorder* recorder() { return recorder_.get(); }
  void addTraceListener(RecordSink sink);
  runtime::Random& scenarioRandom() { return scenarioRandom_; }
  std::uint64_t seed() const { return options_.seed; }
  Profile profile() const { return options_.profile; }
  runtime::Runtime& runtime() { return *runtime_; }
  // The last error the runtime logged (a fault's path and reason), with or
  // without a trace; empty if none.
  std::string lastError() const;

 private:
  struct ErrorLog {
    std::mutex mutex;
    std::string last;
  };
  struct NodeIo {
    std::mutex mutex;
    std::vector<ConsoleLine> lines;
  };
  struct Node {
    NodeSpec spec;
    runtime::Address address;
    runtime::ComponentRef host;
    bool up = false;
    std::shared_ptr<NodeIo> io = std::make_shared<NodeIo>();
  };
  Node* find(const std::string& id);
  runtime::ComponentCore* stackCore(const std::string& id) const;
  template <class C>
  static C* findIn(runtime::ComponentCore& core) {
    if (auto* c = dynamic_cast<C*>(core.definition())) return c;
    for (const auto& child : core.children()) {
      if (C* c = findIn<C>(*child)) return c;
    }
    return nullptr;
  }
  const Node* find(const std::string& id) const;
  void record(const trace::Record& r);
  void onNodeFault(const std::string& id, const runtime::Fault& fault);
  void halt();  // stress profile: stops the loop thread and the workers

  SimulationOptions options_;
  std::shared_ptr<runtime::Clock> clock_;
  runtime::ManualClock* manualClock_ = nullptr;
  std::unique_ptr<TraceRecorder> recorder_;
  std::vector<RecordSink> listeners_;
  std::unique_ptr<EventLoop> loop_;
  VirtualEventQueue* queue_ = nullptr;  // Simulation profile only
  std::unique_ptr<runtime::Runtime> runtime_;
  SimRoot* root_ = nullptr;
  EmulatedNetwork* network_ = nullptr;
  std::map<std::string, Node> nodes_;
  std::string bootstrap_;
  runtime::Random scenarioRandom_;
  Checks checks_;
  std::shared_ptr<ErrorLog> errors_ = std::make_shared<ErrorLog>();
  // Guards traced_ and checks_: records arrive from every worker in the
  // stress profile. Taken inside the recorder's lock (record()), so never
  // call into the recorder while holding it.
  mutable std::mutex stateMutex_;
  GlobalState traced_;  // fold of the trace, for in-flight messages and record checks
  std::atomic<bool> stopped_{false};
  std::mutex stopMutex_;
  std::condition_variable stopCv_;
  bool halted_ = false;
  std::uint64_t events_ = 0;
  std::uint64_t commandIds_ = 0;
};

}  // namespace catslab::sim
