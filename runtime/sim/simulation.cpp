#include "runtime/sim/simulation.h"

#include <set>
#include <stdexcept>
#include <thread>

#include "runtime/client_ops.h"
#include "runtime/component_core.h"
#include "runtime/runtime.h"
#include "runtime/sim/event_loop.h"
#include "runtime/sim/node_host.h"
#include "runtime/sim/virtual_timer.h"
#include "runtime/topology.h"

namespace catslab::sim {

using runtime::Result;
using runtime::Status;

// The root of the simulated system: the shared network and timer, and one
// NodeHost child per running node. Its public methods are called by the
// Simulation from outside any handler (the deterministic scheduler is not
// running then; in the stress profile the root itself has no handlers).
class SimRoot : public runtime::ComponentDefinition {
 public:
  SimRoot(EventLoop& loop, TraceRecorder* recorder) {
    network_ = createNamed<EmulatedNetwork>("network", loop, recorder);
    timer_ = createNamed<VirtualTimer>("timer", loop);
  }
  EmulatedNetwork& network() { return network_.definition(); }

  runtime::Component<NodeHost> addNode(const std::string& id, const runtime::StackFactory& f,
                                       const runtime::StackContext& ctx,
                                       ConsoleDriver::OutputFn out, NodeHost::FaultFn fault) {
    auto host = createNamed<NodeHost>(id, f, ctx, std::move(out), std::move(fault));
    connect(network_.positive<runtime::Network>(), host.negative<runtime::Network>(),
            runtime::Selection{runtime::byDestination(), runtime::nodeKey(id)});
    connect(timer_.positive<runtime::Timer>(), host.negative<runtime::Timer>());
    return host;
  }
  void startChild(const runtime::ComponentRef& c) { start(c); }
  void killChild(const runtime::ComponentRef& c) { kill(c); }

