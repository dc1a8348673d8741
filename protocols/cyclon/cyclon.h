// Cyclon peer sampling (Voulgaris, Gavidia, van Steen, "CYCLON: Inexpensive
// Membership Management for Unstructured P2P Overlays", JNSM 2005).
//
// Each node keeps a partial view of at most viewSize neighbour descriptors
// with ages. Every period it shuffles shuffleLength of them with its oldest
// neighbour, sending a fresh descriptor of itself in place of the partner's.
// Properties (the paper's, measured in its simulations and checked in ours):
// the overlay stays connected under churn, in-degrees stay close to the view
// size (small spread), and a crashed node's descriptors disappear within a
// few periods, because a node always contacts — and so drops — its oldest
// neighbour, and descriptors of a dead node only age.
//
// Joining: a node starts with the bootstrap node (StackContext::bootstrap)
// as its only neighbour, and falls back to it whenever its view empties.
//
// Ports: provides PeerSampling (GetSample in, Sample out) and Console (view,
// sample, help); requires Network and Timer. Top of the "cyclon" stack.
#pragma once

#include <map>
#include <vector>

#include "protocols/common/console_stack.h"
#include "protocols/cyclon/cyclon_messages.h"
#include "protocols/cyclon/peer_sampling_port.h"
#include "runtime/result.h"
#include "runtime/stack_registry.h"

namespace catslab::protocols::cyclon {

struct CyclonConfig {
  int viewSize = 8;       // c in the paper
  int shuffleLength = 4;  // l in the paper
  runtime::Duration period = std::chrono::milliseconds(200);

  // Stack parameters "view", "shuffle", "period_ms".
  static runtime::Result<CyclonConfig> fromParams(const std::map<std::string, std::string>& p);
};

class Cyclon : public ConsoleStack {
 public:
  Cyclon(runtime::StackContext context, CyclonConfig config);
  void inspect(runtime::StateWriter& out) const override;
  const std::vector<Descriptor>& view() const { return view_; }

 private:
  struct ShuffleTick : runtime::EventOf<ShuffleTick, runtime::Timeout> {};

  void onStart() override;
  void shuffle(const ShuffleTick&);
  void onRequest(const ShuffleRequest& m);
  void onReply(const ShuffleReply& m);
  void merge(const std::vector<Descriptor>& received, std::vector<Address> sent);
  std::vector<Descriptor> randomSubset(std::size_t count, const Address* except);
  bool knows(const Address& a) const;
  std::vector<runtime::Address> sample() const;
  bool handleCommand(const CommandLine& cmd, std::uint64_t id) override;
  std::vector<std::string> helpLines() const override;
  void joinThroughBootstrap();

  runtime::StackContext context_;
  CyclonConfig config_;
  std::vector<Descriptor> view_;
  Address partner_;            // whom the last shuffle went to
  std::vector<Address> sent_;  // what we sent it (without our own descriptor)
  bool awaiting_ = false;
  std::uint64_t shuffles_ = 0;
  std::uint64_t answered_ = 0;

  // Console, Network and Timer come from ConsoleStack.
  runtime::Negative<PeerSampling> sampling_ = provide<PeerSampling>();
};

}  // namespace catslab::protocols::cyclon
