// CatsNode: one node of the CATS key-value store (CATS.md, docs/cats.md) —
// the top component of the "cats" stack.
//
// Roles, all in this one component so that a node's view of a slice, its
// data and its Paxos state change together in one handler:
//  - replica (replica.cpp): serves reads and writes of the slices it is READY
//    in, only in the view it installed, refusing with its view otherwise;
//  - coordinator (coordinator.cpp): get/put/delete as ABD over consistent
//    quorums, for requests from the KeyValueStore port and the console;
//  - reconfiguration (reconfiguration.cpp, paxos.cpp): the first live
//    member of a slice's view proposes the next view (one member added,
//    removed or replaced) when the view differs from what the ring says;
//    single-decree Paxos among the current view decides it; views are
//    installed in order;
//  - handoff (handoff.cpp): a member new in a view is JOINING until it has
//    merged the slice's data from more than half of the previous view's
//    members, each sent after that member installed the new view.
// Children: OneHop (full membership by gossip: the ring, lookups, failure
// suspicion). Durable state (data, views, acceptor state) is in a
// LocalStore and committed before any message that depends on it leaves.
//
// Ports: provides KeyValueStore and Console; requires Network and Timer.
// Single-threaded like every component.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cats/core/config.h"
#include "cats/core/info_board.h"
#include "cats/core/messages.h"
#include "cats/core/op_trace.h"
#include "cats/core/view.h"
#include "cats/kv_port.h"
#include "cats/store/local_store.h"
#include "protocols/common/console_stack.h"
#include "protocols/onehop/onehop_port.h"
#include "runtime/stack_registry.h"

namespace catslab::cats {

class CatsNode : public protocols::ConsoleStack {
 public:
  CatsNode(runtime::StackContext context, CatsConfig config, std::shared_ptr<LocalStore> store);
  void inspect(runtime::StateWriter& out) const override;

  // Read-only views for white-box checks (deterministic scheduler only).
  struct GroupInfo {
    View view;
    GroupStatus status = GroupStatus::None;
  };
  GroupInfo group(std::uint32_t slice) const;
  const CatsConfig& config() const { return config_; }
  const LocalStore& store() const { return *store_; }
  std::vector<std::string> liveNodes() const { return {live_.begin(), live_.end()}; }
  const std::string& id() const { return self_.id; }
  bool leaving() const { return leaving_; }
  // Tombstones: the slice's floor (the highest counter of a tombstone this
  // replica collected), how many tombstones it stores, how many it collected.
  std::uint64_t floorOf(std::uint32_t slice) const;
  std::size_t tombstoneCount() const;
  std::uint64_t tombstonesCollected() const { return tombstonesCollected_; }
  // Publish a snapshot of the ring and groups to `board` every 500 ms (for
  // INFO cats over RESP; see info_board.h). Call before the node starts.
  void publishInfoTo(InfoBoard* board) { board_ = board; }

 private:
  // --- per-slice replica state (persisted as "view/<slice>" and "acc/<slice>")
  struct Group {
    View view;  // installed (status Joining or Ready), or the view that removed us (Left)
    GroupStatus status = GroupStatus::None;
    std::uint64_t readyFrom = 0;  // this node is READY in views readyFrom..readyTo
    std::uint64_t readyTo = 0;
    bool collected = false;  // Left and its data deleted
    // acceptor, for slot view.vid + 1
    Ballot promised;
    bool hasAccepted = false;
    Ballot acceptedBallot;
    View acceptedView;
    // volatile
    std::map<std::string, std::uint64_t> readyKnown;  // member -> highest vid it said READY in
    std::set<std::string> handoffFrom;                // eligible senders merged so far
    runtime::Duration handoffSent{-1};
    runtime::Duration leftAt{0};  // Left: when the copy became safe to delete
    bool successorReady = false;  // Left: the member that replaced us is READY
    // proposer
    bool proposing = false;
    bool accepting = false;  // in phase 2
    Ballot ballot;
    View proposal;
    std::map<std::string, std::pair<bool, std::pair<Ballot, View>>> promises;
    std::set<std::string> accepts;
    runtime::Duration proposedAt{0};
    runtime::Duration retryAfter{0};
    std::uint64_t nextRound = 1;
  };

