// A deterministic simulation harness for the part-A protocol suites (fd,
// omega, broadcast, paxos, abd, tob, rsm).
//
// Sim runs registry stacks on virtual nodes inside one Runtime on the
// deterministic scheduler. One SimNet component provides Network (routed to
// nodes by destination) and Timer (virtual time) to every node. Each message
// gets a uniform random latency from the Sim's seeded stream, may be lost,
// and is dropped across a partition. Virtual time advances only in runFor():
// the agenda is ordered by (time, sequence), so a run is a pure function of
// the seed. Messages are forwarded as the same shared event (no copies).
//
// Ownership: Sim owns the runtime; pointers from find<C>() are valid until the
// node is crashed or the Sim is destroyed. Single-threaded.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/console.h"
#include "runtime/network.h"
#include "runtime/runtime.h"
#include "runtime/stack_registry.h"
#include "runtime/state_writer.h"

namespace parta {

namespace rt = catslab::runtime;
using namespace std::chrono_literals;

class Sim;

// Provides Network and Timer for all virtual nodes.
class SimNet : public rt::ComponentDefinition {
 public:
  explicit SimNet(Sim* sim);
  void deliver(rt::EventPtr m) {
    core().post(
        [this, m = std::move(m)] { trigger(std::static_pointer_cast<const rt::Message>(m), net_); },
        false);
  }
  rt::Negative<rt::Network> net_ = provide<rt::Network>();
  rt::Negative<rt::Timer> timer_ = provide<rt::Timer>();

 private:
  Sim* sim_;
};

// One console line a node printed, with the virtual time it appeared.
struct OutputLine {
  std::int64_t atNs;
  std::string text;
  bool error;
  std::uint64_t id;
};

// Holds a node's stack so that the harness wires every stack the same way,
// and records what its console prints.
class NodeBox : public rt::ComponentDefinition {
 public:
  explicit NodeBox(std::function<void(const OutputLine&)> sink) : sink_(std::move(sink)) {}
  void adopt(rt::ComponentRef top) {
    top_ = top;
    connect(net_, top.negative<rt::Network>());
    connect(timer_, top.negative<rt::Timer>());
    console_ = top.positive<rt::Console>();
    subscribe(console_, [this](const rt::ConsoleOutput& o) {
      sink_(OutputLine{now().count(), o.text, o.error, o.id});
    });
  }
  void send(const std::string& line, std::uint64_t id) {
    core().post([this, line, id] { trigger(rt::ConsoleCommand(line, id), console_); }, false);
  }
  const rt::ComponentRef& top() const { return top_; }
  rt::Positive<rt::Network> net_ = require<rt::Network>();
  rt::Positive<rt::Timer> timer_ = require<rt::Timer>();

 private:
  std::function<void(const OutputLine&)> sink_;
  rt::ComponentRef top_;
  rt::Positive<rt::Console> console_;
};

class SimRoot : public rt::ComponentDefinition {
 public:
  explicit SimRoot(Sim* sim) { net = create<SimNet>(sim); }
  void run(std::function<void(SimRoot&)> task) {
    core().post([this, task = std::move(task)] { task(*this); }, false);
  }
  void addNode(const std::string& stack, const rt::StackContext& ctx, int incarnation,
               std::function<void(const OutputLine&)> sink) {
    const rt::StackInfo* info = rt::StackRegistry::find(stack);
    if (!info) throw std::logic_error("no stack named " + stack);
    auto box = createNamed<NodeBox>(ctx.self.id + "." + std::to_string(incarnation), sink);
    box->adopt(info->factory(box.definition(), ctx));
    connect(net.positive<rt::Network>(), box.negative<rt::Network>(),
            rt::Selection{rt::byDestination(), rt::nodeKey(ctx.self.id)});
    connect(net.positive<rt::Timer>(), box.negative<rt::Timer>());
    start(box);
    boxes[ctx.self.id] = box;
  }
  void crash(const std::string& id) {
    auto it = boxes.find(id);
    if (it == boxes.end()) return;
    kill(it->second);
    boxes.erase(it);
  }
  rt::Component<SimNet> net;
  std::map<std::string, rt::Component<NodeBox>> boxes;
};

struct SimOptions {
  std::uint64_t seed = 1;
  double minLatencyMs = 1;
  double maxLatencyMs = 10;
  double loss = 0;  // probability that a message is dropped
};

class Sim {
 public:
  explicit Sim(SimOptions o)
      : options_(o), clock_(std::make_shared<rt::ManualClock>()), rng_(o.seed) {
    runtime_ = std::make_unique<rt::Runtime>(
        rt::RuntimeOptions{.scheduler = rt::SchedulerKind::Deterministic,
                           .seed = o.seed,
                           .clock = clock_,
                           .log = [](rt::LogLevel, const std::string&, const std::string&) {}});
    root_ = runtime_->createRoot<SimRoot>(this);
    runtime_->start();
    runtime_->runUntilIdle();
  }
  ~Sim() {
    runtime_->shutdown();
    runtime_->runUntilIdle();
  }
  Sim(const Sim&) = delete;
  Sim& operator=(const Sim&) = delete;

