// Epidemic dissemination by rumour mongering over a peer-sampling service
// (Demers et al., "Epidemic Algorithms for Replicated Database
// Maintenance", 1987; peer samples from Cyclon).
//
// Push: a node that learns a rumour for the first time delivers it and
// forwards it to `fanout` peers of its latest sample, with the TTL (hops
// left) decreased; a rumour seen before is dropped. Push-pull adds an
// anti-entropy round every pullPeriod: exchange digests with a random
// peer and send each other what the other lacks.
//
// Properties: no duplicates — each node delivers each rumour at most once
// (deduplication by (origin, seq)); push reaches every live node with high
// probability when fanout and TTL are large enough for the overlay
// (roughly fanout^TTL >> N); push-pull reaches every live node connected
// to the origin eventually, since every round repairs what pushes missed.
// Rumours are kept for the life of the node (this is a lab, not a
// long-running store).
//
// Ports: provides GossipPort (Gossip in, Delivered out) and Console
// (gossip <text>, delivered, sample, help); requires PeerSampling, Network
// and Timer.
#pragma once

#include <map>
#include <set>
#include <vector>

#include "protocols/common/console_stack.h"
#include "protocols/cyclon/peer_sampling_port.h"
#include "protocols/gossip/gossip_messages.h"
#include "protocols/gossip/gossip_port.h"
#include "runtime/result.h"
#include "runtime/stack_registry.h"

namespace catslab::protocols::gossip {

struct GossipConfig {
  int fanout = 3;
  int ttl = 5;
  bool pushPull = true;
  runtime::Duration pullPeriod = std::chrono::milliseconds(500);

  // Stack parameters "fanout", "ttl", "mode" (push | push-pull), "pull_ms".
  static runtime::Result<GossipConfig> fromParams(const std::map<std::string, std::string>& p);
};

class GossipComponent : public ConsoleStack {
 public:
  GossipComponent(runtime::StackContext context, GossipConfig config);
  void inspect(runtime::StateWriter& out) const override;
  // How many times each rumour was delivered here (1, or a bug).
  const std::map<RumourId, int>& deliveries() const { return deliveries_; }

 private:
  struct PullTick : runtime::EventOf<PullTick, runtime::Timeout> {};

  void onStart() override;
  void onGossip(const Gossip& g);
  void onRumour(const Rumour& m);
  void onPull(const PullTick&);
  void onDigest(const Digest& m);
  void onDigestReply(const DigestReply& m);
  bool handleCommand(const CommandLine& cmd, std::uint64_t id) override;
  std::vector<std::string> helpLines() const override;
  bool learn(const RumourData& r);  // false if known already
  void push(const RumourData& r, std::uint32_t ttl, const Address* except);
  std::vector<RumourId> knownIds() const;

  runtime::StackContext context_;
  GossipConfig config_;
  std::vector<Address> sample_;
  std::map<RumourId, std::string> rumours_;
  std::map<RumourId, int> deliveries_;
  std::uint64_t seq_ = 0;
  std::uint64_t duplicates_ = 0;  // pushes of rumours already known
  std::uint64_t pulled_ = 0;      // rumours learnt through anti-entropy

  // Console, Network and Timer come from ConsoleStack.
  runtime::Negative<GossipPort> gossip_ = provide<GossipPort>();
  runtime::Positive<cyclon::PeerSampling> sampling_ = require<cyclon::PeerSampling>();
};

}  // namespace catslab::protocols::gossip