 private:
  runtime::Component<EmulatedNetwork> network_;
  runtime::Component<VirtualTimer> timer_;
};

namespace {

const char* levelName(runtime::LogLevel level) {
  switch (level) {
    case runtime::LogLevel::Debug:
      return "debug";
    case runtime::LogLevel::Info:
      return "info";
    case runtime::LogLevel::Warning:
      return "warning";
    case runtime::LogLevel::Error:
      return "error";
  }
  return "info";
}

// "/n3#7/ping" -> "n3": node hosts are the root's children, named by node id
// ("#k" is added when a restarted node's predecessor is still being killed).
std::string nodeOfPath(const std::string& path) {
  if (path.size() < 2 || path[0] != '/') return {};
  std::string first = path.substr(1, path.find('/', 1) - 1);
  const auto hash = first.find('#');
  if (hash != std::string::npos) first.resize(hash);
  return first;
}

}  // namespace

Simulation::Simulation(SimulationOptions options)
    : options_(std::move(options)),
      scenarioRandom_(runtime::Random::derive(options_.seed, "scenario")) {
  const bool virtualTime = options_.profile == Profile::Simulation;
  if (virtualTime) {
    auto c = std::make_shared<runtime::ManualClock>();
    manualClock_ = c.get();
    clock_ = c;
  } else {
    clock_ = std::make_shared<runtime::SteadyClock>();
  }
  if (options_.trace) {
    if (options_.traceSink) listeners_.push_back(options_.traceSink);
    recorder_ =
        std::make_unique<TraceRecorder>(*clock_, [this](const trace::Record& r) { record(r); });
    recorder_->setStateTracking(options_.trackState);
    recorder_->header(options_.name, options_.seed, virtualTime ? "simulation" : "stress");
  }
  if (virtualTime) {
    auto q = std::make_unique<VirtualEventQueue>(*clock_);
    queue_ = q.get();
    loop_ = std::move(q);
  } else {
    loop_ = std::make_unique<RealTimeLoop>(*clock_);
  }
  runtime::RuntimeOptions ro;
  ro.scheduler =
      virtualTime ? runtime::SchedulerKind::Deterministic : runtime::SchedulerKind::WorkStealing;
  ro.workers = options_.workers;
  ro.seed = options_.seed;
  ro.clock = clock_;
  TraceRecorder* rec = recorder_.get();
  auto errors = errors_;
  ro.log = [rec, errors](runtime::LogLevel level, const std::string& path,
                         const std::string& text) {
    if (rec) rec->log(nodeOfPath(path), levelName(level), path + ": " + text);
    if (level == runtime::LogLevel::Error) {
      std::lock_guard lock(errors->mutex);
      errors->last = path + ": " + text;
    }
  };
  runtime_ = std::make_unique<runtime::Runtime>(std::move(ro));
  runtime_->service<runtime::ClientOps>().setSink(
      [rec](const std::string& path, const trace::ClientOp& op) {
        if (rec) rec->clientOp(nodeOfPath(path), op);
      });
  if (recorder_) runtime_->setObserver(recorder_.get());
  auto root = runtime_->createRoot<SimRoot>(*loop_, recorder_.get());
  root_ = &root.definition();
  network_ = &root_->network();
  network_->withModel([&](NetworkModel& m) { m.setDefault(options_.defaultLink); });
  runtime_->start();
  if (virtualTime) {
    runtime_->runUntilIdle();
  } else {
    while (runtime_->root()->state() != runtime::LifecycleState::Active) std::this_thread::yield();
  }
}

Simulation::~Simulation() {
  if (queue_) queue_->clear();
  halt();
  runtime_->setObserver(nullptr);
  // Handles on node hosts would keep their components alive past the runtime.
  for (auto& [id, node] : nodes_) node.host = {};
  runtime_.reset();
  loop_.reset();
}

void Simulation::record(const trace::Record& r) {
  {
    std::lock_guard lock(stateMutex_);
    applyRecord(traced_, r);
    checks_.observe(r);
  }
  for (const auto& l : listeners_) l(r);
}

void Simulation::stop() {
  {
    std::lock_guard lock(stopMutex_);
    stopped_.store(true);
  }
  stopCv_.notify_all();
}

bool Simulation::waitUntilStopped(std::int64_t realNs) {
  if (queue_) return stopped();
  std::unique_lock lock(stopMutex_);
  if (realNs < 0) {
    stopCv_.wait(lock, [this] { return stopped_.load(); });
    return true;
  }
  return stopCv_.wait_for(lock, std::chrono::nanoseconds(realNs),
                          [this] { return stopped_.load(); });
}

std::uint64_t Simulation::events() const {
  if (queue_) return events_;
  const auto* loop = static_cast<const RealTimeLoop*>(loop_.get());
  return loop->executed() + (recorder_ ? recorder_->handlers() : 0);
}

void Simulation::halt() {
  if (queue_ || halted_) return;
  halted_ = true;
  // The loop first (no more deliveries, timeouts or operations), then the
  // workers finish their current turn and stop.
  static_cast<RealTimeLoop*>(loop_.get())->stop();
  runtime_->scheduler().stop();
}

void Simulation::addTraceListener(RecordSink sink) { listeners_.push_back(std::move(sink)); }

Result<std::unique_ptr<Simulation>> Simulation::fromTopology(const topology::Topology& topology,
                                                             SimulationOptions options) {
  auto sim = std::make_unique<Simulation>(std::move(options));
  Status s = sim->loadTopology(topology);
  if (!s) return s;
  return sim;
}

Status Simulation::loadTopology(const topology::Topology& t) {
  Status valid = runtime::validateTopology(t, t.name().empty() ? "topology" : t.name());
  if (!valid) return valid;
  if (t.has_default_link()) setDefaultLink(fromProto(t.default_link()));
  bootstrap_ = t.bootstrap();
  for (const auto& n : t.nodes()) {
    NodeSpec spec;
    spec.id = n.id();
    spec.stack = n.stack();
    spec.params = {n.params().begin(), n.params().end()};
    if (!n.host().empty()) spec.host = n.host();
    spec.port = static_cast<std::uint16_t>(n.port());
    for (const auto& step : n.script()) spec.script.emplace_back(ms(step.at_ms()), step.command());
    Status s = addNode(std::move(spec));
    if (!s) return s;
  }
  for (const auto& l : t.links()) {
    setLink(l.a(), l.b(), fromProto(runtime::linkModel(t, l.a(), l.b())), false);
    setLink(l.b(), l.a(), fromProto(runtime::linkModel(t, l.b(), l.a())), false);
  }
  return Status::ok();
}

Status Simulation::addNode(NodeSpec spec) {
  if (spec.id.empty()) return Status::failure("node id: empty");
  if (nodes_.count(spec.id)) return Status::failure("node " + spec.id + ": declared twice");
  if (!spec.factory) {
    const runtime::StackInfo* info = runtime::StackRegistry::find(spec.stack);
    if (!info) {
      std::string known;
      for (const auto& n : runtime::StackRegistry::names())
        known += (known.empty() ? "" : ", ") + n;
      return Status::failure("node " + spec.id + ": unknown stack '" + spec.stack +
                             "' (known: " + known + ")");
    }
    spec.factory = info->factory;
  }
  Node node;
  node.address = runtime::Address{spec.id, spec.host, spec.port};
  node.spec = std::move(spec);
  const std::string id = node.spec.id;
  nodes_.emplace(id, std::move(node));
  return Status::ok();
}

Simulation::Node* Simulation::find(const std::string& id) {
  auto it = nodes_.find(id);
  return it == nodes_.end() ? nullptr : &it->second;
}
const Simulation::Node* Simulation::find(const std::string& id) const {
  auto it = nodes_.find(id);
  return it == nodes_.end() ? nullptr : &it->second;
}

std::vector<std::string> Simulation::nodeIds() const {
  std::vector<std::string> out;
  for (const auto& [id, n] : nodes_) out.push_back(id);
  return out;
}

bool Simulation::hasNode(const std::string& id) const { return find(id) != nullptr; }

bool Simulation::isUp(const std::string& id) const {
  const Node* n = find(id);
  return n && n->up;
}

Status Simulation::startNode(const std::string& id) {
  Node* n = find(id);
  if (!n) return Status::failure("unknown node '" + id + "'");
  if (n->up) return Status::failure("node " + id + " is already up");
  runtime::StackContext ctx;
  ctx.self = n->address;
  for (const auto& [other, o] : nodes_) {
    if (other != id) ctx.peers.push_back(o.address);
  }
  ctx.params = n->spec.params;
  ctx.bootstrap = bootstrap_;
  auto io = n->io;
  TraceRecorder* rec = recorder_.get();
  runtime::Clock* clock = clock_.get();
  auto output = [io, rec, id, clock](const runtime::ConsoleOutput& o) {
    {
      std::lock_guard lock(io->mutex);
      io->lines.push_back(ConsoleLine{clock->nowNs(), o.text, o.error, o.id});
    }
    if (rec) rec->log(id, o.error ? "console-error" : "console", o.text);
  };
  auto fault = [this, id](const runtime::Fault& f) { onNodeFault(id, f); };
  runtime::Component<NodeHost> host;
  try {
    host = root_->addNode(id, n->spec.factory, ctx, output, fault);
  } catch (const std::exception& e) {
    return Status::failure("node " + id + ": stack failed to build: " + e.what());
  }
  n->host = host;
  n->up = true;
  if (recorder_) {
    recorder_->registerNode(host.core().get(), id);
    recorder_->nodeUp(id, n->address.toString(), n->spec.stack);
  }
  network_->setUp(id, true);
  root_->startChild(host);
  for (const auto& [at, line] : n->spec.script) {
    const runtime::ComponentRef incarnation = host;
    schedule(now() + at, [id, line = line, incarnation](Simulation& sim) {
      const Node* node = sim.find(id);
      if (node && node->up && node->host.core() == incarnation.core()) (void)sim.command(id, line);
    });
  }
  return Status::ok();
}

Status Simulation::killNode(const std::string& id, const std::string& reason) {
  Node* n = find(id);
  if (!n) return Status::failure("unknown node '" + id + "'");
  if (!n->up) return Status::failure("node " + id + " is already down");
  n->up = false;
  network_->setUp(id, false);
  if (recorder_) {
    recorder_->nodeDown(id, true, reason);
    recorder_->unregisterNode(n->host.core().get());
  }
  if (!n->host.core()->destroyed()) root_->killChild(n->host);
  n->host = {};
  return Status::ok();
}

Status Simulation::restartNode(const std::string& id) {
  Node* n = find(id);
  if (!n) return Status::failure("unknown node '" + id + "'");
  if (n->up) {
    Status s = killNode(id, "restart");
    if (!s) return s;
  }
  return startNode(id);
}

void Simulation::startAll() {
  for (const auto& id : nodeIds()) {
    if (!isUp(id)) (void)startNode(id);
  }
}

void Simulation::onNodeFault(const std::string& id, const runtime::Fault& fault) {
  // Runs inside the host's handler: crash the node once that turn is over.
  schedule(now(), [id, why = fault.describe()](Simulation& sim) {
    if (sim.isUp(id)) (void)sim.killNode(id, why);
  });
}

void Simulation::setDefaultLink(const LinkModel& model) {
  network_->withModel([&](NetworkModel& m) { m.setDefault(model); });
}

void Simulation::setLink(const std::string& a, const std::string& b, const LinkModel& model,
                         bool bothWays) {
  network_->withModel([&](NetworkModel& m) {
    m.setLink(a, b, model);
    if (bothWays) m.setLink(b, a, model);
  });
}

void Simulation::setLinkDown(const std::string& a, const std::string& b, bool down) {
  network_->withModel([&](NetworkModel& m) { m.setLinkDown(a, b, down); });
}

void Simulation::partition(const std::vector<std::string>& a, const std::vector<std::string>& b,
                           bool oneWay) {
  network_->withModel([&](NetworkModel& m) { m.partition(a, b, oneWay); });
  if (recorder_) {
    std::string text = "partition [";
    for (std::size_t i = 0; i < a.size(); ++i) text += (i ? ", " : "") + a[i];
    text += oneWay ? "] -/-> [" : "] | [";
    for (std::size_t i = 0; i < b.size(); ++i) text += (i ? ", " : "") + b[i];
    recorder_->log("", "sim", text + "]");
  }
}

void Simulation::heal() {
  network_->withModel([](NetworkModel& m) { m.heal(); });
  if (recorder_) recorder_->log("", "sim", "heal");
}

std::string Simulation::lastError() const {
  std::lock_guard lock(errors_->mutex);
  return errors_->last;
}

NetworkStats Simulation::networkStats() const { return network_->stats(); }

void Simulation::setMessageCopy(MessageCopy copy) { network_->setMessageCopy(std::move(copy)); }

Status Simulation::command(const std::string& id, const std::string& line) {
  Node* n = find(id);
  if (!n) return Status::failure("unknown node '" + id + "'");
  if (!n->up) return Status::failure("node " + id + " is down");
  auto* host = static_cast<NodeHost*>(n->host.core()->definition());
  if (recorder_) recorder_->log(id, "command", line);
  if (!host->command(line, ++commandIds_)) {
    return Status::failure("node " + id + ": its stack has no console");
  }
  return Status::ok();
}

std::vector<std::string> Simulation::output(const std::string& id) const {
  const Node* n = find(id);
  if (!n) return {};
  std::lock_guard lock(n->io->mutex);
  std::vector<std::string> out;
  out.reserve(n->io->lines.size());
  for (const auto& line : n->io->lines) out.push_back(line.text);
  return out;
}

std::vector<ConsoleLine> Simulation::console(const std::string& id) const {
  const Node* n = find(id);
  if (!n) return {};
  std::lock_guard lock(n->io->mutex);
  return n->io->lines;
}

runtime::ComponentCore* Simulation::stackCore(const std::string& id) const {
  const Node* n = find(id);
  if (!n || !n->up || !n->host.core()) return nullptr;
  const auto& stack = static_cast<NodeHost*>(n->host.core()->definition())->stack();
  return stack.core().get();
}

std::int64_t Simulation::now() const { return clock_->nowNs(); }

bool Simulation::step() {
  if (stopped_) return false;
  if (!queue_) throw std::logic_error("step() needs the Simulation profile");
  if (runtime_->step()) {
    ++events_;
    return true;
  }
  if (queue_->empty()) return false;
  const auto event = queue_->pop();
  if (event.time > manualClock_->nowNs()) manualClock_->set(event.time);
  ++events_;
  event.run();
  return true;
}

void Simulation::runUntil(std::int64_t timeNs) {
  if (!queue_) {
    // Stress profile: real time passes; the system runs on its own threads.
    // Returns early when the run is stopped (a terminate operation).
    const std::int64_t wait = timeNs - now();
    if (wait > 0) (void)waitUntilStopped(wait);
    return;
  }
  while (!stopped_) {
    if (runtime_->step()) {
      ++events_;
      continue;
    }
    if (queue_->empty() || queue_->nextTime() > timeNs) break;
    const auto event = queue_->pop();
    if (event.time > manualClock_->nowNs()) manualClock_->set(event.time);
    ++events_;
    event.run();
  }
  if (!stopped_ && manualClock_->nowNs() < timeNs) manualClock_->set(timeNs);
}

void Simulation::schedule(std::int64_t timeNs, std::function<void(Simulation&)> fn) {
  loop_->at(timeNs, [this, fn = std::move(fn)] { fn(*this); });
}

std::map<std::string, std::string> Simulation::nodeState(const std::string& id) const {
  const Node* n = find(id);
  if (!n || !n->up) return {};
  // Same keys as the trace: component path inside the node, dot-separated.
  runtime::MapStateWriter out;
  std::vector<std::pair<runtime::ComponentCore*, std::string>> todo{{n->host.core().get(), ""}};
  while (!todo.empty()) {
    auto [core, prefix] = todo.back();
    todo.pop_back();
    if (core->destroyed()) continue;
    if (auto* def = core->definition()) {
      runtime::MapStateWriter w(prefix);
      def->inspect(w);
      for (auto& [k, v] : w.entries()) out.entries()[k] = v;
    }
    for (const auto& child : core->children()) {
      todo.emplace_back(child.get(), prefix + child->name() + ".");
    }
  }
  return std::move(out.entries());
}

GlobalState Simulation::snapshot() const {
  if (!queue_) {
    // Stress: the components are running; their state is what they last
    // reported to the trace (the recorder inspects them inside their turn).
    std::lock_guard lock(stateMutex_);
    GlobalState g = traced_;
    g.timeNs = now();
    return g;
  }
  GlobalState g;
  g.timeNs = now();
  g.records = recorder_ ? recorder_->recordCount() : 0;
  for (const auto& [id, n] : nodes_) {
    auto traced = traced_.nodes.find(id);
    if (!n.up && traced == traced_.nodes.end()) continue;  // never started
    NodeState& s = g.nodes[id];
    s.up = n.up;
    s.address = n.address.toString();
    s.stack = n.spec.stack;
    s.state = nodeState(id);
  }
  g.inFlight = traced_.inFlight;
  return g;
}

bool Simulation::checkNow() {
  const GlobalState g = snapshot();
  std::lock_guard lock(stateMutex_);
  return checks_.evaluate(g, false) == 0;
}

bool Simulation::finish() {
  halt();
  const GlobalState g = snapshot();
  std::lock_guard lock(stateMutex_);
  checks_.evaluate(g, true);
  return checks_.passed();
}

std::vector<CheckFailure> Simulation::failures() const {
  std::lock_guard lock(stateMutex_);
  return checks_.failures();
}

std::size_t Simulation::checkCount() const {
  std::lock_guard lock(stateMutex_);
  return checks_.count();
}

}  // namespace catslab::sim