  // The group's node ids (every node the stacks know about), e.g. n1..nN.
  void declare(int n) {
    ids_.clear();
    for (int i = 1; i <= n; ++i) ids_.push_back("n" + std::to_string(i));
  }
  const std::vector<std::string>& ids() const { return ids_; }
  void startAll(const std::string& stack, std::map<std::string, std::string> params = {}) {
    for (const auto& id : ids_) start(id, stack, params);
  }
  void start(const std::string& id, const std::string& stack,
             std::map<std::string, std::string> params = {}) {
    rt::StackContext ctx;
    ctx.self = address(id);
    for (const auto& other : ids_) {
      if (other != id) ctx.peers.push_back(address(other));
    }
    ctx.params = std::move(params);
    const int incarnation = ++incarnations_[id];
    root_->run([this, ctx, stack, incarnation](SimRoot& r) {
      const std::string id = ctx.self.id;
      r.addNode(stack, ctx, incarnation,
                [this, id](const OutputLine& l) { output_[id].push_back(l); });
    });
    live_.insert(id);
    runtime_->runUntilIdle();
  }
  void crash(const std::string& id) {
    root_->run([id](SimRoot& r) { r.crash(id); });
    live_.erase(id);
    runtime_->runUntilIdle();
  }
  bool isLive(const std::string& id) const { return live_.count(id) > 0; }
  const std::set<std::string>& live() const { return live_; }

  // Sends a console command; returns its id (echoed by the replies).
  std::uint64_t command(const std::string& id, const std::string& line) {
    const std::uint64_t commandId = ++commandIds_;
    root_->boxes.at(id)->send(line, commandId);
    runtime_->runUntilIdle();
    return commandId;
  }
  const std::vector<OutputLine>& output(const std::string& id) { return output_[id]; }

  // The inspect() state of node id's stack top.
  std::map<std::string, std::string> inspect(const std::string& id) const {
    rt::MapStateWriter out;
    auto it = root_->boxes.find(id);
    if (it != root_->boxes.end()) it->second->top().core()->definition()->inspect(out);
    return out.entries();
  }
  // The first component of type C inside node id's stack, or null.
  template <class C>
  C* find(const std::string& id) {
    auto it = root_->boxes.find(id);
    if (it == root_->boxes.end()) return nullptr;
    return findIn<C>(*it->second.core());
  }

  // Partitions: nodes in different groups cannot talk. heal() joins all.
  void partition(const std::vector<std::vector<std::string>>& groups) {
    group_.clear();
    for (std::size_t g = 0; g < groups.size(); ++g) {
      for (const auto& id : groups[g]) group_[id] = static_cast<int>(g) + 1;
    }
  }
  void heal() { group_.clear(); }
  void setLoss(double loss) { options_.loss = loss; }
  void setLatency(double minMs, double maxMs) {
    options_.minLatencyMs = minMs;
    options_.maxLatencyMs = maxMs;
  }

  void runFor(rt::Duration d) { runUntil(clock_->nowNs() + d.count()); }
  void runUntil(std::int64_t t) {
    runtime_->runUntilIdle();
    while (!agenda_.empty() && agenda_.begin()->first.first <= t) {
      auto node = agenda_.extract(agenda_.begin());
      clock_->set(node.key().first);
      node.mapped()();
      runtime_->runUntilIdle();
    }
    clock_->set(t);
  }
  std::int64_t nowNs() const { return clock_->nowNs(); }
  rt::Random& random() { return rng_; }
  std::uint64_t messagesSent() const { return sent_; }

  static rt::Address address(const std::string& id) {
    return rt::Address{id, "127.0.0.1", static_cast<std::uint16_t>(7000 + rt::nodeKey(id) % 1000)};
  }

