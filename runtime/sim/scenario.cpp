// The scenario engine: validation, and turning processes into events of a
// Simulation.
#include "runtime/sim/scenario.h"

#include <chrono>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <set>

namespace catslab::sim {

using runtime::Status;

StochasticProcess& StochasticProcess::eventInterArrivalTime(Distribution ms) {
  interArrival_ = std::move(ms);
  return *this;
}

StochasticProcess& StochasticProcess::raise(std::uint32_t count, Operation op,
                                            std::vector<Distribution> params) {
  clauses_.push_back(Clause{count, std::move(op), std::move(params)});
  return *this;
}

StochasticProcess& StochasticProcess::startAt(std::int64_t timeNs) {
  start_ = Start::At;
  at_ = timeNs;
  after_.clear();
  return *this;
}

StochasticProcess& StochasticProcess::startAfterStartOf(std::int64_t delayNs,
                                                        const StochasticProcess& other) {
  start_ = Start::AfterStartOf;
  at_ = delayNs;
  after_ = other.name();
  return *this;
}

StochasticProcess& StochasticProcess::startAfterTerminationOf(std::int64_t delayNs,
                                                              const StochasticProcess& other) {
  start_ = Start::AfterTerminationOf;
  at_ = delayNs;
  after_ = other.name();
  return *this;
}

StochasticProcess& Scenario::process(std::string name) {
  processes_.emplace_back(std::move(name));
  return processes_.back();
}

void Scenario::terminateAt(std::int64_t timeNs) {
  terminateAt_ = timeNs;
  terminateAfter_.clear();
}

void Scenario::terminateAfterTerminationOf(std::int64_t delayNs, const StochasticProcess& p) {
  terminateAfter_ = p.name();
  terminateDelay_ = delayNs;
  terminateAt_.reset();
}

Status Scenario::validate() const {
  std::map<std::string, const StochasticProcess*> byName;
  for (std::size_t i = 0; i < processes_.size(); ++i) {
    const auto& p = processes_[i];
    const std::string field = "processes[" + std::to_string(i) + "]";
    if (p.name().empty()) return Status::failure(field + ".name: empty");
    if (!byName.emplace(p.name(), &p).second) {
      return Status::failure(field + ".name: duplicate process '" + p.name() + "'");
    }
  }
  for (std::size_t i = 0; i < processes_.size(); ++i) {
    const auto& p = processes_[i];
    const std::string field = "processes[" + std::to_string(i) + "]";
    if (p.startKind() == StochasticProcess::Start::Unset) {
      return Status::failure(field + ": process '" + p.name() + "' never starts");
    }
    if (p.startTime() < 0) return Status::failure(field + ": negative start time or delay");
    if (!p.after().empty() && !byName.count(p.after())) {
      return Status::failure(field + ": unknown process '" + p.after() + "'");
    }
    for (std::size_t c = 0; c < p.clauses().size(); ++c) {
      const auto& clause = p.clauses()[c];
      if (clause.params.size() != clause.op.arity) {
        return Status::failure(field + ".raise[" + std::to_string(c) + "].params: operation '" +
                               clause.op.name + "' takes " + std::to_string(clause.op.arity) +
                               " parameter(s), got " + std::to_string(clause.params.size()));
      }
    }
    // Start chains must reach a fixed time.
    std::set<std::string> seen{p.name()};
    for (const StochasticProcess* q = &p; !q->after().empty();) {
      q = byName.at(q->after());
      if (!seen.insert(q->name()).second) {
        return Status::failure(field + ": start of '" + p.name() + "' depends on itself");
      }
    }
  }
  if (!terminateAt_ && terminateAfter_.empty()) {
    return Status::failure(
        "terminate: the scenario never terminates (set terminateAtMs or "
        "terminateAfterTerminationOf)");
  }
  if (!terminateAfter_.empty() && !byName.count(terminateAfter_)) {
    return Status::failure("terminateAfterTerminationOf: unknown process '" + terminateAfter_ +
                           "'");
  }
  for (std::size_t i = 0; i < checks_.size(); ++i) {
    Status s = sim::validate(checks_[i]);
    if (!s) return Status::failure("checks[" + std::to_string(i) + "]." + s.error());
  }
  return Status::ok();
}

namespace {

// The per-run state of the processes of one installed scenario.
struct Run : std::enable_shared_from_this<Run> {
  struct Proc {
    const StochasticProcess* def;
    std::vector<std::uint32_t> remaining;
    std::vector<std::vector<std::size_t>> cursors;  // per clause, per parameter
    std::size_t interCursor = 0;
    std::vector<std::size_t> startAfterStart;        // dependents
    std::vector<std::size_t> startAfterTermination;  // dependents
    bool terminatesRun = false;
  };
  std::vector<Proc> procs;
  std::int64_t terminateDelay = 0;
  std::int64_t snapshotEvery = 0;

  void snapshotTick(Simulation& sim) {
    (void)sim.checkNow();
    auto self = shared_from_this();
    sim.schedule(sim.now() + snapshotEvery, [self](Simulation& s) { self->snapshotTick(s); });
  }

  void start(Simulation& sim, std::size_t i) {
    Proc& p = procs[i];
    for (std::size_t d : p.startAfterStart) {
      scheduleStart(sim, d, sim.now() + procs[d].def->startTime());
    }
    scheduleNext(sim, i);
  }

