// Test support for the CATS property suites: a simulated cluster of CATS
// nodes (catslab::sim::Simulation through protosim's helpers, every message
// through its wire codec), a deterministic client workload that runs inside
// each node next to the store and records every get/put/delete into one
// linearizability-checker history, and the end-of-run checks of issue 10:
// views match the ring, a majority of every view holds each key's latest
// version, no node keeps data of a group it left.
//
// Header-only; single-threaded like the deterministic simulation it drives.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "../protocols/sim_suite.h"
#include "cats/core/cats_node.h"
#include "cats/core/placement.h"
#include "cats/kv_port.h"
#include "cats/store/memory_store.h"
#include "protocols/linearizability/checker.h"

namespace catssim {

namespace rt = catslab::runtime;
namespace sim = catslab::sim;
namespace cats = catslab::cats;
namespace checker = catslab::checker;

// The whole run's history, shared by every node's workload client.
struct Recorder {
  checker::History history;
  std::int64_t position = 0;
  struct Open {
    std::size_t index;
  };
  std::map<std::pair<std::string, std::uint64_t>, std::size_t> open;  // (node, op) -> op index
  std::size_t unavailable = 0, ok = 0;
  // Completions of ops invoked on `node` in [from, to) with outcome; for the
  // partition check.
  struct Done {
    std::string node;
    std::int64_t invokedNs;
    std::int64_t completedNs;
    cats::KvStatus status;
  };
  std::vector<Done> done;
};

struct Workload {
  int clientsPerNode = 2;
  std::vector<std::string> keys = {"a", "b", "c"};
  std::int64_t untilNs = 0;  // no new operations after this time
  int maxThinkMs = 40;
  int deletesInTen = 1;  // of every ten operations; five are reads, the rest puts
};

// Runs `clientsPerNode` closed-loop clients against its node's KeyValueStore.
class WorkloadClient : public rt::ComponentDefinition {
 public:
  WorkloadClient(std::string node, Recorder* recorder, Workload workload)
      : node_(std::move(node)), recorder_(recorder), workload_(std::move(workload)) {
    subscribe(kv_, &WorkloadClient::onResponse);
    subscribe(timer_, &WorkloadClient::onThink);
  }

 private:
  struct Think : rt::EventOf<Think, rt::Timeout> {
    explicit Think(int c) : client(c) {}
    int client;
  };

  void onStart() override {
    for (int c = 0; c < workload_.clientsPerNode; ++c) think(c);
  }
  void think(int c) {
    scheduleTimeout(timer_, std::chrono::milliseconds(1 + random().below(workload_.maxThinkMs)),
                    Think(c));
  }
  void onThink(const Think& t) {
    if (now().count() >= workload_.untilNs) return;
    const std::uint64_t op = ++nextOp_;
    const std::string& key = workload_.keys[random().below(workload_.keys.size())];
    checker::Operation o;
    o.client = node_ + "/" + std::to_string(t.client) + "." + std::to_string(incarnation());
    o.key = key;
    o.invokeAt = ++recorder_->position;
    o.invokeTime = now().count();
    const auto dice = random().below(10);
    if (dice < 5) {
      o.kind = checker::OpKind::Read;
      trigger(cats::KvGet(static_cast<std::uint64_t>(t.client), op, key), kv_);
    } else if (dice < 10 - static_cast<std::uint64_t>(workload_.deletesInTen)) {
      o.kind = checker::OpKind::Write;
      o.value = node_ + "-" + std::to_string(op) + "-" + std::to_string(now().count() % 100000);
      trigger(cats::KvPut(static_cast<std::uint64_t>(t.client), op, key, o.value), kv_);
    } else {
      o.kind = checker::OpKind::Write;  // a delete writes nil
      trigger(cats::KvDelete(static_cast<std::uint64_t>(t.client), op, key), kv_);
    }
    recorder_->open[{node_ + "#" + std::to_string(incarnation()), op}] =
        recorder_->history.ops.size();
    recorder_->history.ops.push_back(std::move(o));
  }
  void onResponse(const cats::KvResponse& r) {
    auto it = recorder_->open.find({node_ + "#" + std::to_string(incarnation()), r.op});
    if (it == recorder_->open.end()) return;
    checker::Operation& o = recorder_->history.ops[it->second];
    recorder_->open.erase(it);
    o.completeTime = now().count();
    if (r.status == cats::KvStatus::Ok) {
      o.outcome = checker::Outcome::Ok;
      o.completeAt = ++recorder_->position;
      if (o.kind == checker::OpKind::Read) o.value = r.found ? r.value : std::string();
      ++recorder_->ok;
    } else {
      // Unavailable: it may or may not have taken effect (a put); never a value.
      o.outcome =
          o.kind == checker::OpKind::Read ? checker::Outcome::Fail : checker::Outcome::Unknown;
      if (o.outcome == checker::Outcome::Fail) o.completeAt = ++recorder_->position;
      ++recorder_->unavailable;
    }
    recorder_->done.push_back({node_, o.invokeTime, o.completeTime, r.status});
    think(static_cast<int>(r.client));
  }
  // A restarted node's client is a new process for the checker.
  std::uint64_t incarnation() const { return incarnation_; }

