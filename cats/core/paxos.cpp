// Single-decree Paxos per view slot (CATS.md, "Reconfiguration"): view
// vid + 1 of a slice is decided by the members of view vid. Acceptors answer
// only in the view they installed (a consistent quorum of vid), and write
// their promise or acceptance to the store before answering (sendDurable),
// so a restarted acceptor keeps its word: CATS is crash-recovery.
#include <algorithm>

#include "cats/core/cats_node.h"

namespace catslab::cats {

namespace {
std::string slot(std::uint32_t slice, std::uint64_t vid) {
  return "slice=" + std::to_string(slice) + " slot=v" + std::to_string(vid + 1);
}
}  // namespace

void CatsNode::propose(std::uint32_t slice, View proposal) {
  Group& g = groups_.at(slice);
  g.nextRound = std::max(g.nextRound, g.promised.round + 1);
  g.ballot = Ballot{g.nextRound++, self_.id};
  g.proposal = std::move(proposal);
  g.proposing = true;
  g.accepting = false;
  g.promises.clear();
  g.accepts.clear();
  g.proposedAt = now();
  ++proposals_;
  note("paxos " + slot(slice, g.view.vid) + " prepare ballot " + g.ballot.describe() + " for " +
       g.proposal.describe());
  for (const auto& id : g.view.members) {
    send(std::make_shared<const Prepare>(self_, addressOf(id), slice, g.view.vid, g.ballot));
  }
}

// An acceptor of slot vid + 1 is a member that installed view vid; it takes
// part for ballots not below its promise, and otherwise says why.
bool CatsNode::acceptorTakesPart(const Address& from, std::uint32_t slice, std::uint64_t vid,
                                 const Ballot& ballot) {
  const Group& g = groups_[slice];
  const bool inView = g.view.vid == vid && g.view.has(self_.id) &&
                      (g.status == GroupStatus::Ready || g.status == GroupStatus::Joining);
  if (inView && !(ballot < g.promised)) return true;
  send(std::make_shared<const PaxosRejected>(self_, from, slice, vid, g.promised, g.view));
  return false;
}

void CatsNode::onPrepare(const Prepare& m) {
  if (!acceptorTakesPart(m.source, m.slice, m.vid, m.ballot)) return;
  Group& g = groups_.at(m.slice);
  if (m.ballot != g.promised) {
    g.promised = m.ballot;
    persistGroup(m.slice);
  }
  sendDurable(std::make_shared<const Promise>(self_, m.source, m.slice, m.vid, m.ballot,
                                              g.hasAccepted, g.acceptedBallot, g.acceptedView));
}

void CatsNode::onAccept(const Accept& m) {
  if (!acceptorTakesPart(m.source, m.slice, m.vid, m.ballot)) return;
  Group& g = groups_.at(m.slice);
  g.promised = m.ballot;
  g.hasAccepted = true;
  g.acceptedBallot = m.ballot;
  g.acceptedView = m.proposal;
  persistGroup(m.slice);
  sendDurable(std::make_shared<const Accepted>(self_, m.source, m.slice, m.vid, m.ballot));
}

void CatsNode::onPromise(const Promise& m) {
  auto it = groups_.find(m.slice);
  if (it == groups_.end()) return;
  Group& g = it->second;
  if (!g.proposing || g.accepting || m.vid != g.view.vid || m.ballot != g.ballot ||
      !g.view.has(m.source.id)) {
    return;
  }
  g.promises[m.source.id] = {m.accepted, {m.acceptedBallot, m.acceptedView}};
  if (g.promises.size() < g.view.majority()) return;
  // A value some acceptor may have seen chosen wins over our own.
  const std::pair<Ballot, View>* highest = nullptr;
  for (const auto& [id, p] : g.promises) {
    if (p.first && (!highest || highest->first < p.second.first)) highest = &p.second;
  }
  if (highest) g.proposal = highest->second;
  g.accepting = true;
  note("paxos " + slot(m.slice, g.view.vid) + " promised by majority, accept " +
       g.proposal.describe());
  for (const auto& id : g.view.members) {
    send(std::make_shared<const Accept>(self_, addressOf(id), m.slice, g.view.vid, g.ballot,
                                        g.proposal));
  }
}

void CatsNode::onAccepted(const Accepted& m) {
  auto it = groups_.find(m.slice);
  if (it == groups_.end()) return;
  Group& g = it->second;
  if (!g.proposing || !g.accepting || m.vid != g.view.vid || m.ballot != g.ballot ||
      !g.view.has(m.source.id)) {
    return;
  }
  g.accepts.insert(m.source.id);
  if (g.accepts.size() < g.view.majority()) return;
  const View decided = g.proposal;
  g.proposing = false;
  note("paxos " + slot(m.slice, g.view.vid) + " decided " + decided.describe());
  std::set<std::string> tell(g.view.members.begin(), g.view.members.end());
  tell.insert(decided.members.begin(), decided.members.end());
  tell.erase(self_.id);
  for (const auto& id : tell) {
    send(std::make_shared<const ViewDecided>(self_, addressOf(id), m.slice, decided));
  }
  learnView(m.slice, decided);
}

void CatsNode::onPaxosRejected(const PaxosRejected& m) {
  learnView(m.slice, m.current);
  auto it = groups_.find(m.slice);
  if (it == groups_.end()) return;
  Group& g = it->second;
  if (m.current.vid < g.view.vid && g.view.has(m.source.id)) {
    send(std::make_shared<const ViewDecided>(self_, m.source, m.slice, g.view));  // catch up
  }
  if (!g.proposing || m.vid != g.view.vid || !(g.ballot < m.promised)) return;
  g.nextRound = std::max(g.nextRound, m.promised.round + 1);
  g.proposing = false;
  g.retryAfter =
      now() +
      runtime::Duration(static_cast<std::int64_t>(random().below(config_.proposeTimeout.count())));
  note("paxos " + slot(m.slice, g.view.vid) + " ballot " + g.ballot.describe() + " pre-empted by " +
       m.promised.describe());
}

}  // namespace catslab::cats
