// What every protocol property suite shares: the seeds it runs (fixed in
// the normal run, a fresh range in a long run), the line that replays a
// failing seed or run, and a simulation set up the same way for all
// suites (catslab::sim::Simulation, the simulator users run).
//
// Every message that crosses the emulated network is encoded and decoded by
// its wire codec (wireRoundTrip), so the suites also prove the codecs that
// catslab-node uses; a message type without a codec fails the run loudly.
//
// Header-only test support; single-threaded like the simulation it builds.
#pragma once

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/runtime.h"
#include "runtime/serializer.h"
#include "runtime/sim/simulation.h"

namespace protosim {

namespace rt = catslab::runtime;
namespace sim = catslab::sim;

// Which seeds a property suite runs, read once from the environment:
//   (nothing)                 the normal run: seeds 1..normal plus
//                             regressionSeeds(), fixed so CI is deterministic;
//   CATSLAB_SEED=s            one seed (replays a failing seed);
//   CATSLAB_SEEDS=n           n seeds from a base drawn fresh for this run
//                             (the long suites), printed before anything else;
//   CATSLAB_SEED_BASE=b       with CATSLAB_SEEDS: seeds b..b+n-1 (replays a
//                             long run, or a sweep's chunk); alone: b..b+normal-1;
//   CATSLAB_SEEDS_MAX=m       the normal run capped: seeds 1..min(normal, m),
//                             no regression seeds (the sanitizer test presets:
//                             an -O0 ASan build runs each seed many times slower).
// A malformed value stops the suite with exit code 2 and says which variable.
struct SeedRun {
  enum class Kind { Normal, Single, Range };
  Kind kind = Kind::Normal;
  std::uint64_t first = 1;  // Single: the seed; Range: the base
  int count = 0;            // Range: how many; 0 means the suite's `normal`
  int cap = 0;              // Normal: CATSLAB_SEEDS_MAX, 0 for none
  bool drawn = false;       // the base was drawn for this run
};

// Seeds that failed some suite once (the seed, then what failed). Every
// normal run of every suite adds them to 1..normal, so a fix stays checked
// on the seed that showed the bug. Append, never remove.
inline const std::vector<std::uint64_t>& regressionSeeds() {
  static const std::vector<std::uint64_t> list{
      283,           // chord: restarted node's join answered with itself (704c9d8)
      1618,          // chord: bootstrap node rejoining collapsed the ring (16be30e)
      4284,          // onehop: late membership copies kept dead members (e9e6220)
      7837,          // onehop: same
      30044,         // chord: merged rings split again by stabilize (issue 17)
      30129,         // chord: same
      31370,         // chord: same, bootstrap node restarted at once
      454385918510,  // chord: a cut-off node left the ring, its predecessors followed (issue 17)
      454385911580,  // chord: failed a first fix of the one above (stand on the predecessor)
      454385927631,  // chord: failed a second fix (ask the bootstrap node once)
      454385930664,  // chord: same
      942713026997,  // cats: churn, a stale read after two removals (pure-removal handoff)
      942713025461,  // cats: a first fix of the one above (every removal a handoff) stuck a group
      942713025412,  // cats: same
      942713025509,  // cats: same
  };
  return list;
}

namespace detail {

[[noreturn]] inline void badSeedVariable(const char* name, const char* value, const char* want) {
  std::fprintf(stderr, "%s='%s': expected %s\n", name, value, want);
  std::exit(2);
}

inline std::uint64_t seedVariable(const char* name, const char* value, std::uint64_t min,
                                  std::uint64_t max, const char* want) {
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(value, &end, 10);
  if (errno != 0 || end == value || *end != '\0' || value[0] == '-' || v < min || v > max) {
    badSeedVariable(name, value, want);
  }
  return v;
}

// Fresh bases lie in [10^6, 10^6 + 2^40): above every fixed seed the suites
// have used, and two runs share a base with negligible probability.
inline std::uint64_t drawBase() {
  std::random_device device;
  const std::uint64_t r = (std::uint64_t{device()} << 32) ^ device();
  return 1'000'000 + (r & ((std::uint64_t{1} << 40) - 1));
}

inline SeedRun readSeedRun() {
  SeedRun run;
  const char* one = std::getenv("CATSLAB_SEED");
  const char* many = std::getenv("CATSLAB_SEEDS");
  const char* base = std::getenv("CATSLAB_SEED_BASE");
  constexpr std::uint64_t kMaxSeed = ~std::uint64_t{0} >> 1;
  if (one) {
    run.kind = SeedRun::Kind::Single;
    run.first = seedVariable("CATSLAB_SEED", one, 0, kMaxSeed, "a seed (a non-negative integer)");
    return run;
  }
  if (!many && !base) {
    if (const char* max = std::getenv("CATSLAB_SEEDS_MAX")) {
      run.cap = static_cast<int>(seedVariable("CATSLAB_SEEDS_MAX", max, 1, 100'000'000,
                                              "a seed count from 1 to 100000000"));
    }
    return run;
  }
  run.kind = SeedRun::Kind::Range;
  if (many) {
    run.count = static_cast<int>(
        seedVariable("CATSLAB_SEEDS", many, 1, 100'000'000, "a seed count from 1 to 100000000"));
  }
  if (base) {
    run.first = seedVariable("CATSLAB_SEED_BASE", base, 0, kMaxSeed,
                             "a base seed (a non-negative integer)");
  } else {
    run.first = drawBase();
    run.drawn = true;
    std::printf("seed base %llu (this run: CATSLAB_SEED_BASE=%llu CATSLAB_SEEDS=%d)\n",
                static_cast<unsigned long long>(run.first),
                static_cast<unsigned long long>(run.first), run.count);
    std::fflush(stdout);
  }
  return run;
}

}  // namespace detail

// The run's seeds as read from the environment. The first call (at static
// initialization of every suite that includes this header, so a drawn base
// is the first line a long run prints) reads it; later calls return it.
inline const SeedRun& seedRun() {
  static const SeedRun run = detail::readSeedRun();
  return run;
}
namespace detail {
inline const SeedRun& kSeedRunAtStartup = seedRun();
}  // namespace detail

// Seeds for a property suite: see SeedRun. `normal` is the suite's own count
// for the normal run.
inline std::vector<std::uint64_t> seeds(int normal) {
  const SeedRun& run = seedRun();
  if (run.kind == SeedRun::Kind::Single) return {run.first};
  std::vector<std::uint64_t> out;
  if (run.kind == SeedRun::Kind::Range) {
    const int n = run.count > 0 ? run.count : normal;
    for (int i = 0; i < n; ++i) out.push_back(run.first + static_cast<std::uint64_t>(i));
    return out;
  }
  if (run.cap > 0) {
    for (int i = 1; i <= std::min(normal, run.cap); ++i)
      out.push_back(static_cast<std::uint64_t>(i));
    return out;
  }
  for (int i = 1; i <= normal; ++i) out.push_back(static_cast<std::uint64_t>(i));
  for (std::uint64_t s : regressionSeeds()) {
    if (s > static_cast<std::uint64_t>(normal)) out.push_back(s);
  }
  return out;
}

// The command line that replays one seed of one test function (for a
// data-driven function, "function:row" runs that row only).
inline std::string reproduce(std::uint64_t seed, const std::string& binary,
                             const std::string& function) {
  return "reproduce with: CATSLAB_SEED=" + std::to_string(seed) + " " + binary + " " + function;
}

// The command line that replays this whole run of one test function: for a
// check over all seeds of a run (a statistic), which no single seed replays.
inline std::string reproduceRun(const std::string& binary, const std::string& function) {
  const SeedRun& run = seedRun();
  std::string env;
  if (run.kind == SeedRun::Kind::Single) {
    env = "CATSLAB_SEED=" + std::to_string(run.first) + " ";
  } else if (run.kind == SeedRun::Kind::Range) {
    env = "CATSLAB_SEED_BASE=" + std::to_string(run.first) + " ";
    if (run.count > 0) env += "CATSLAB_SEEDS=" + std::to_string(run.count) + " ";
  } else if (run.cap > 0) {
    env = "CATSLAB_SEEDS_MAX=" + std::to_string(run.cap) + " ";
  }
  return "reproduce with: " + env + binary + " " + function;
}

// A statistic over a run is asserted only when the run has at least this
// many seeds: fewer (one replayed seed, a small chunk) say too little about
// a mean, and the per-seed checks still run on each of them.
inline constexpr std::size_t kStatisticMinSeeds = 100;

// Encodes and decodes each message with its registered codec.
inline sim::MessageCopy wireRoundTrip() {
  return [](const rt::Message& m) -> std::shared_ptr<const rt::Message> {
    const auto* codec = catslab::runtime::Serializers::find(m.typeId());
    if (!codec) throw std::logic_error("message type " + m.typeName() + " has no wire codec");
    auto decoded = codec->decode(m.source, m.destination, codec->encode(m));
    if (!decoded) throw std::logic_error("codec " + codec->name + ": " + decoded.error());
    return *decoded;
  };
}

// Every member has an initializer, so a designated initializer may leave any
// out (gcc's -Wextra warns about a left-out member without one).
struct GroupOptions {
  std::uint64_t seed = 1;
  int nodes = 3;  // ids n1..nN; each node's peers are all the others
  std::string stack{};
  std::map<std::string, std::string> params{};
  sim::LinkModel link{};    // the default link between every pair
  std::string bootstrap{};  // the StackContext::bootstrap node, if any
  bool start = true;        // start every node at time 0
  bool trace = false;       // a trace recorder (slower; for tests that read the trace)
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
