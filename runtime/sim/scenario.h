// The scenario DSL, after the Kompics simulator: stochastic processes that
// raise operations at random inter-arrival times, composed in time.
//
//   Scenario sc("churn");
//   sc.setTopology(topology);                          // nodes start at t=0 by default
//   auto& load = sc.process("load")
//       .eventInterArrivalTime(Distribution::exponential(50))    // ms
//       .raise(100, Operation::clientRequest(), Distribution::liveNode(),
//              Distribution::constant("ping all"));
//   auto& churn = sc.process("churn")
//       .eventInterArrivalTime(Distribution::uniform(200, 400))
//       .raise(5, Operation::killNode(), Distribution::liveNode())
//       .raise(5, Operation::restartNode(), Distribution::downNode());
//   load.startAt(ms(100));
//   churn.startAfterStartOf(ms(500), load);
//   sc.terminateAfterTerminationOf(seconds(2), churn);
//   sc.check({.name = "all answered", .atEndOnly = true, .key = "ping.outstanding", .value = "0"});
//   RunResult r = sc.run(seed);
//
// A process that starts at time T raises its first operation at T plus one
// inter-arrival draw, and each next one an inter-arrival draw later; with
// several raise() clauses the next operation is drawn among them in
// proportion to their remaining counts. It terminates after its last
// operation. Times are nanoseconds (sim::ms(), sim::seconds()); inter-arrival
// distributions are in milliseconds, as in the JSON form (scenario.proto),
// which loadScenario() turns into the same objects — so a JSON file and the
// same scenario written in C++ produce identical runs.
//
// A Scenario is an immutable description once built: run() and install()
// may be called many times (each with its own Simulation), from several
// threads at once.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runtime/proto/topology.pb.h"
#include "runtime/result.h"
#include "runtime/sim/checks.h"
#include "runtime/sim/network_model.h"
#include "runtime/sim/simulation.h"

namespace catslab::sim {

class Distribution {
 public:
  enum class Kind {
    Constant,
    Uniform,
    UniformInt,
    Exponential,
    Normal,
    Sequence,
    Choice,
    LiveNode,
    DownNode,
    AnyNode
  };
  static Distribution constant(double v);
  static Distribution constant(std::string v);
  static Distribution uniform(double lo, double hi);
  static Distribution uniformInt(std::int64_t lo, std::int64_t hi);
  static Distribution exponential(double mean);
  static Distribution normal(double mean, double stddev);         // floored at 0 for times
  static Distribution sequence(std::vector<std::string> values);  // in order, cycling
  static Distribution choice(std::vector<std::string> values);    // uniformly at random
  static Distribution liveNode();  // a random node that is up ("" if none)
  static Distribution downNode();  // a random declared node that is down ("" if none)
  static Distribution anyNode();

  Kind kind() const { return kind_; }
  const std::vector<std::string>& values() const { return values_; }
  // `cursor` is the caller's position in a sequence.
  std::string sample(Simulation& sim, std::size_t& cursor) const;
  double sampleNumber(Simulation& sim, std::size_t& cursor) const;

 private:
  Kind kind_ = Kind::Constant;
  double a_ = 0, b_ = 0;
  std::string text_;
  bool isText_ = false;
  std::vector<std::string> values_;
};

// An operation and how many parameters it takes.
struct Operation {
  std::string name;
  std::size_t arity = 0;
  std::function<runtime::Status(Simulation&, const std::vector<std::string>&)> run;

  static Operation startNode();    // (node)
  static Operation killNode();     // (node)
  static Operation restartNode();  // (node)
  // (groupA, groupB) as comma-separated node ids
  static Operation partition(bool oneWay = false);
  static Operation heal();  // ()
  // (a, b), both directions; a -> b only when oneWay
  static Operation setLink(const LinkModel& model, bool oneWay = false);
  static Operation linkDown();       // (a, b)
  static Operation linkUp();         // (a, b)
  static Operation clientRequest();  // (node, command line)
  static Operation snapshot();       // () evaluates invariants
  static Operation terminate();      // ()
  static Operation custom(
      std::string name, std::size_t arity,
      std::function<runtime::Status(Simulation&, const std::vector<std::string>&)> fn);
};

class StochasticProcess {
 public:
  explicit StochasticProcess(std::string name) : name_(std::move(name)) {}
  const std::string& name() const { return name_; }

