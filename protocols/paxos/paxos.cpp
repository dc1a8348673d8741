#include "protocols/paxos/paxos.h"

#include <algorithm>

#include "protocols/common/node_set.h"

namespace catslab::protocols {

using runtime::Address;

Paxos::Paxos(Address self, std::vector<Address> all, PaxosOptions options)
    : self_(std::move(self)),
      all_(allNodes(self_, all)),
      rank_(rankOf(all_, self_)),
      options_(options),
      leader_(self_) {
  subscribe(consensus_, &Paxos::onPropose);
  subscribe(omega_, &Paxos::onLeader);
  subscribe(timer_, &Paxos::onRetryTick);
  subscribe(beb_, &Paxos::onBebDeliver);
  subscribe(rb_, &Paxos::onRbDeliver);
  subscribe(network_, &Paxos::onPromise);
  subscribe(network_, &Paxos::onAccepted);
  subscribe(network_, &Paxos::onNack);
  subscribe(network_, &Paxos::onForward);
  subscribe(network_, [this](const PaxosDecidedNotice& m) { onDecided(m.instance, m.value); });
}

void Paxos::onStart() {
  schedulePeriodic(timer_, options_.retry / 4, options_.retry / 4, RetryTick{});
}

// --- proposer ----------------------------------------------------------------

void Paxos::onPropose(const Propose& p) {
  Instance& inst = instances_[p.instance];
  if (inst.decided) return;  // integrity: the Decide was already given
  if (!inst.proposal) inst.proposal = p.value;
  attempt(p.instance);
}

void Paxos::onLeader(const Leader& l) {
  leader_ = l.leader;
  for (auto& [instance, inst] : instances_) {
    if (inst.proposal && !inst.decided && inst.phase == Phase::Idle) attempt(instance);
  }
}

void Paxos::onRetryTick(const RetryTick&) {
  const std::int64_t now = this->now().count();
  for (auto& [instance, inst] : instances_) {
    if (inst.proposal && !inst.decided && now >= inst.nextAttemptNs) attempt(instance);
  }
}

// Only the trusted leader runs ballots; everybody else forwards. The next
// attempt is randomised so that duelling proposers drift apart.
void Paxos::attempt(std::uint64_t instance) {
  Instance& inst = instances_[instance];
  const auto retry = options_.retry.count();
  inst.nextAttemptNs = now().count() + retry + static_cast<std::int64_t>(random().below(retry));
  if (leader_ == self_) {
    startRound(instance);
  } else {
    trigger(PaxosForward(self_, leader_, instance, *inst.proposal), network_);
  }
}

void Paxos::startRound(std::uint64_t instance) {
  Instance& inst = instances_[instance];
  const std::uint64_t round =
      std::max({inst.highestRound, inst.ballot.round, inst.promised.round}) + 1;
  inst.ballot = Ballot{round, rank_};
  inst.phase = Phase::Preparing;
  inst.promises.clear();
  inst.accepts.clear();
  trigger(BebBroadcast(std::make_shared<const PaxosPrepare>(instance, inst.ballot)), beb_);
}

void Paxos::onPromise(const PaxosPromise& m) {
  Instance& inst = instances_[m.instance];
  if (inst.phase != Phase::Preparing || m.ballot != inst.ballot) return;
  inst.promises[m.source.id] = {m.acceptedBallot, m.acceptedValue};
  if (inst.promises.size() < quorum()) return;
  // The value of the highest accepted ballot may already be decided: adopt it.
  Ballot highest;
  std::optional<std::string> value;
  for (const auto& [from, promise] : inst.promises) {
    if (promise.second && promise.first > highest) {
      highest = promise.first;
      value = promise.second;
    }
  }
  inst.chosen = value && !options_.brokenIgnoreAcceptedValues ? *value : *inst.proposal;
  inst.phase = Phase::Accepting;
  trigger(BebBroadcast(std::make_shared<const PaxosAccept>(m.instance, inst.ballot, inst.chosen)),
          beb_);
}

void Paxos::onAccepted(const PaxosAccepted& m) {
  Instance& inst = instances_[m.instance];
  if (inst.phase != Phase::Accepting || m.ballot != inst.ballot) return;
  inst.accepts.insert(m.source.id);
  if (inst.accepts.size() < quorum()) return;
  inst.phase = Phase::Idle;
  trigger(RbBroadcast(std::make_shared<const PaxosDecided>(m.instance, inst.chosen)), rb_);
}

void Paxos::onNack(const PaxosNack& m) {
  Instance& inst = instances_[m.instance];
  inst.highestRound = std::max(inst.highestRound, m.promised.round);
  if (m.ballot == inst.ballot && inst.phase != Phase::Idle) inst.phase = Phase::Idle;
}

void Paxos::onForward(const PaxosForward& m) {
  Instance& inst = instances_[m.instance];
  if (inst.decided) {
    trigger(PaxosDecidedNotice(self_, m.source, m.instance, *inst.decided), network_);
    return;
  }
  if (!inst.proposal) inst.proposal = m.value;
  if (leader_ == self_ && inst.phase == Phase::Idle) attempt(m.instance);
}

// --- acceptor ----------------------------------------------------------------

void Paxos::onBebDeliver(const BebDeliver& d) {
  if (auto prepare = payloadAs<PaxosPrepare>(d.payload)) {
    onPrepare(d.source, *prepare);
  } else if (auto accept = payloadAs<PaxosAccept>(d.payload)) {
    onAccept(d.source, *accept);
  }
}

void Paxos::onPrepare(const Address& from, const PaxosPrepare& m) {
  Instance& inst = instances_[m.instance];
  if (m.ballot > inst.promised) {
    inst.promised = m.ballot;
    trigger(
        PaxosPromise(self_, from, m.instance, m.ballot, inst.acceptedBallot, inst.acceptedValue),
        network_);
  } else {
    trigger(PaxosNack(self_, from, m.instance, m.ballot, inst.promised), network_);
  }
}

void Paxos::onAccept(const Address& from, const PaxosAccept& m) {
  Instance& inst = instances_[m.instance];
  if (m.ballot >= inst.promised || options_.brokenAcceptIgnoresPromise) {
    inst.promised = std::max(inst.promised, m.ballot);
    inst.acceptedBallot = m.ballot;
    inst.acceptedValue = m.value;
    trigger(PaxosAccepted(self_, from, m.instance, m.ballot), network_);
  } else {
    trigger(PaxosNack(self_, from, m.instance, m.ballot, inst.promised), network_);
  }
}

// --- learner -----------------------------------------------------------------

void Paxos::onRbDeliver(const RbDeliver& d) {
  if (auto decided = payloadAs<PaxosDecided>(d.payload))
    onDecided(decided->instance, decided->value);
}

void Paxos::onDecided(std::uint64_t instance, const std::string& value) {
  Instance& inst = instances_[instance];
  if (inst.decided) return;
  inst.decided = value;
  inst.phase = Phase::Idle;
  trigger(Decide(instance, value), consensus_);
}

void Paxos::inspect(runtime::StateWriter& out) const {
  out.set("leader", leader_.id);
  for (const auto& [instance, inst] : instances_) {
    const std::string prefix = "instance." + std::to_string(instance) + ".";
    out.set(prefix + "promised", inst.promised.toString());
    out.set(prefix + "accepted",
            inst.acceptedBallot.toString() + (inst.acceptedValue ? " " + *inst.acceptedValue : ""));
    out.set(prefix + "ballot", inst.ballot.toString());
    out.set(prefix + "decided", inst.decided ? *inst.decided : std::string("-"));
  }
}

}  // namespace catslab::protocols
