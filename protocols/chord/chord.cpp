// Chord (Stoica et al. 2001): join, stabilize, notify, fix_fingers,
// check_predecessor and find_successor, with successor lists (section
// 5.3) for resilience. Comments quote the paper's pseudo-code.
#include "protocols/chord/chord.h"

#include <sstream>

#include "protocols/common/params.h"

namespace catslab::protocols::chord {

using runtime::ConsoleCommand;
using runtime::ConsoleOutput;

runtime::Result<ChordConfig> ChordConfig::fromParams(const std::map<std::string, std::string>& p) {
  ChordConfig c;
  const auto stab = paramPositiveInt(p, "stabilize_ms", 200);
  const auto fix = paramPositiveInt(p, "fix_fingers_ms", 100);
  const auto succ = paramPositiveInt(p, "successors", 4);
  if (auto s = firstFailure(stab, fix, succ); !s) return s;
  c.stabilizePeriod = std::chrono::milliseconds(*stab);
  c.fixFingersPeriod = std::chrono::milliseconds(*fix);
  c.successorListSize = *succ;
  if (auto it = p.find("stabilize"); it != p.end()) {
    if (it->second != "on" && it->second != "off") {
      return runtime::Result<ChordConfig>::failure(
          "parameter 'stabilize': expected on or off, got '" + it->second + "'");
    }
    c.stabilize = it->second == "on";
  }
  return c;
}

Chord::Chord(runtime::StackContext context, ChordConfig config)
    : context_(std::move(context)),
      config_(config),
      self_(context_.self),
      id_(ringId(context_.self)),
      successors_{context_.self} {
  subscribe(timer_, &Chord::stabilize);
  subscribe(timer_, &Chord::fixFingers);
  subscribe(timer_, [this](const JoinTick&) { join(); });
  subscribe(timer_, &Chord::onLookupExpired);
  subscribe(net_, &Chord::onGetPredecessor);
  subscribe(net_, &Chord::onPredecessorIs);
  subscribe(net_, &Chord::onNotify);
  subscribe(net_, &Chord::onFindSuccessor);
  subscribe(net_, &Chord::onSuccessorFound);
  subscribe(ring_, &Chord::onLookup);
  subscribe(console_, &Chord::onCommand);
}

void Chord::onStart() {
  schedulePeriodic(timer_, config_.stabilizePeriod, config_.stabilizePeriod, StabilizeTick{});
  schedulePeriodic(timer_, config_.fixFingersPeriod, config_.fixFingersPeriod, FixFingersTick{});
  join();
}

// n.create(): predecessor = nil; successor = n.
// n.join(n'): predecessor = nil; successor = n'.find_successor(n).
//
// Only nodes on a ring answer, so asking a node that is down or still
// joining costs one retry period. A joiner asks the bootstrap node and one
// random other peer each time, so it can join while the bootstrap node is
// down. The bootstrap node cannot simply create a ring: if it restarted or
// was cut off while the others kept theirs, it would split the overlay for
// good (Chord never merges rings). So it first asks every peer for its
// predecessor (answered directly, one hop): the nodes that answer are on the
// ring, and the first of them clockwise is its successor. Only when nobody
// answers within one retry period does it create the ring.
void Chord::join() {
  if (joined_) return;
  if (context_.bootstrap.empty()) {
    becomeJoined(self_);
    return;
  }
  if (context_.bootstrap == self_.id) {
    if (probing_) {
      probing_ = false;
      const auto next = responsibleFor(ringAdd(id_, 1), ringMembers_);
      ringMembers_.clear();
      becomeJoined(next ? *next : self_);
      return;
    }
    probing_ = true;
    ringMembers_.clear();
    for (const auto& p : context_.peers) trigger(GetPredecessor(self_, p), net_);
    scheduleTimeout(timer_, config_.joinRetry, JoinTick{});
    return;
  }
  std::vector<Address> contacts{Address{context_.bootstrap}};
  std::vector<Address> others;
  for (const auto& p : context_.peers) {
    if (p.id == context_.bootstrap)
      contacts.front() = p;
    else
      others.push_back(p);
  }
  if (!others.empty()) contacts.push_back(others[random().below(others.size())]);
  std::erase_if(pending_, [](const auto& e) { return e.second.purpose == Purpose::Join; });
  ++nextRequest_;
  // Asks for successor(n + 1) rather than successor(n): equal on a ring
  // without n, but a restarted node may still be listed by stale pointers,
  // and then successor(n) would name the node itself.
  for (const auto& c : contacts) {
    trigger(FindSuccessor(self_, c, ringAdd(id_, 1), self_, nextRequest_, 0), net_);
  }
  pending_[nextRequest_] = Pending{id_, Purpose::Join, 0, 1, 0, Address{}};
  scheduleTimeout(timer_, config_.joinRetry, JoinTick{});
}

// A node alone on its ring asks every peer, every retry period, for its
// predecessor: whoever answers is on a ring, and onPredecessorIs takes the
// closest as successor. This merges a ring of one back when a node lost all
// its successors (or the bootstrap node founded a ring while the others were
// still there); stabilize does the rest.
void Chord::probeIfAlone() {
  if (now() - lastProbe_ >= config_.joinRetry) probePeers();
}

void Chord::probePeers() {
  if (context_.bootstrap.empty()) return;  // every node is its own ring
  lastProbe_ = now();
  for (const auto& p : context_.peers) trigger(GetPredecessor(self_, p), net_);
}

void Chord::becomeJoined(const Address& successor) {
  joined_ = true;
  predecessor_.reset();
  setSuccessors({successor});
}

// n.stabilize(): x = successor.predecessor; if (x in (n, successor))
// successor = x; successor.notify(n).
void Chord::stabilize(const StabilizeTick&) {
  if (!joined_ || !config_.stabilize) return;
  // check_predecessor(): a predecessor that stopped notifying has failed.
  if (predecessor_ &&
      now() - predecessorSeen_ > config_.stabilizePeriod * config_.predecessorLeaseRounds) {
    predecessor_.reset();
    announceNeighbours();
  }
  // The node asked last round is silent for a whole round: failed. Only if
  // it is still the successor: one that replaced it meanwhile (a closer node
  // found by ring unification or a probe) was never asked, and dropping it
  // undid the merge of two rings every time (seeds 30044, 31370).
  if (awaitingStabilize_ && stabilizeAsked_ == successor()) dropSuccessor();
  awaitingStabilize_ = false;
  if (successor() == self_) {
    // Alone on the ring: our own predecessor, if any, is the successor.
    if (predecessor_ && !(*predecessor_ == self_)) {
      setSuccessors({*predecessor_});
    } else {
      probeIfAlone();
      return;
    }
  }
  awaitingStabilize_ = true;
  stabilizeAsked_ = successor();
  trigger(GetPredecessor(self_, successor()), net_);
  // Ring unification (after Shafaat et al., "Dealing with network partitions
  // in structured overlay networks", 2009): now and then ask a random peer
  // too. If it is on a ring and lies between us and our successor, we take
  // it (onPredecessorIs), which merges two rings that formed apart, e.g.
  // when the bootstrap node came back alone; one message per node per
  // kUnifyRounds rounds.
  if (++stabilizeRounds_ % kUnifyRounds == 0 && !context_.peers.empty()) {
    const Address& peer = context_.peers[random().below(context_.peers.size())];
    if (!(peer == successor())) trigger(GetPredecessor(self_, peer), net_);
  }
}

void Chord::onGetPredecessor(const GetPredecessor& m) {
  suspects_.erase(m.source);  // it answers, so it is alive
  if (!joined_) return;
  trigger(PredecessorIs(self_, m.source, predecessor_.has_value(), predecessor_.value_or(Address{}),
                        successors_),
          net_);
}

void Chord::onPredecessorIs(const PredecessorIs& m) {
  suspects_.erase(m.source);  // it answers, so it is alive
  if (probing_) {
    // The bootstrap node's probe (see join()): the source is on a ring.
    if (!(m.source == self_)) ringMembers_.push_back(m.source);
    return;
  }
  const bool asked = awaitingStabilize_ && m.source == stabilizeAsked_;
  if (asked) awaitingStabilize_ = false;  // it answered, whatever our successor is now
  if (!asked || !(m.source == successor())) {
    // Not the answer stabilize waits for: an answer to probeIfAlone() or to
    // a unification probe, a late one from a node we took for dead, or one
    // from a successor replaced meanwhile. Either way the source is alive
    // and on a ring; if it is closer than our successor it becomes it.
    if (joined_ && !(m.source == self_) && inOpen(ringId(m.source), id_, ringId(successor()))) {
      std::vector<Address> list{m.source};
      list.insert(list.end(), successors_.begin(), successors_.end());
      setSuccessors(std::move(list));
    }
    return;
  }
  std::vector<Address> list{successor()};
  list.insert(list.end(), m.successors.begin(), m.successors.end());
  if (m.hasPredecessor && inOpen(ringId(m.predecessor), id_, ringId(successor()))) {
    list.insert(list.begin(), m.predecessor);
  }
  setSuccessors(std::move(list));
  trigger(Notify(self_, successor()), net_);
}

// n.notify(n'): if (predecessor is nil or n' in (predecessor, n)) predecessor = n'.
void Chord::onNotify(const Notify& m) {
  suspects_.erase(m.source);  // it answers, so it is alive
  if (!joined_ || m.source == self_) return;
  if (!predecessor_ || inOpen(ringId(m.source), ringId(*predecessor_), id_)) {
    predecessor_ = m.source;
    announceNeighbours();
  }
  if (m.source == *predecessor_) predecessorSeen_ = now();
}

// n.fix_fingers(): next = next + 1; if (next > m) next = 1;
// finger[next] = find_successor(n + 2^(next-1)).
void Chord::fixFingers(const FixFingersTick&) {
  if (!joined_) return;
  nextFinger_ = (nextFinger_ + 1) % kRingBits;
  startLookup(ringAdd(id_, RingId{1} << nextFinger_), Purpose::Finger,
              static_cast<std::uint64_t>(nextFinger_));
}

// n.find_successor(id): if (id in (n, successor]) return successor; else
// n' = closest_preceding_node(id); return n'.find_successor(id).
void Chord::onFindSuccessor(const FindSuccessor& m) {
  suspects_.erase(m.source);  // it answers, so it is alive
  if (!joined_) return;       // not on a ring yet: the asker will retry
  // successor(o + 1) is never o itself (o would own o + 1 only alone, and
  // then it asks nobody). Joins ask exactly that, and pointers to a joiner
  // that restarted are stale: answering with it, or forwarding to it, would
  // make it drop its own request on every retry. So for that key the origin
  // is treated as absent, and our successor is the next one after it.
  const bool originAbsent = m.key == ringAdd(ringId(m.origin), 1);
  const Address* skip = originAbsent ? &m.origin : nullptr;
  std::optional<Address> succ;
  for (const auto& s : successors_) {
    if (!skip || !(s == *skip)) {
      succ = s;
      break;
    }
  }
  if (succ && inOpenClosed(m.key, id_, ringId(*succ))) {
    trigger(SuccessorFound(self_, m.origin, m.key, *succ, m.request, m.hops), net_);
    return;
  }
  const Address next = closestPrecedingNode(m.key, skip);
  if (!(next == self_)) {
    trigger(FindSuccessor(self_, next, m.key, m.origin, m.request, m.hops + 1), net_);
  } else if (succ) {
    trigger(SuccessorFound(self_, m.origin, m.key, *succ, m.request, m.hops), net_);
  }
  // Else we know no node after the origin: say nothing, the origin retries.
}

// n.closest_preceding_node(id): for i = m downto 1: if (finger[i] in (n, id))
// return finger[i]; return n. The successor list counts as fingers too.
Address Chord::closestPrecedingNode(RingId key, const Address* skip) const {
  std::optional<Address> best;
  RingId bestDistance = 0;
  auto consider = [&](const Address& a) {
    const RingId d = ringDistance(id_, ringId(a));
    if (skip && a == *skip) return;
    if (inOpen(ringId(a), id_, key) && (!best || d > bestDistance)) {
      best = a;
      bestDistance = d;
    }
  };
  for (const auto& f : fingers_) {
    if (f) consider(*f);
  }
  for (const auto& s : successors_) consider(s);
  return best.value_or(self_);
}

std::uint64_t Chord::startLookup(RingId key, Purpose purpose, std::uint64_t tag) {
  const std::uint64_t request = ++nextRequest_;
  Pending p{key, purpose, tag, 0, 0, Address{}};
  if (inOpenClosed(key, id_, ringId(successor()))) {
    pending_[request] = p;
    finishLookup(request, true, successor(), 0);
    return request;
  }
  auto [it, inserted] = pending_.emplace(request, p);
  sendLookup(request, it->second);
  return request;
}

void Chord::sendLookup(std::uint64_t request, Pending& p) {
  ++p.attempts;
  // A retry goes through the successor: slower, but it avoids a stale finger.
  Address next = p.attempts == 1 ? closestPrecedingNode(p.key) : successor();
  if (next == self_) next = successor();
  p.via = next;
  trigger(FindSuccessor(self_, next, p.key, self_, request, 1), net_);
  p.timer = scheduleTimeout(timer_, config_.lookupTimeout, LookupExpired(request));
}

void Chord::onSuccessorFound(const SuccessorFound& m) {
  suspects_.erase(m.source);  // it answers, so it is alive
  auto it = pending_.find(m.request);
  if (it == pending_.end()) return;
  if (it->second.purpose == Purpose::Join) {
    // A stale answer (ourselves, or a node we just found dead): keep
    // waiting; the next retry may reach a node that knows better.
    if (m.successor == self_ || suspected(m.successor)) return;
    pending_.erase(it);
    if (!joined_) becomeJoined(m.successor);
    return;
  }
  cancelTimeout(timer_, it->second.timer);
  finishLookup(m.request, true, m.successor, m.hops);
}

void Chord::onLookupExpired(const LookupExpired& t) {
  auto it = pending_.find(t.request);
  if (it == pending_.end()) return;
  // The finger the lookup went through may be dead, or restarted and not
  // yet on the ring (it then drops every request): forget it, or lookups
  // and joins routed by it keep failing until fix_fingers happens to pass
  // it. A live finger comes back at the next fix_fingers round. The
  // successor is judged by stabilize instead.
  if (!(it->second.via == successor()) && !(it->second.via == self_)) {
    for (auto& f : fingers_) {
      if (f && *f == it->second.via) f.reset();
    }
  }
  if (it->second.attempts < config_.lookupAttempts && joined_) {
    sendLookup(t.request, it->second);
  } else {
    finishLookup(t.request, false, Address{}, 0);
  }
}

void Chord::finishLookup(std::uint64_t request, bool ok, const Address& node, int hops) {
  const Pending p = pending_.at(request);
  pending_.erase(request);
  ok ? ++lookupsDone_ : ++lookupsFailed_;
  switch (p.purpose) {
    case Purpose::Client:
      trigger(LookupDone(p.key, p.tag, ok, node, hops), ring_);
      break;
    case Purpose::Console:
      if (ok) {
        print("key " + std::to_string(p.key) + " -> " + describeAddress(node) + " (" +
                  std::to_string(hops) + " hops)",
              p.tag);
      } else {
        print("lookup of key " + std::to_string(p.key) + " failed", p.tag, true);
      }
      break;
    case Purpose::Finger: {
      if (!ok) break;
      // Later fingers whose start also falls before the answer share it,
      // so one lookup fixes a run of fingers.
      const RingId reach = ringDistance(id_, ringId(node));
      for (int i = static_cast<int>(p.tag); i < kRingBits; ++i) {
        const RingId start = ringAdd(id_, RingId{1} << i);
        if (i > static_cast<int>(p.tag) && ringDistance(id_, start) > reach) break;
        fingers_[i] = node;
        if (i > nextFinger_) nextFinger_ = i;
      }
      if (nextFinger_ >= kRingBits - 1) nextFinger_ = -1;
      break;
    }
    case Purpose::Join:
      break;
  }
}

void Chord::onLookup(const Lookup& m) {
  if (!joined_) {
    trigger(LookupDone(m.key, m.id, false, Address{}, 0), ring_);
    return;
  }
  startLookup(m.key, Purpose::Client, m.id);
}

void Chord::dropSuccessor() {
  awaitingStabilize_ = false;
  const Address dead = successor();
  suspects_[dead] = now();
  forget(dead);
}

// Removes a failed node from every pointer; the successor list moves up.
void Chord::forget(const Address& dead) {
  for (auto& f : fingers_) {
    if (f && *f == dead) f.reset();
  }
  std::vector<Address> rest;
  for (const auto& s : successors_) {
    if (!(s == dead)) rest.push_back(s);
  }
  if (predecessor_ && *predecessor_ == dead) predecessor_.reset();
  if (rest.empty()) {
    // Every known successor failed: fall back on the closest live finger.
    for (const auto& f : fingers_) {
      if (f && !(*f == self_)) {
        rest.push_back(*f);
        break;
      }
    }
  }
  if (rest.empty()) {
    // Cut off: every successor and finger failed. The node stays on the
    // ring, answering as before: leaving to join again made it silent, so
    // its predecessor took it for dead after one round and, its own list
    // emptied by the same churn, left too, and so on backwards until most
    // of the ring had left (seed 454385918510). A join would not help
    // anyway: successor(n + 1) is routed to the nodes just before n, which
    // know no more than n. So it asks every peer instead (probeIfAlone) and
    // takes the closest that answers as successor; until then it stands on
    // its predecessor (stabilize), whose predecessors lead back round the
    // ring to its true successor.
    probePeers();
  }
  if (rest.empty()) rest.push_back(self_);
  setSuccessors(std::move(rest));
}

void Chord::setSuccessors(std::vector<Address> list) {
  std::vector<Address> clean;
  for (auto& a : list) {
    if (suspected(a)) continue;
    if (static_cast<int>(clean.size()) == config_.successorListSize) break;
    if (a == self_ && !clean.empty()) break;  // wrapped around the ring
    bool seen = false;
    for (const auto& c : clean) seen = seen || c == a;
    if (!seen) clean.push_back(std::move(a));
  }
  if (clean.empty()) clean.push_back(self_);
  const bool changed = clean != successors_;
  successors_ = std::move(clean);
  if (changed) announceNeighbours();
}

// Dropped successors stay out of our lists for a while: neighbours that
// have not noticed yet would hand them back (in their successor lists and
// in answers to our join), and a node cut off from the ring would take the
// same dead node again round after round. Hearing from the node clears it.
bool Chord::suspected(const Address& a) const {
  auto it = suspects_.find(a);
  return it != suspects_.end() &&
         now() - it->second <= config_.stabilizePeriod * config_.predecessorLeaseRounds;
}

void Chord::announceNeighbours() { trigger(RingNeighbours(predecessor_, successors_), ring_); }

std::string Chord::describeAddress(const Address& a) const {
  return a.id + "(" + std::to_string(ringId(a)) + ")";
}

void Chord::print(const std::string& text, std::uint64_t id, bool error) {
  trigger(ConsoleOutput(text, error, id), console_);
}

void Chord::onCommand(const ConsoleCommand& c) {
  std::istringstream in(c.line);
  std::string verb;
  in >> verb;
  if (verb.empty()) return;
  if (verb == "help") {
    print("commands: ring | fingers | lookup <key> | id | help", c.id);
  } else if (verb == "ring") {
    std::string succ;
    for (const auto& s : successors_) succ += (succ.empty() ? "" : " ") + describeAddress(s);
    print("self " + describeAddress(self_) + (joined_ ? "" : " (joining)") + ", predecessor " +
              (predecessor_ ? describeAddress(*predecessor_) : std::string("nil")) +
              ", successors [" + succ + "]",
          c.id);
  } else if (verb == "fingers") {
    std::string text;
    std::optional<Address> last;
    for (int i = 0; i < kRingBits; ++i) {
      if (!fingers_[i] || (last && *last == *fingers_[i])) continue;
      last = fingers_[i];
      text += (text.empty() ? "" : ", ") + std::to_string(i) + "+:" + describeAddress(*last);
    }
    print("fingers " + (text.empty() ? std::string("none") : text), c.id);
  } else if (verb == "id") {
    print(describeAddress(self_), c.id);
  } else if (verb == "lookup") {
    std::string key;
    in >> key;
    if (key.empty()) {
      print("error: usage: lookup <key>", c.id, true);
    } else if (!joined_) {
      print("error: not on the ring yet", c.id, true);
    } else {
      startLookup(ringKey(key), Purpose::Console, c.id);
    }
  } else {
    print("error: unknown command '" + verb + "' (try 'help')", c.id, true);
  }
}

void Chord::inspect(runtime::StateWriter& out) const {
  out.set("id", static_cast<std::uint64_t>(id_));
  out.set("joined", joined_);
  out.set("predecessor", predecessor_ ? describeAddress(*predecessor_) : std::string("nil"));
  out.set("successor", describeAddress(successor()));
  std::vector<std::string> list;
  for (const auto& s : successors_) list.push_back(describeAddress(s));
  out.setList("successors", list);
  std::vector<std::string> fingers;
  std::optional<Address> last;
  for (int i = 0; i < kRingBits; ++i) {
    if (!fingers_[i] || (last && *last == *fingers_[i])) continue;
    last = fingers_[i];
    fingers.push_back(std::to_string(i) + ":" + describeAddress(*last));
  }
  out.setList("fingers", fingers);
  out.set("pendingLookups", static_cast<std::uint64_t>(pending_.size()));
  out.set("lookupsDone", lookupsDone_);
  out.set("lookupsFailed", lookupsFailed_);
}

// The "chord" stack: the Chord component is the top, answering the console.
namespace {
const runtime::StackRegistry::Registration kChordStack({
    "chord",
    "Chord ring (Stoica et al.): stabilize, notify, fix-fingers, successor lists; "
    "commands ring, fingers, lookup <key>",
    [](runtime::ComponentDefinition& parent, const runtime::StackContext& ctx) {
      return runtime::ComponentRef(runtime::StackBuilder::createIn<Chord>(
          parent, "chord", ctx, stackConfig("chord", ChordConfig::fromParams(ctx.params))));
    },
});
}  // namespace

}  // namespace catslab::protocols::chord