  StochasticProcess& eventInterArrivalTime(Distribution ms);
  StochasticProcess& raise(std::uint32_t count, Operation op,
                           std::vector<Distribution> params = {});
  template <class... D>
  StochasticProcess& raise(std::uint32_t count, Operation op, Distribution first, D... rest) {
    return raise(count, std::move(op), std::vector<Distribution>{std::move(first), rest...});
  }

  StochasticProcess& start() { return startAt(0); }
  StochasticProcess& startAt(std::int64_t timeNs);
  StochasticProcess& startAfterStartOf(std::int64_t delayNs, const StochasticProcess& other);
  StochasticProcess& startAfterTerminationOf(std::int64_t delayNs, const StochasticProcess& other);
  StochasticProcess& startAtSameTimeWith(const StochasticProcess& other) {
    return startAfterStartOf(0, other);
  }

  enum class Start { Unset, At, AfterStartOf, AfterTerminationOf };
  struct Clause {
    std::uint32_t count;
    Operation op;
    std::vector<Distribution> params;
  };
  Start startKind() const { return start_; }
  std::int64_t startTime() const { return at_; }
  const std::string& after() const { return after_; }
  const Distribution& interArrival() const { return interArrival_; }
  const std::vector<Clause>& clauses() const { return clauses_; }

 private:
  std::string name_;
  Distribution interArrival_ = Distribution::constant(0.0);
  std::vector<Clause> clauses_;
  Start start_ = Start::Unset;
  std::int64_t at_ = 0;
  std::string after_;
};

struct RunResult {
  std::uint64_t seed = 0;
  std::uint64_t events = 0;
  std::uint64_t records = 0;
  std::int64_t virtualNs = 0;
  double wallSeconds = 0;
  std::size_t checks = 0;
  std::vector<CheckFailure> failures;
  std::string error;  // the scenario could not run (bad node in an operation, ...)
  bool passed() const { return failures.empty() && error.empty(); }
};

class Scenario {
 public:
  explicit Scenario(std::string name = "scenario") : name_(std::move(name)) {}
  const std::string& name() const { return name_; }

  void setTopology(topology::Topology topology) { topology_ = std::move(topology); }
  const std::optional<topology::Topology>& topology() const { return topology_; }
  // Start every topology node at time 0 (default) or only by operations.
  void startAllNodes(bool on) { startAll_ = on; }

  StochasticProcess& process(std::string name);
  void terminateAt(std::int64_t timeNs);
  void terminateAfterTerminationOf(std::int64_t delayNs, const StochasticProcess& process);

  void check(CheckExpr expr) { checks_.push_back(std::move(expr)); }
  // Adds C++ checks to every run (invariants, end-of-run, record checks).
  void checks(std::function<void(Checks&)> add) { cppChecks_.push_back(std::move(add)); }
  void snapshotEvery(std::int64_t periodNs) { snapshotEvery_ = periodNs; }

  // Structure: unique process names, known references, one start per
  // process, no start cycles, a way to terminate, valid checks.
  runtime::Status validate() const;
  // Loads the topology and schedules everything into `sim` (not run yet).
  runtime::Status install(Simulation& sim) const;
  // One whole run in a fresh Simulation; `options.seed` etc. as given.
  RunResult run(SimulationOptions options) const;
  RunResult run(std::uint64_t seed) const;

 private:
  std::string name_;
  std::optional<topology::Topology> topology_;
  bool startAll_ = true;
  std::deque<StochasticProcess> processes_;
  std::optional<std::int64_t> terminateAt_;
  std::string terminateAfter_;
  std::int64_t terminateDelay_ = 0;
  std::vector<CheckExpr> checks_;
  std::vector<std::function<void(Checks&)>> cppChecks_;
  std::int64_t snapshotEvery_ = 0;
};

}  // namespace catslab::sim
