// A small deterministic simulation harness for the part-B protocol tests
// (cyclon, gossip, chord, onehop, bootstrap).
//
// World runs stacks from the StackRegistry on virtual nodes inside one
// Runtime on the deterministic scheduler. One EmuNet component provides
// Network (routed to nodes by destination) and Timer (virtual time) to all
// of them; every message gets a uniform random latency and may be lost.
// Virtual time advances only in runFor(): the agenda is a (time, sequence)
// ordered queue, so a run is a pure function of the seed.
//
// Messages are re-triggered later as new objects: a message whose type has a
// wire codec (runtime/net/serializer.h) is encoded and decoded, so every
// simulated message also exercises its codec; other types must be
// registered with World::copyable<M>() and are copied (an unknown type
// fails loudly).
//
// Ownership: World owns the runtime; the pointers find<C>() returns are valid
// until the node is crashed or the World destroyed. Single-threaded.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/console.h"
#include "runtime/net/serializer.h"
#include "runtime/network.h"
#include "runtime/runtime.h"
#include "runtime/stack_registry.h"

namespace partb {

namespace rt = catslab::runtime;
using namespace std::chrono_literals;

class World;

// Provides Network and Timer for every virtual node.
class EmuNet : public rt::ComponentDefinition {
 public:
  explicit EmuNet(World* world);
  void deliver(std::shared_ptr<const rt::Message> m) {
    core().post([this, m = std::move(m)] { trigger(m, net_); }, false);
  }
  rt::Negative<rt::Network> net_ = provide<rt::Network>();
  rt::Negative<rt::Timer> timer_ = provide<rt::Timer>();

 private:
  World* world_;
};

// Talks to one node's Console and keeps what it printed.
class ConsoleClient : public rt::ComponentDefinition {
 public:
  ConsoleClient() {
    subscribe(console_, [this](const rt::ConsoleOutput& o) {
      lines.push_back((o.error ? "!" : "") + o.text);
    });
  }
  void send(const std::string& line) {
    core().post([this, line] { trigger(rt::ConsoleCommand(line, ++ids_), console_); }, false);
  }
  std::vector<std::string> lines;
  rt::Positive<rt::Console> console_ = require<rt::Console>();

 private:
  std::uint64_t ids_ = 0;
};

class Host : public rt::ComponentDefinition {
 public:
  Host(World* world) { net = create<EmuNet>(world); }
  void run(std::function<void(Host&)> task) {
    core().post([this, task = std::move(task)] { task(*this); }, false);
  }
  rt::ComponentRef addStack(const std::string& stack, const rt::StackContext& ctx,
                            const std::string& incarnation) {
    const rt::StackInfo* info = rt::StackRegistry::find(stack);
    if (!info) throw std::logic_error("no stack named " + stack);
    auto holder = createNamed<NodeBox>(ctx.self.id + "_" + incarnation);
    rt::ComponentRef top = info->factory(holder.definition(), ctx);
    holder->top = top;
    holder->connectTop();
    connect(net.positive<rt::Network>(), holder.negative<rt::Network>(),
            rt::Selection{rt::byDestination(), rt::nodeKey(ctx.self.id)});
    connect(net.positive<rt::Timer>(), holder.negative<rt::Timer>());
    auto client = createNamed<ConsoleClient>(ctx.self.id + "_console_" + incarnation);
    connect(holder.positive<rt::Console>(), client.negative<rt::Console>());
    start(holder);
    start(client);
    boxes[ctx.self.id] = {holder, client};
    return holder;
  }
  void crash(const std::string& id) {
    auto it = boxes.find(id);
    if (it == boxes.end()) return;
    kill(it->second.first);
    kill(it->second.second);
    boxes.erase(it);
  }

  // Wraps the stack so that its ports can be connected uniformly (the
  // stack's top is created inside it by the registry factory).
  class NodeBox : public rt::ComponentDefinition {
   public:
    NodeBox() = default;
    rt::ComponentRef top;
    rt::Negative<rt::Console> console_ = provide<rt::Console>();
    rt::Positive<rt::Network> net_ = require<rt::Network>();
    rt::Positive<rt::Timer> timer_ = require<rt::Timer>();
    friend class Host;
    void connectTop() {
      connect(console_, top.positive<rt::Console>());
      connect(net_, top.negative<rt::Network>());
      connect(timer_, top.negative<rt::Timer>());
    }
  };

  rt::Component<EmuNet> net;
  std::map<std::string, std::pair<rt::Component<NodeBox>, rt::Component<ConsoleClient>>> boxes;
};

struct WorldOptions {
  std::uint64_t seed = 1;
  double minLatencyMs = 1;
  double maxLatencyMs = 10;
  double loss = 0;
};

class World {
 public:
  explicit World(WorldOptions o)
      : options_(o), clock_(std::make_shared<rt::ManualClock>()), rng_(o.seed) {
    runtime_ = std::make_unique<rt::Runtime>(
        rt::RuntimeOptions{.scheduler = rt::SchedulerKind::Deterministic,
                           .seed = o.seed,
                           .clock = clock_,
                           .log = [](rt::LogLevel, const std::string&, const std::string&) {}});
    host_ = runtime_->createRoot<Host>(this);
    runtime_->start();
    runtime_->runUntilIdle();
  }
  // The runtime is destroyed without shutdown(): in this runtime version
  // shutdown() followed by destruction deadlocks in PortHalf::clear().
  ~World() { host_ = {}; }