  // --- called by SimNet ---
  void send(const rt::EventPtr& event) {
    const auto& m = static_cast<const rt::Message&>(*event);
    ++sent_;
    if (!connected(m.source.id, m.destination.id)) return;
    if (options_.loss > 0 && rng_.chance(options_.loss)) return;
    const double ms = rng_.uniform(options_.minLatencyMs, options_.maxLatencyMs);
    at(clock_->nowNs() + static_cast<std::int64_t>(ms * 1e6), [this, event] {
      const auto& msg = static_cast<const rt::Message&>(*event);
      if (connected(msg.source.id, msg.destination.id)) root_->net->deliver(event);
    });
  }
  void schedule(std::shared_ptr<const rt::DirectRequest> req,
                std::shared_ptr<const rt::Timeout> timeout, rt::Duration delay,
                rt::Duration period) {
    const rt::TimeoutId id = timeout->timeoutId;
    at(clock_->nowNs() + delay.count(), [this, req, timeout, period, id] {
      if (cancelled_.erase(id)) return;
      rt::answerDirect(*req, timeout);
      if (period.count() > 0) schedule(req, timeout, period, period);
    });
  }
  void cancel(rt::TimeoutId id) { cancelled_.insert(id); }

 private:
  bool connected(const std::string& a, const std::string& b) const {
    auto ga = group_.find(a);
    auto gb = group_.find(b);
    const int x = ga == group_.end() ? 0 : ga->second;
    const int y = gb == group_.end() ? 0 : gb->second;
    return x == y;
  }
  template <class C>
  static C* findIn(rt::ComponentCore& core) {
    if (auto* c = dynamic_cast<C*>(core.definition())) return c;
    for (const auto& child : core.children()) {
      if (C* c = findIn<C>(*child)) return c;
    }
    return nullptr;
  }
  void at(std::int64_t t, std::function<void()> fn) {
    agenda_.emplace(std::make_pair(t, ++sequence_), std::move(fn));
  }

  SimOptions options_;
  std::shared_ptr<rt::ManualClock> clock_;
  rt::Random rng_;
  std::unique_ptr<rt::Runtime> runtime_;
  rt::Component<SimRoot> root_;
  std::vector<std::string> ids_;
  std::map<std::string, int> incarnations_;
  std::map<std::string, int> group_;
  std::set<std::string> live_;
  std::map<std::string, std::vector<OutputLine>> output_;
  std::map<std::pair<std::int64_t, std::uint64_t>, std::function<void()>> agenda_;
  std::uint64_t sequence_ = 0;
  std::uint64_t commandIds_ = 0;
  std::set<rt::TimeoutId> cancelled_;
  std::uint64_t sent_ = 0;
};

inline SimNet::SimNet(Sim* sim) : sim_(sim) {
  subscribe(net_, [this](const rt::Message&) { sim_->send(*core().currentEvent()); });
  subscribe(timer_, [this](const rt::ScheduleTimeout& r) {
    auto req = std::static_pointer_cast<const rt::DirectRequest>(*core().currentEvent());
    sim_->schedule(req, r.timeout, r.delay, 0ns);
  });
  subscribe(timer_, [this](const rt::SchedulePeriodicTimeout& r) {
    auto req = std::static_pointer_cast<const rt::DirectRequest>(*core().currentEvent());
    sim_->schedule(req, r.timeout, r.delay, r.period);
  });
  subscribe(timer_, [this](const rt::CancelTimeout& c) { sim_->cancel(c.id); });
  subscribe(timer_, [this](const rt::CancelPeriodicTimeout& c) { sim_->cancel(c.id); });
}

// Seeds for a property suite: CATSLAB_SEED=s runs one seed (to reproduce a
// failure), CATSLAB_SEEDS=n runs n seeds (the long suite), else `normal`.
inline std::vector<std::uint64_t> seeds(int normal) {
  if (const char* one = std::getenv("CATSLAB_SEED")) return {std::strtoull(one, nullptr, 10)};
  int n = normal;
  if (const char* many = std::getenv("CATSLAB_SEEDS")) n = std::atoi(many);
  std::vector<std::uint64_t> out;
  for (int i = 1; i <= n; ++i) out.push_back(static_cast<std::uint64_t>(i));
  return out;
}

// The command line that replays one seed of one test function.
inline std::string reproduce(std::uint64_t seed, const std::string& binary,
                             const std::string& function) {
  return "reproduce with: CATSLAB_SEED=" + std::to_string(seed) + " " + binary + " " + function;
}

}  // namespace parta