  // --- coordinator state
  enum class Phase { Read, Write };
  struct Operation {
    KvKind kind = KvKind::Get;
    std::uint64_t client = 0;
    std::uint64_t clientOp = 0;
    std::uint64_t consoleId = 0;  // != 0: answer on the console
    bool fromConsole = false;
    std::string key;
    std::string value;
    std::uint32_t slice = 0;
    View view;  // the view of the current attempt
    Phase phase = Phase::Read;
    std::uint64_t attempt = 0;
    std::map<std::string, std::pair<bool, Versioned>> reads;  // replica -> (found, version)
    std::map<std::string, std::uint64_t> floors;              // replica -> its slice floor
    std::set<std::string> acks;
    Versioned toWrite;         // phase 2: the version written or imposed
    bool resultFound = false;  // get: a version exists (value or tombstone)
    Versioned result;          // get: what it returns
    runtime::Duration startedAt{0};
    runtime::Duration deadline{0};
    runtime::Duration sentAt{0};
    int restarts = 0;
    std::vector<std::string> readQuorum;
    OpTrace trace;  // what the trace records of it (op_trace.h)
  };

  struct Tick : runtime::EventOf<Tick, runtime::Timeout> {};
  struct Flush : runtime::EventOf<Flush, runtime::Timeout> {};

  // lifecycle and housekeeping (cats_node.cpp)
  void onStart() override;
  void recover();
  void onTick(const Tick&);
  void onFlush(const Flush&);
  void onMembership(const protocols::onehop::MembershipChanged& m);
  void onLeaveNotice(const LeaveNotice& m);
  Address addressOf(const std::string& id) const;
  std::vector<std::string> placementNodes() const;  // live and not leaving
  std::vector<std::string> desired(std::uint32_t slice) const;
  void send(std::shared_ptr<const runtime::Message> m);
  void sendDurable(std::shared_ptr<const runtime::Message> m);  // after the next commit
  void persistGroup(std::uint32_t slice);
  void note(const std::string& text) const;  // a structured trace line ("cats ...")

  // replica (replica.cpp)
  void onOpRead(const OpRead& m);
  void onOpWrite(const OpWrite& m);
  bool serves(const Group& g, std::uint64_t vid) const;
  void refuse(const Address& to, std::uint32_t slice, std::uint64_t op);
  void onVersionQuery(const VersionQuery& m);

  // coordinator (coordinator.cpp)
  void onGet(const KvGet& r);
  void onPut(const KvPut& r);
  void onDelete(const KvDelete& r);
  void request(KvKind kind, std::uint64_t client, std::uint64_t clientOp, const std::string& key,
               const std::string& value);
  void startOperation(Operation op);
  void beginAttempt(std::uint64_t id);
  std::string writerId(std::uint64_t operation) const;
  void sendPhase(Operation& op, bool onlyMissing);
  void onReadReply(const OpReadReply& m);
  void onWriteAck(const OpWriteAck& m);
  void onRefused(const OpRefused& m);
  void complete(std::uint64_t id, KvStatus status, std::string reason = {});
  void expireOperations();
  View bestView(std::uint32_t slice) const;
  // the operation's trace (op_trace.h): a phase begins or is resent, a reply
  // came, a quorum formed
  void notePhase(Operation& op, bool resend, const std::set<std::string>& targets);
  void noteReply(Operation& op, const std::string& from, std::uint64_t vid, std::string answer,
                 bool counted, bool refused);
  void noteQuorum(Operation& op);
  void reportOp(const trace::ClientOp& op) const;
  void learnView(std::uint32_t slice, const View& v);

  // reconfiguration (reconfiguration.cpp, paxos.cpp)
  void onViewDecided(const ViewDecided& m);
  void install(std::uint32_t slice, const View& w);
  void becomeReady(std::uint32_t slice);
  static bool allReady(const Group& g);  // every member of g.view READY in it, as far as known
  void onGroupReady(const GroupReady& m);
  void onViewQuery(const ViewQuery& m);
  void reconfigure();
  std::optional<View> nextView(std::uint32_t slice, const Group& g) const;
  void propose(std::uint32_t slice, View proposal);
  bool acceptorTakesPart(const Address& from, std::uint32_t slice, std::uint64_t vid,
                         const Ballot& ballot);
  void onPrepare(const Prepare& m);
  void onPromise(const Promise& m);
  void onAccept(const Accept& m);
  void onAccepted(const Accepted& m);
  void onPaxosRejected(const PaxosRejected& m);
  void gossipViews();
  void collectGarbage();

