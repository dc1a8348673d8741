// What every protocol property suite shares: the seeds it runs, the line
// that replays a failing seed, and a simulation set up the same way for all
// suites (catslab::sim::Simulation, the simulator users run).
//
// Every message that crosses the emulated network is encoded and decoded by
// its wire codec (wireRoundTrip), so the suites also prove the codecs that
// catslab-node uses; a message type without a codec fails the run loudly.
//
// Header-only test support; single-threaded like the simulation it builds.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/net/serializer.h"
#include "runtime/runtime.h"
#include "runtime/sim/simulation.h"

namespace protosim {

namespace rt = catslab::runtime;
namespace sim = catslab::sim;

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

// Encodes and decodes each message with its registered codec.
inline sim::MessageCopy wireRoundTrip() {
  return [](const rt::Message& m) -> std::shared_ptr<const rt::Message> {
    const auto* codec = catslab::net::Serializers::find(m.typeId());
    if (!codec) throw std::logic_error("message type " + m.typeName() + " has no wire codec");
    auto decoded = codec->decode(m.source, m.destination, codec->encode(m));
    if (!decoded) throw std::logic_error("codec " + codec->name + ": " + decoded.error());
    return *decoded;
  };
}

struct GroupOptions {
  std::uint64_t seed = 1;
  int nodes = 3;  // ids n1..nN; each node's peers are all the others
  std::string stack;
  std::map<std::string, std::string> params;
  sim::LinkModel link;    // the default link between every pair
  std::string bootstrap;  // the StackContext::bootstrap node, if any
  bool start = true;      // start every node at time 0
  bool trace = false;     // a trace recorder (slower; for tests that read the trace)
};

// A simulation of `nodes` nodes running `stack`, with codec round trips on.
inline std::unique_ptr<sim::Simulation> makeGroup(const GroupOptions& o) {
  sim::SimulationOptions so;
  so.seed = o.seed;
  so.trace = o.trace;
  so.trackState = false;
  so.defaultLink = o.link;
  auto s = std::make_unique<sim::Simulation>(so);
  s->setMessageCopy(wireRoundTrip());
  for (int i = 1; i <= o.nodes; ++i) {
    sim::NodeSpec spec;
    spec.id = "n" + std::to_string(i);
    spec.stack = o.stack;
    spec.params = o.params;
    const rt::Status added = s->addNode(std::move(spec));
    if (!added) throw std::logic_error(added.error());
  }
  if (!o.bootstrap.empty()) s->setBootstrap(o.bootstrap);
  if (o.start) s->startAll();
  return s;
}

// A link with uniform latency in [loMs, hiMs) and independent loss.
inline sim::LinkModel uniformLink(double loMs, double hiMs, double loss = 0) {
  sim::LinkModel link;
  link.latency = sim::LatencyModel::uniform(loMs, hiMs);
  link.loss = loss;
  return link;
}

// makeGroup with the usual choices: started, trace off.
inline std::unique_ptr<sim::Simulation> group(std::uint64_t seed, int nodes,
                                              const std::string& stack,
                                              const sim::LinkModel& link = {},
                                              std::map<std::string, std::string> params = {}) {
  GroupOptions options;
  options.seed = seed;
  options.nodes = nodes;
  options.stack = stack;
  options.link = link;
  options.params = std::move(params);
  return makeGroup(options);
}

// Sends a console line and lets the node answer (at the same virtual time);
// returns the command's id, which its replies carry.
inline std::uint64_t command(sim::Simulation& s, const std::string& id, const std::string& line) {
  const rt::Status sent = s.command(id, line);
  if (!sent) throw std::logic_error(sent.error());
  s.runFor(0);
  return s.lastCommandId();
}

inline std::vector<std::string> upNodes(const sim::Simulation& s) {
  std::vector<std::string> out;
  for (const auto& id : s.nodeIds()) {
    if (s.isUp(id)) out.push_back(id);
  }
  return out;
}

// Empty if the simulated system is healthy: no node went down that the test
// did not crash (a fault in a stack) and the runtime did not stop (a fault
// outside the stacks, e.g. a message type without a wire codec).
inline std::string health(sim::Simulation& s, const std::set<std::string>& crashed) {
  if (s.runtime().exitCode() != 0) {
    return "the simulated system stopped on a fault outside the stacks: " + s.lastError();
  }
  for (const auto& id : s.nodeIds()) {
    if (!s.isUp(id) && !crashed.count(id)) return id + " went down on a fault";
  }
  return {};
}

// The ids n1..nN.
inline std::vector<std::string> nodeIds(int n) {
  std::vector<std::string> ids;
  for (int i = 1; i <= n; ++i) ids.push_back("n" + std::to_string(i));
  return ids;
}

inline std::set<std::string> liveSet(const sim::Simulation& s) {
  const auto up = upNodes(s);
  return {up.begin(), up.end()};
}

// Empty if exactly the nodes in `up` are up and the system runs: a stack
// that faults is taken down by the simulator, and a fault outside the stacks
// (a message without a codec) stops it; either would otherwise pass unseen,
// since property checks look at live nodes only.
inline std::string healthError(sim::Simulation& s, const std::set<std::string>& up) {
  if (s.runtime().exitCode() != 0) {
    return "the simulated system stopped on a fault: " + s.lastError();
  }
  for (const auto& id : s.nodeIds()) {
    if (s.isUp(id) != (up.count(id) != 0)) {
      return id + (s.isUp(id) ? " is up" : " is down") + " but the test did not make it so";
    }
  }
  return {};
}

}  // namespace protosim
