// Chord: a ring overlay with consistent hashing (Stoica et al., "Chord: A
// Scalable Peer-to-peer Lookup Service for Internet Applications", 2001).
//
// Guarantees (the paper's, under its assumptions: churn eventually stops,
// successor lists are long enough that not all of a node's successors fail
// at once, the ring never splits into two): once churn stops, periodic
// stabilization makes every live node's successor its true successor on the
// circle, after which lookup(key) returns the node responsible for the key
// (the key's successor) in O(log N) hops with fingers.
//
// Ports: provides RingLookup (Lookup in, LookupDone and RingNeighbours out)
// and Console (the stack's console: ring, fingers, lookup, help); requires
// Network and Timer. It is the top component of the "chord" stack.
//
// Joining: every node but the bootstrap (StackContext::bootstrap) joins by
// asking the bootstrap node and a random other peer for successor(n + 1),
// retrying until a node on the ring answers, so nodes also join while the
// bootstrap node is down. The bootstrap node first asks all its peers
// whether they are on a ring and, if some are, takes the first of them
// clockwise as its successor; it creates a new ring only when nobody
// answers within one retry period (first start). So it may crash and
// restart like any node. Without a bootstrap every node is its own ring.
// Rings that formed apart anyway (the bootstrap node came back while its
// probe went unanswered) merge: a node alone on its ring probes all peers
// every retry period, and every node asks one random peer every
// kUnifyRounds stabilize rounds, taking it as successor when it lies
// between itself and its successor (ring unification, Shafaat et al. 2009).
// Failure detection is by silence: a successor that does not answer one
// stabilize round is dropped in favour of the next entry of the successor
// list; a predecessor that has not notified for `predecessorLease` is
// forgotten (the paper's check_predecessor, without extra pings). A node
// that loses every successor and finger stays on the ring: it probes all
// peers, takes the closest that answers, and meanwhile stands on its
// predecessor (leaving to join again made it silent, and its predecessors
// left after it one by one).
//
// Single-threaded like every component; inspect() shows id, predecessor,
// successor list and distinct fingers.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <vector>

#include "protocols/chord/chord_messages.h"
#include "protocols/chord/chord_port.h"
#include "runtime/component.h"
#include "runtime/console.h"
#include "runtime/network.h"
#include "runtime/result.h"
#include "runtime/stack_registry.h"

namespace catslab::protocols::chord {

struct ChordConfig {
  runtime::Duration stabilizePeriod = std::chrono::milliseconds(200);
  runtime::Duration fixFingersPeriod = std::chrono::milliseconds(100);
  runtime::Duration lookupTimeout = std::chrono::milliseconds(800);
  runtime::Duration joinRetry = std::chrono::milliseconds(500);
  int lookupAttempts = 3;
  int successorListSize = 4;
  int predecessorLeaseRounds = 3;  // stabilize periods without a notify
  bool stabilize = true;           // false: the deliberately broken variant

  // Reads "stabilize_ms", "fix_fingers_ms", "successors", "stabilize" (on/off)
  // from stack parameters; unknown or malformed values are reported.
  static runtime::Result<ChordConfig> fromParams(const std::map<std::string, std::string>& p);
};

class Chord : public runtime::ComponentDefinition {
 public:
  Chord(runtime::StackContext context, ChordConfig config);

  void inspect(runtime::StateWriter& out) const override;

  // Read-only views for checks (tests run on the deterministic scheduler).
  bool joined() const { return joined_; }
  RingId id() const { return id_; }
  const Address& self() const { return self_; }
  const Address& successor() const { return successors_.front(); }
  const std::vector<Address>& successors() const { return successors_; }
  const std::optional<Address>& predecessor() const { return predecessor_; }

 private:
  enum class Purpose { Client, Console, Finger, Join };
  struct Pending {
    RingId key;
    Purpose purpose;
    std::uint64_t tag;  // client id, console id or finger index
    int attempts;
    runtime::TimeoutId timer;
    Address via;  // the node the last attempt was sent to
  };
  struct StabilizeTick : runtime::EventOf<StabilizeTick, runtime::Timeout> {};
  struct FixFingersTick : runtime::EventOf<FixFingersTick, runtime::Timeout> {};
  struct JoinTick : runtime::EventOf<JoinTick, runtime::Timeout> {};
  struct LookupExpired : runtime::EventOf<LookupExpired, runtime::Timeout> {
    explicit LookupExpired(std::uint64_t r) : request(r) {}
    std::uint64_t request;
  };

  void onStart() override;
  void join();
  void becomeJoined(const Address& successor);
  void probeIfAlone();
  void probePeers();
  void stabilize(const StabilizeTick&);
  void fixFingers(const FixFingersTick&);
  void onGetPredecessor(const GetPredecessor& m);
  void onPredecessorIs(const PredecessorIs& m);
  void onNotify(const Notify& m);
  void onFindSuccessor(const FindSuccessor& m);
  void onSuccessorFound(const SuccessorFound& m);
  void onLookup(const Lookup& m);
  void onLookupExpired(const LookupExpired& t);
  void onCommand(const runtime::ConsoleCommand& c);

  std::uint64_t startLookup(RingId key, Purpose purpose, std::uint64_t tag);
  void sendLookup(std::uint64_t request, Pending& p);
  void finishLookup(std::uint64_t request, bool ok, const Address& node, int hops);
  // The farthest known node in (n, key), never `skip`; n itself if none.
  Address closestPrecedingNode(RingId key, const Address* skip = nullptr) const;
  void dropSuccessor();
  void forget(const Address& dead);
  void setSuccessors(std::vector<Address> list);
  bool suspected(const Address& a) const;
  void announceNeighbours();
  void print(const std::string& text, std::uint64_t id, bool error = false);
  std::string describeAddress(const Address& a) const;

  runtime::StackContext context_;
  ChordConfig config_;
  Address self_;
  RingId id_;
  bool joined_ = false;
  bool probing_ = false;                             // the bootstrap node is asking its peers
  std::vector<Address> ringMembers_;                 // peers that answered the probe
  runtime::Duration lastProbe_{-1'000'000'000'000};  // probePeers()
  static constexpr int kUnifyRounds = 5;             // stabilize rounds between random probes
  std::uint64_t stabilizeRounds_ = 0;
  std::optional<Address> predecessor_;
  runtime::Duration predecessorSeen_{0};
  std::vector<Address> successors_;                // successors_[0] is the successor; never empty
  std::map<Address, runtime::Duration> suspects_;  // dropped successors, when
  std::array<std::optional<Address>, kRingBits> fingers_;  // finger[i] = succ(id + 2^i)
  int nextFinger_ = -1;
  bool awaitingStabilize_ = false;  // stabilize asked stabilizeAsked_ and has no answer yet
  Address stabilizeAsked_;
  std::uint64_t nextRequest_ = 0;
  std::map<std::uint64_t, Pending> pending_;
  std::uint64_t lookupsDone_ = 0;
  std::uint64_t lookupsFailed_ = 0;

  runtime::Negative<RingLookup> ring_ = provide<RingLookup>();
  runtime::Negative<runtime::Console> console_ = provide<runtime::Console>();
  runtime::Positive<runtime::Network> net_ = require<runtime::Network>();
  runtime::Positive<runtime::Timer> timer_ = require<runtime::Timer>();
};

}  // namespace catslab::protocols::chord
