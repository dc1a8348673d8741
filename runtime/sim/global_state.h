// GlobalState: the state of a whole system at one point of a run — for each
// node whether it is up and its inspect() key/values (keys prefixed by the
// component path inside the node), plus the messages in flight. It is what
// checks look at and what the GUI draws.
//
// applyRecord() folds one trace record into a state; folding a trace from its
// first record gives the global snapshot after any record (SnapshotStore
// adds keyframes to make that fast). A node that goes down loses its state:
// a crashed process keeps nothing, and its restart reports everything anew.
//
// Plain values; not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "runtime/proto/trace.pb.h"

namespace catslab::sim {

struct NodeState {
  bool up = false;
  std::string address;
  std::string stack;
  std::map<std::string, std::string> state;

  // The value of `key`, or `fallback` when the node has no such key.
  const std::string& get(const std::string& key, const std::string& fallback = {}) const;
  bool operator==(const NodeState&) const = default;
};

struct InFlightMessage {
  std::string from;
  std::string to;
  std::string type;
  std::string summary;
  std::int64_t sentNs = 0;
  bool operator==(const InFlightMessage&) const = default;
};

struct GlobalState {
  std::int64_t timeNs = 0;
  std::uint64_t records = 0;  // number of records folded in (index of the next one)
  std::map<std::string, NodeState> nodes;
  std::map<std::uint64_t, InFlightMessage> inFlight;  // by message_id

  const NodeState* node(const std::string& id) const;
  std::vector<std::string> liveNodes() const;
  // Approximate heap bytes held (for memory bounds).
  std::size_t approximateBytes() const;
  bool operator==(const GlobalState&) const = default;
};

void applyRecord(GlobalState& state, const trace::Record& record);

// One difference between two snapshots. `key` is empty for a change of the
// node's up/down status (then before/after are "up"/"down").
struct StateDifference {
  std::string node;
  std::string key;
  std::string before;  // empty: absent
  std::string after;   // empty: absent
};
std::vector<StateDifference> diff(const GlobalState& before, const GlobalState& after);

}  // namespace catslab::sim