  void scheduleStart(Simulation& sim, std::size_t i, std::int64_t at) {
    auto self = shared_from_this();
    sim.schedule(at, [self, i](Simulation& s) { self->start(s, i); });
  }

  void scheduleNext(Simulation& sim, std::size_t i) {
    Proc& p = procs[i];
    std::uint64_t left = 0;
    for (auto r : p.remaining) left += r;
    if (left == 0) return terminated(sim, i);
    const double gapMs = p.def->interArrival().sampleNumber(sim, p.interCursor);
    const auto gapNs = static_cast<std::int64_t>(std::max(0.0, gapMs) * 1e6);
    auto self = shared_from_this();
    sim.schedule(sim.now() + gapNs, [self, i](Simulation& s) { self->fire(s, i); });
  }

  void fire(Simulation& sim, std::size_t i) {
    Proc& p = procs[i];
    std::size_t c = 0;
    if (p.remaining.size() > 1) {
      std::uint64_t left = 0;
      for (auto r : p.remaining) left += r;
      std::uint64_t k = sim.scenarioRandom().below(left);
      while (k >= p.remaining[c]) k -= p.remaining[c++];
    } else {
      while (p.remaining[c] == 0) ++c;
    }
    --p.remaining[c];
    const auto& clause = p.def->clauses()[c];
    std::vector<std::string> args;
    for (std::size_t a = 0; a < clause.params.size(); ++a) {
      args.push_back(clause.params[a].sample(sim, p.cursors[c][a]));
    }
    Status s = clause.op.run(sim, args);
    if (!s && sim.recorder()) {
      sim.recorder()->log("", "warning",
                          p.def->name() + ": " + clause.op.name + " failed: " + s.error());
    }
    scheduleNext(sim, i);
  }

  void terminated(Simulation& sim, std::size_t i) {
    Proc& p = procs[i];
    for (std::size_t d : p.startAfterTermination) {
      scheduleStart(sim, d, sim.now() + procs[d].def->startTime());
    }
    if (p.terminatesRun) {
      sim.schedule(sim.now() + terminateDelay, [](Simulation& s) { s.stop(); });
    }
  }
};

}  // namespace

Status Scenario::install(Simulation& sim) const {
  Status valid = validate();
  if (!valid) return valid;
  if (topology_) {
    Status s = sim.loadTopology(*topology_);
    if (!s) return s;
  }
  for (const auto& c : checks_) sim.checks().add(c);
  for (const auto& add : cppChecks_) add(sim.checks());
  if (startAll_) sim.startAll();

  auto run = std::make_shared<Run>();
  std::map<std::string, std::size_t> index;
  for (const auto& p : processes_) {
    Run::Proc proc{&p, {}, {}, 0, {}, {}, false};
    for (const auto& clause : p.clauses()) {
      proc.remaining.push_back(clause.count);
      proc.cursors.emplace_back(clause.params.size(), 0);
    }
    index[p.name()] = run->procs.size();
    run->procs.push_back(std::move(proc));
  }
  for (std::size_t i = 0; i < run->procs.size(); ++i) {
    const auto* def = run->procs[i].def;
    if (def->startKind() == StochasticProcess::Start::AfterStartOf) {
      run->procs[index.at(def->after())].startAfterStart.push_back(i);
    } else if (def->startKind() == StochasticProcess::Start::AfterTerminationOf) {
      run->procs[index.at(def->after())].startAfterTermination.push_back(i);
    }
  }
  if (!terminateAfter_.empty()) {
    run->procs[index.at(terminateAfter_)].terminatesRun = true;
    run->terminateDelay = terminateDelay_;
  }
  for (std::size_t i = 0; i < run->procs.size(); ++i) {
    const auto* def = run->procs[i].def;
    if (def->startKind() == StochasticProcess::Start::At) {
      run->scheduleStart(sim, i, def->startTime());
    }
  }
  if (terminateAt_) sim.schedule(*terminateAt_, [](Simulation& s) { s.stop(); });
  if (snapshotEvery_ > 0) {
    run->snapshotEvery = snapshotEvery_;
    sim.schedule(snapshotEvery_, [run](Simulation& s) { run->snapshotTick(s); });
  }
  return Status::ok();
}

RunResult Scenario::run(std::uint64_t seed) const {
  SimulationOptions o;
  o.seed = seed;
  return run(std::move(o));
}

RunResult Scenario::run(SimulationOptions options) const {
  RunResult result;
  result.seed = options.seed;
  if (options.name == "simulation") options.name = name_;
  const auto wallStart = std::chrono::steady_clock::now();
  const bool stress = options.profile == Profile::Stress;
  Simulation sim(std::move(options));
  Status s = Status::ok();
  if (stress) {
    // Every scenario action runs on the loop thread; installing there too
    // keeps the node table on that one thread (Simulation's contract).
    std::promise<Status> installed;
    sim.schedule(0, [&](Simulation& on) { installed.set_value(install(on)); });
    s = installed.get_future().get();
  } else {
    s = install(sim);
  }
  if (!s) {
    result.error = s.error();
    return result;
  }
  if (stress) {
    sim.waitUntilStopped();
  } else {
    while (sim.step()) {
    }
  }
  sim.finish();
  result.events = sim.events();
  result.records = sim.recorder() ? sim.recorder()->recordCount() : 0;
  result.virtualNs = sim.now();
  result.checks = sim.checkCount();
  result.failures = sim.failures();
  result.wallSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
  return result;
}

}  // namespace catslab::sim
