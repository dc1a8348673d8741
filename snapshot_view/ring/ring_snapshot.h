// RingSnapshot: what the ring view draws at one moment of a run, read from
// the global snapshot (sim::GlobalState) the timeline selects. It knows three
// kinds of ring from their inspect() keys:
//   - CATS (cats/core/cats_node.cpp): ringId, predecessor, successors,
//     groups "<slice> v<vid> [members] <status> keys <n> ready [...]", live,
//     leavers, and the failure detector's OneHop.removed;
//   - Chord (protocols/chord): id, joined, predecessor/successors "n2(123)";
//   - one-hop (protocols/onehop): members and removed; positions are
//     chord::ringKey(node id), pointers the ring order of each member list.
// Node states are lost when a node goes down (GlobalState), so a down
// node's position is computed from its id with the same hash its protocol
// uses.
//
// Plain values built by a pure function; safe to copy between threads.
#pragma once

#include <QString>
#include <QStringList>
#include <cstdint>
#include <vector>

#include "runtime/sim/global_state.h"

namespace catslab::ui::ring {

inline constexpr std::uint64_t kRingSize = std::uint64_t{1} << 32;

enum class RingKind { None, Cats, Chord, OneHop };
// Left: a node that left gracefully and is in no group any more (still up).
enum class NodeStatus { Ready, Joining, Suspected, Leaving, Left, Down };
QString statusName(NodeStatus s);

struct RingNode {
  QString id;
  std::uint64_t position = 0;  // on the 2^32 circle
  NodeStatus status = NodeStatus::Down;
  QString predecessor;     // as the node itself says; empty: unknown
  QStringList successors;  // first = successor
  int groups = 0;          // CATS: groups the node is a member of (joining or ready)
  int joiningGroups = 0;
};

// One replica's own report about a slice.
struct Replica {
  QString node;
  std::uint64_t vid = 0;  // the view it installed (0: none)
  QString status;         // "ready", "joining", "left", "no view", or "down"
  int keys = 0;
};

// A CATS replication group: a slice of the circle, the newest view any live
// node reports for it, and each member's standing in that view.
struct GroupArc {
  int slice = 0;
  std::uint64_t start = 0;  // first position of the slice
  std::uint64_t end = 0;    // last position
  std::uint64_t vid = 0;
  QStringList members;            // in the view's order (the first owns the slice)
  std::vector<Replica> replicas;  // one per member
  bool proposing = false;         // a member is running Paxos for the next view
  bool settled() const;           // every member ready in `vid`
  bool memberDown() const;
};

// A partition cut (simulation log "partition [a, b] | [c]").
struct PartitionCut {
  QStringList sideA;
  QStringList sideB;
  bool oneWay = false;
};

struct RingSnapshot {
  RingKind kind = RingKind::None;
  std::vector<RingNode> nodes;   // sorted by position, then id
  std::vector<GroupArc> groups;  // CATS only, by slice
  int slices = 0;
  std::vector<PartitionCut> partitions;  // in force at this moment

  const RingNode* node(const QString& id) const;
  const GroupArc* group(int slice) const;
  // Ids in ring order (clockwise from position 0).
  QStringList order() const;
  // Which side of the first cut `id` is on: 0 none, 1 side A, 2 side B.
  int sideOf(const QString& id) const;
};

// Builds the snapshot of `state`; `partitions` are the cuts in force then.
RingSnapshot buildRing(const sim::GlobalState& state, std::vector<PartitionCut> partitions = {});

// "[a, b, c]" -> {"a", "b", "c"} (StateWriter::setList's form).
QStringList parseList(const std::string& value);

}  // namespace catslab::ui::ring