  std::string node_;
  Recorder* recorder_;
  Workload workload_;
  std::uint64_t nextOp_ = 0;
  std::uint64_t incarnation_ = 0;
  rt::Positive<cats::KeyValueStore> kv_ = require<cats::KeyValueStore>();
  rt::Positive<rt::Timer> timer_ = require<rt::Timer>();

 public:
  void setIncarnation(std::uint64_t i) { incarnation_ = i; }
};

// The test stack: a CatsNode plus a WorkloadClient on its KeyValueStore.
// Console lines go to the CatsNode.
class TestStack : public catslab::protocols::ConsoleStack {
 public:
  TestStack(const rt::StackContext& context, cats::CatsConfig config,
            std::shared_ptr<cats::LocalStore> store, Recorder* recorder, Workload workload,
            std::uint64_t incarnation) {
    node_ = create<cats::CatsNode>(context, std::move(config), std::move(store));
    wire(node_);
    auto client = create<WorkloadClient>(context.self.id, recorder, std::move(workload));
    client.definition().setIncarnation(incarnation);
    wireTimer(client);
    connect(node_.positive<cats::KeyValueStore>(), client.negative<cats::KeyValueStore>());
    inner_ = node_.positive<rt::Console>();
    subscribe(inner_,
              [this](const rt::ConsoleOutput& o) { trigger(rt::ConsoleOutput(o), console_); });
  }

 private:
  bool handleCommand(const catslab::protocols::CommandLine& cmd, std::uint64_t id) override {
    trigger(rt::ConsoleCommand(cmd.verb + (cmd.rest.empty() ? "" : " " + cmd.rest), id), inner_);
    return true;
  }
  std::vector<std::string> helpLines() const override { return {}; }

  rt::Component<cats::CatsNode> node_;
  rt::Positive<rt::Console> inner_;
};

struct ClusterOptions {
  std::uint64_t seed = 1;
  int nodes = 6;       // n1..nN declared
  int startNodes = 6;  // n1..nK started at time 0
  std::map<std::string, std::string> params;
  sim::LinkModel link = protosim::uniformLink(1, 10);
  Workload workload;
  std::string scope;          // memory-store scope; unique per run
  sim::RecordSink traceSink;  // set: receives the run's trace (records, header first)
};

class Cluster {
 public:
  explicit Cluster(ClusterOptions o) : options_(std::move(o)) {
    sim::SimulationOptions so;
    so.seed = options_.seed;
    // CATS_DEBUG=1 prints every "cats ..." trace line (views, Paxos, ops).
    so.trace = std::getenv("CATS_DEBUG") != nullptr;
    so.trackState = false;
    if (options_.traceSink) {
      so.trace = true;
      so.traceSink = options_.traceSink;
    } else if (so.trace) {
      so.traceSink = [](const catslab::trace::Record& r) {
        if (r.has_log() && r.log().text().find("cats ") != std::string::npos) {
          std::fprintf(stderr, "%9.3f %s %s\n", static_cast<double>(r.time_ns()) / 1e6,
                       r.node().c_str(), r.log().text().c_str());
        }
      };
    }
    so.defaultLink = options_.link;
    sim_ = std::make_unique<sim::Simulation>(so);
    sim_->setMessageCopy(protosim::wireRoundTrip());
    catslab::cats::MemoryStores::drop(options_.scope + "/");
    auto params = options_.params;
    params["store_scope"] = options_.scope;
    config_ = cats::CatsConfig::fromParams(params).value();
    for (int i = 1; i <= options_.nodes; ++i) {
      sim::NodeSpec spec;
      spec.id = "n" + std::to_string(i);
      spec.params = params;
      spec.factory = [this](rt::ComponentDefinition& parent, const rt::StackContext& context) {
        auto store = catslab::cats::MemoryStores::open(options_.scope + "/" + context.self.id);
        const std::uint64_t incarnation = ++starts_[context.self.id];
        return rt::ComponentRef(rt::StackBuilder::createIn<TestStack>(
            parent, "cats", context, config_, store, &recorder_, options_.workload, incarnation));
      };
      (void)sim_->addNode(std::move(spec));
    }
    sim_->setBootstrap("n1");
    for (int i = 1; i <= options_.startNodes; ++i) (void)sim_->startNode("n" + std::to_string(i));
  }
  ~Cluster() { catslab::cats::MemoryStores::drop(options_.scope + "/"); }