  // tombstone collection (tombstones.cpp)
  struct TombstoneWatch {
    Timestamp ts;                   // the tombstone watched
    std::uint64_t vid = 0;          // the view the holders answered in
    std::set<std::string> holders;  // members holding it (or newer) in vid
    runtime::Duration confirmedAt{-1};
  };
  void recoverTombstones();
  void noteTombstone(std::uint32_t slice, const std::string& key, const Versioned& v);
  void raiseFloor(std::uint32_t slice, std::uint64_t counter);
  void collectTombstones();
  void onTombstoneQuery(const TombstoneQuery& m);
  void onTombstoneHeld(const TombstoneHeld& m);

  // handoff (handoff.cpp)
  void requestHandoff(std::uint32_t slice);
  void onHandoffRequest(const HandoffRequest& m);
  void onHandoffData(const HandoffData& m);

  // console (console.cpp)
  bool handleCommand(const protocols::CommandLine& cmd, std::uint64_t id) override;
  std::vector<std::string> helpLines() const override;
  void onVersionReply(const VersionReply& m);
  std::string ringText() const;
  std::string viewsText() const;
  std::string statusText() const;
  std::string infoText() const;  // INFO cats lines (InfoBoard)

  runtime::StackContext context_;
  CatsConfig config_;
  std::shared_ptr<LocalStore> store_;
  Address self_;
  std::map<std::string, Address> addresses_;  // every node of the topology, by id
  std::set<std::string> live_;                // from the membership layer, self included
  std::set<std::string> leavers_;             // nodes leaving gracefully
  bool leaving_ = false;
  bool leftAnnounced_ = false;

  std::map<std::uint32_t, Group> groups_;
  std::map<std::uint32_t, View> known_;  // the newest decided view seen per slice
  std::uint64_t nextOperation_ = 0;
  std::map<std::uint64_t, Operation> operations_;    // by operation id
  std::map<std::uint64_t, std::uint64_t> attempts_;  // attempt id -> operation id
  std::uint64_t nextAttempt_ = 0;
  std::uint64_t lamport_ = 0;      // eventual mode's timestamps
  std::uint64_t incarnation_ = 0;  // drawn at start: writer ids differ across restarts

  std::vector<std::shared_ptr<const runtime::Message>> outbox_;  // waiting for commit
  bool flushScheduled_ = false;
  runtime::Duration lastGossip_{0};

  struct GroupQuery {
    std::uint64_t consoleId;
    std::string key;
    std::size_t expected;
    std::vector<std::string> lines;
  };
  std::map<std::uint64_t, GroupQuery> groupQueries_;
  std::set<std::string> watched_;  // keys inspect() reports (config "watch", console "watch")
  std::uint64_t nextQuery_ = 0;

  std::map<std::uint32_t, std::map<std::string, TombstoneWatch>> tombstones_;
  // collected here: slice -> key -> (timestamp, when); answered as held for one horizon
  std::map<std::uint32_t, std::map<std::string, std::pair<Timestamp, runtime::Duration>>>
      recentlyCollected_;
  std::map<std::uint32_t, std::uint64_t> floors_;  // persisted as "floor/<slice>"
  std::uint64_t tombstonesCollected_ = 0;

  // counters (inspect, status)
  std::uint64_t completed_ = 0, failed_ = 0, viewsInstalled_ = 0, proposals_ = 0;

  InfoBoard* board_ = nullptr;  // not owned; the runtime's service

  runtime::Negative<KeyValueStore> kv_ = provide<KeyValueStore>();
  runtime::Positive<protocols::onehop::OneHopRouting> ring_;
};

// Opens the node's store from its parameters: MemoryStores' "<store_scope>/<id>"
// or a LevelDB directory. A failure names the path and the reason.
runtime::Result<std::shared_ptr<LocalStore>> openNodeStore(
    const CatsConfig& config, const std::string& nodeId,
    const std::map<std::string, std::string>& params);

}  // namespace catslab::cats