  template <class M>
  static void copyable() {
    copiers()[M::staticTypeId()] = [](const rt::Message& m) -> std::shared_ptr<const rt::Message> {
      return std::make_shared<const M>(static_cast<const M&>(m));
    };
  }

  // Declares the topology's nodes (all of them, up or not) and the bootstrap.
  void declare(std::vector<std::string> ids, std::string bootstrap = {}) {
    ids_ = std::move(ids);
    bootstrap_ = std::move(bootstrap);
  }
  void start(const std::string& id, const std::string& stack,
             std::map<std::string, std::string> params = {}) {
    rt::StackContext ctx;
    ctx.self = address(id);
    for (const auto& other : ids_) {
      if (other != id) ctx.peers.push_back(address(other));
    }
    ctx.params = std::move(params);
    ctx.bootstrap = bootstrap_;
    const std::string incarnation = std::to_string(++incarnations_[id]);
    host_->run([ctx, stack, incarnation](Host& h) { h.addStack(stack, ctx, incarnation); });
    live_.insert(id);
    runtime_->runUntilIdle();
  }
  void crash(const std::string& id) {
    host_->run([id](Host& h) { h.crash(id); });
    live_.erase(id);
    runtime_->runUntilIdle();
  }
  void command(const std::string& id, const std::string& line) {
    host_->boxes.at(id).second->send(line);
    runtime_->runUntilIdle();
  }
  const std::vector<std::string>& output(const std::string& id) {
    return host_->boxes.at(id).second->lines;
  }

  // The first component of type C inside node id's stack, or null.
  template <class C>
  C* find(const std::string& id) {
    auto it = host_->boxes.find(id);
    if (it == host_->boxes.end()) return nullptr;
    return findIn<C>(*it->second.first.core());
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
  rt::Duration now() const { return rt::Duration(clock_->nowNs()); }
  const std::set<std::string>& live() const { return live_; }
  std::vector<rt::Address> liveAddresses() const {
    std::vector<rt::Address> out;
    for (const auto& id : live_) out.push_back(address(id));
    return out;
  }
  rt::Random& random() { return rng_; }
  std::uint64_t messagesSent() const { return sent_; }

  static rt::Address address(const std::string& id) {
    return rt::Address{id, "127.0.0.1", static_cast<std::uint16_t>(7000 + rt::nodeKey(id) % 1000)};
  }

  // --- called by EmuNet ---
  void send(const rt::Message& m) {
    std::shared_ptr<const rt::Message> copy;
    if (const auto* codec = catslab::net::Serializers::find(m.typeId())) {
      auto decoded = codec->decode(m.source, m.destination, codec->encode(m));
      if (!decoded)
        throw std::logic_error("harness: codec " + codec->name + ": " + decoded.error());
      copy = *decoded;
    } else if (auto it = copiers().find(m.typeId()); it != copiers().end()) {
      copy = it->second(m);
    } else {
      throw std::logic_error("harness: message type " + m.typeName() + " has no codec");
    }
    ++sent_;
    if (options_.loss > 0 && rng_.chance(options_.loss)) return;
    const double ms = rng_.uniform(options_.minLatencyMs, options_.maxLatencyMs);
    at(clock_->nowNs() + static_cast<std::int64_t>(ms * 1e6),
       [this, copy] { host_->net->deliver(copy); });
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
  static std::unordered_map<rt::TypeId,
                            std::function<std::shared_ptr<const rt::Message>(const rt::Message&)>>&
  copiers() {
    static std::unordered_map<rt::TypeId,
                              std::function<std::shared_ptr<const rt::Message>(const rt::Message&)>>
        table;
    return table;
  }

  WorldOptions options_;
  std::shared_ptr<rt::ManualClock> clock_;
  rt::Random rng_;
  std::unique_ptr<rt::Runtime> runtime_;
  rt::Component<Host> host_;
  std::vector<std::string> ids_;
  std::string bootstrap_;
  std::map<std::string, int> incarnations_;
  std::set<std::string> live_;
  std::map<std::pair<std::int64_t, std::uint64_t>, std::function<void()>> agenda_;
  std::uint64_t sequence_ = 0;
  std::set<rt::TimeoutId> cancelled_;
  std::uint64_t sent_ = 0;
};

inline EmuNet::EmuNet(World* world) : world_(world) {
  subscribe(net_, [this](const rt::Message& m) { world_->send(m); });
  subscribe(timer_, [this](const rt::ScheduleTimeout& r) {
    world_->schedule(std::make_shared<const rt::ScheduleTimeout>(r), r.timeout, r.delay, 0ns);
  });
  subscribe(timer_, [this](const rt::SchedulePeriodicTimeout& r) {
    world_->schedule(std::make_shared<const rt::SchedulePeriodicTimeout>(r), r.timeout, r.delay,
                     r.period);
  });
  subscribe(timer_, [this](const rt::CancelTimeout& c) { world_->cancel(c.id); });
  subscribe(timer_, [this](const rt::CancelPeriodicTimeout& c) { world_->cancel(c.id); });
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
inline std::string reproduce(std::uint64_t seed, const char* binary, const char* function) {
  return "reproduce with: CATSLAB_SEED=" + std::to_string(seed) + " " + binary + " " + function;
}

}  // namespace partb
