// Multi-instance Paxos (Lamport, "Paxos Made Simple"; Cachin et al. 5.x's
// leader-driven consensus in its classic form), implementing Consensus over
// BestEffortBroadcast, ReliableBroadcast, Network and EventualLeaderDetector.
//
// Each instance is an independent single-decree Paxos:
//   phase 1: the proposer broadcasts Prepare(b); an acceptor that has promised
//     nothing higher promises b and reports its highest accepted (ballot, value);
//   phase 2: with a majority of promises the proposer picks the value of the
//     highest accepted ballot (its own if none) and broadcasts Accept(b, v); an
//     acceptor that has promised nothing higher accepts;
//   a majority of Accepted decides v, announced with reliable broadcast.
// Safety (validity, integrity, uniform agreement) never depends on timing,
// loss or the leader detector. Liveness: only the process Ω trusts proposes
// (others forward their proposals to it), retrying with a higher ballot after
// a randomised delay; once Ω is stable and a majority is correct and
// connected, every correct process that proposed decides.
//
// PaxosOptions can break the algorithm on purpose (tests prove that the
// property checks catch it). Owned by its parent; single-threaded.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "protocols/broadcast/broadcast_ports.h"
#include "protocols/omega/omega_port.h"
#include "protocols/paxos/consensus_port.h"
#include "protocols/paxos/paxos_messages.h"
#include "runtime/component.h"
#include "runtime/timer.h"

namespace catslab::protocols {

struct PaxosOptions {
  runtime::Duration retry = std::chrono::milliseconds(200);  // base delay before a new ballot
  // Deliberate bugs, for the tests that show the checks can fail:
  bool brokenAcceptIgnoresPromise = false;  // acceptors accept any ballot
  bool brokenIgnoreAcceptedValues = false;  // proposers always push their own value
};

class Paxos : public runtime::ComponentDefinition {
 public:
  Paxos(runtime::Address self, std::vector<runtime::Address> all, PaxosOptions options = {});
  void inspect(runtime::StateWriter& out) const override;

 private:
  enum class Phase { Idle, Preparing, Accepting };
  struct Instance {
    // acceptor
    Ballot promised;
    Ballot acceptedBallot;
    std::optional<std::string> acceptedValue;
    // proposer
    std::optional<std::string> proposal;  // own or forwarded value to get decided
    Phase phase = Phase::Idle;
    Ballot ballot;
    std::uint64_t highestRound = 0;  // highest round seen in a Nack
    std::map<std::string, std::pair<Ballot, std::optional<std::string>>> promises;
    std::set<std::string> accepts;
    std::string chosen;  // the value of our Accept
    std::int64_t nextAttemptNs = 0;
    // learner
    std::optional<std::string> decided;
  };
  struct RetryTick : runtime::EventOf<RetryTick, runtime::Timeout> {};

  void onStart() override;
  void onPropose(const Propose& p);
  void onLeader(const Leader& l);
  void onRetryTick(const RetryTick&);
  void onBebDeliver(const BebDeliver& d);
  void onRbDeliver(const RbDeliver& d);
  void onPrepare(const runtime::Address& from, const PaxosPrepare& m);
  void onPromise(const PaxosPromise& m);
  void onAccept(const runtime::Address& from, const PaxosAccept& m);
  void onAccepted(const PaxosAccepted& m);
  void onNack(const PaxosNack& m);
  void onForward(const PaxosForward& m);
  void onDecided(std::uint64_t instance, const std::string& value);

  void attempt(std::uint64_t instance);
  void startRound(std::uint64_t instance);
  std::size_t quorum() const { return all_.size() / 2 + 1; }

  runtime::Negative<Consensus> consensus_ = provide<Consensus>();
  runtime::Positive<BestEffortBroadcast> beb_ = require<BestEffortBroadcast>();
  runtime::Positive<ReliableBroadcast> rb_ = require<ReliableBroadcast>();
  runtime::Positive<runtime::Network> network_ = require<runtime::Network>();
  runtime::Positive<runtime::Timer> timer_ = require<runtime::Timer>();
  runtime::Positive<EventualLeaderDetector> omega_ = require<EventualLeaderDetector>();

  runtime::Address self_;
  std::vector<runtime::Address> all_;
  int rank_;
  PaxosOptions options_;
  runtime::Address leader_;
  std::map<std::uint64_t, Instance> instances_;
};

}  // namespace catslab::protocols