  sim::Simulation& sim() { return *sim_; }
  Recorder& recorder() { return recorder_; }
  const cats::CatsConfig& config() const { return config_; }
  cats::CatsNode* node(const std::string& id) { return sim_->component<cats::CatsNode>(id); }
  // How many times node `id` has started (its workload client's incarnation).
  std::uint64_t incarnation(const std::string& id) const {
    auto it = starts_.find(id);
    return it == starts_.end() ? 0 : it->second;
  }
  std::set<std::string> crashed;  // nodes the test took down

  // Every live node's view of the ring and groups agrees with the live set:
  // for each slice, the READY members of the newest view are exactly the
  // desired group of the live, non-leaving nodes. Empty if so.
  std::string viewsMatchRing(const std::set<std::string>& leaving = {}) {
    std::vector<std::string> nodes;
    for (const auto& id : protosim::upNodes(*sim_)) {
      if (!leaving.count(id)) nodes.push_back(id);
    }
    for (std::uint32_t s = 0; s < config_.slices; ++s) {
      const auto want = cats::desiredGroup(s, config_.slices, nodes, config_.replication);
      cats::View newest;
      for (const auto& id : protosim::upNodes(*sim_)) {
        const auto g = node(id)->group(s);
        if (g.view.vid > newest.vid) newest = g.view;
      }
      if (newest.members != want) {
        return "group " + std::to_string(s) + " has " + newest.describe() + ", the ring says " +
               join(want);
      }
      for (const auto& m : want) {
        const auto g = node(m)->group(s);
        if (g.view.vid != newest.vid || g.status != cats::GroupStatus::Ready) {
          return "group " + std::to_string(s) + ": " + m + " is " + cats::toString(g.status) +
                 " in " + g.view.describe() + ", newest is " + newest.describe();
        }
      }
    }
    return {};
  }

  // More than half of every group's view holds the newest version of every
  // key any replica holds, and no live node holds data of a slice whose
  // view it is not READY in. Empty if so.
  std::string dataPlaced() {
    const auto up = protosim::upNodes(*sim_);
    for (std::uint32_t s = 0; s < config_.slices; ++s) {
      cats::View newest;
      for (const auto& id : up) {
        const auto g = node(id)->group(s);
        if (g.view.vid > newest.vid) newest = g.view;
      }
      std::map<std::string, cats::Versioned> latest;
      for (const auto& id : up) {
        for (const auto& [key, v] : node(id)->store().scan(s)) {
          auto it = latest.find(key);
          if (it == latest.end() || it->second.ts < v.ts) latest[key] = v;
        }
      }
      for (const auto& [key, v] : latest) {
        std::size_t holders = 0;
        for (const auto& m : newest.members) {
          auto* n = node(m);
          if (!n) continue;
          auto mine = n->store().get(s, key);
          if (mine && mine->ts == v.ts) ++holders;
          // A collected tombstone: absent, below the slice's floor.
          if (!mine && v.tombstone && n->floorOf(s) >= v.ts.counter) ++holders;
        }
        if (holders < newest.majority()) {
          return "key '" + key + "' (group " + std::to_string(s) + ", " + newest.describe() +
                 "): only " + std::to_string(holders) + " replicas hold its newest version " +
                 cats::describe(v);
        }
      }
      for (const auto& id : up) {
        const auto g = node(id)->group(s);
        const bool member = g.status == cats::GroupStatus::Ready && g.view.has(id);
        if (!member && node(id)->store().count(s) > 0) {
          return id + " still holds " + std::to_string(node(id)->store().count(s)) +
                 " keys of group " + std::to_string(s) + " (it is " + cats::toString(g.status) +
                 " in " + g.view.describe() + ")";
        }
      }
    }
    return {};
  }

  // Every live node's inspect() state, for failure messages.
  std::string describeNodes() {
    std::string out;
    for (const auto& id : protosim::upNodes(*sim_)) {
      out += "\n" + id + ":";
      for (const auto& [k, v] : sim_->nodeState(id)) {
        if (k.find("cats/") == std::string::npos && k.find("CatsNode") == std::string::npos)
          continue;
        out += "\n  " + k + " = " + v;
      }
    }
    return out;
  }

  static std::string join(const std::vector<std::string>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? " " : "") + v[i];
    return out + "]";
  }

 private:
  ClusterOptions options_;
  cats::CatsConfig config_;
  std::unique_ptr<sim::Simulation> sim_;
  Recorder recorder_;
  std::map<std::string, std::uint64_t> starts_;
};

}  // namespace catssim
