// NetworkModel: what the emulated network does to each message — drop it
// (loss, partition, link down) or delay it (latency model + jitter), per
// directed link, with a default for links nobody configured.
//
// Latency models (milliseconds): constant(mean), uniform[min, max),
// normal(mean, stddev) floored at 0, exponential(mean), pareto(scale=min,
// shape). Jitter adds uniform [0, jitter). Loss is independent per message.
// Partitions block the directed pairs between two groups (both ways unless
// one-way) until heal(); a link that is down drops everything.
//
// Plain data, no components: the simulator and the stress profile share it,
// and the statistics tests sample it directly. Not thread-safe; the
// emulated network guards it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "runtime/proto/topology.pb.h"
#include "runtime/random.h"

namespace catslab::sim {

struct LatencyModel {
  enum class Kind { Constant, Uniform, Normal, Exponential, Pareto };
  Kind kind = Kind::Constant;
  double meanMs = 0;
  double minMs = 0;  // uniform lower bound; pareto scale
  double maxMs = 0;  // uniform upper bound
  double stddevMs = 0;
  double shape = 0;  // pareto

  static LatencyModel constant(double ms) { return {Kind::Constant, ms, 0, 0, 0, 0}; }
  static LatencyModel uniform(double lo, double hi) { return {Kind::Uniform, 0, lo, hi, 0, 0}; }
  static LatencyModel normal(double mean, double sd) { return {Kind::Normal, mean, 0, 0, sd, 0}; }
  static LatencyModel exponential(double mean) { return {Kind::Exponential, mean, 0, 0, 0, 0}; }
  static LatencyModel pareto(double scale, double shape) {
    return {Kind::Pareto, 0, scale, 0, 0, shape};
  }
  double sampleMs(runtime::Random& random) const;
  // The distribution's mean (infinite pareto means come back as +inf).
  double expectedMs() const;
};

struct LinkModel {
  LatencyModel latency = LatencyModel::constant(1.0);
  double jitterMs = 0;
  double loss = 0;
  bool down = false;
  bool fifo = false;  // deliveries on the link keep send order despite jitter
};

LatencyModel fromProto(const topology::LatencyModel& model);
LinkModel fromProto(const topology::LinkModel& model);
topology::LinkModel toProto(const LinkModel& model);

struct Verdict {
  bool deliver = true;
  std::int64_t delayNs = 0;
  const char* dropReason = "";  // "loss", "partition", "link down" when !deliver
};

class NetworkModel {
 public:
  void setDefault(const LinkModel& model) { default_ = model; }
  const LinkModel& defaultModel() const { return default_; }
  // Directed: only messages from `from` to `to`.
  void setLink(const std::string& from, const std::string& to, const LinkModel& model);
  void clearLink(const std::string& from, const std::string& to);
  // Marks both directions down or up, keeping the rest of their models.
  void setLinkDown(const std::string& a, const std::string& b, bool down);
  const LinkModel& model(const std::string& from, const std::string& to) const;

  void partition(const std::vector<std::string>& a, const std::vector<std::string>& b, bool oneWay);
  void heal();
  bool blocked(const std::string& from, const std::string& to) const;

  // Decides one message sent at `nowNs`. FIFO links never deliver before an
  // earlier message of the same link.
  Verdict decide(const std::string& from, const std::string& to, std::int64_t nowNs,
                 runtime::Random& random);

 private:
  using Pair = std::pair<std::string, std::string>;
  LinkModel default_;
  std::map<Pair, LinkModel> links_;
  std::set<Pair> blocked_;
  std::map<Pair, std::int64_t> lastFifoArrival_;
};

}  // namespace catslab::sim
