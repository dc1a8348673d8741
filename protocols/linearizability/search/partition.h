// A Partition is one key's operations compiled into the form the search
// wants: values interned to small integers (id 0 is the initial value),
// operations that returned ok sorted by invocation, and operations whose
// outcome is unknown grouped into interchangeable classes.
//
// Compilation drops what cannot matter, which is what keeps the search small:
//   - failed operations (they did not take effect);
//   - unknown reads (a read changes nothing, so taking it or not is the same);
//   - unknown cas whose expected and new value are equal (a no-op).
// Unknown writes of the same value, and unknown cas of the same [expected new],
// form one class: once invoked, members of a class are interchangeable
// forever, so the search only ever takes the earliest-invoked unused member and
// remembers how many of the class it has taken.
//
// A Partition is an immutable value once built; it does not refer back to the
// History it came from except through `origin` indices.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "protocols/linearizability/history/history.h"

namespace catslab::checker {

struct CompletedOp {
  std::int64_t invokeAt = 0;
  std::int64_t completeAt = 0;
  OpKind kind = OpKind::Read;
  std::int32_t value = 0;     // read result, written value, or cas new value
  std::int32_t expected = 0;  // cas only
  std::uint32_t origin = 0;   // index into History::ops
};

struct PendingClass {
  OpKind kind = OpKind::Write;         // Write or Cas
  std::int32_t value = 0;              // the value it leaves in the register
  std::int32_t expected = 0;           // cas only
  std::vector<std::int64_t> invokeAt;  // members' invocations, ascending
  std::vector<std::uint32_t> origins;  // members' History indices, same order
};

struct Partition {
  std::string key;
  std::vector<std::string> values;  // id -> value; values[0] is the initial value
  std::vector<CompletedOp> completed;
  std::vector<PendingClass> pending;
  // True for a window of a longer history (buildPartition with from > 0): the
  // register may hold any value when the window opens.
  bool anyInitial = false;
};

// Which History operations go into one partition, and how to treat them.
struct PartitionMembers {
  std::string key;
  std::vector<std::uint32_t> ops;  // indices into History::ops
};

// The history's operations grouped by key, in order of first appearance.
std::vector<PartitionMembers> splitByKey(const History& history);

// Compiles `members`. An op whose index has `relaxed[index] != 0` is treated as
// if its outcome were Unknown (used by the explanation to ask "is it still a
// violation if this operation may or may not have happened?"). Ops invoked at
// or after `cutoff` are left out and ops completing after it count as Unknown,
// which gives the history as it stood at position `cutoff`.
//
// `from` > 0 cuts off the past instead: ok-operations that completed before
// position `from` are left out, ok-operations in flight at `from` count as
// Unknown, and the register may hold any value at `from` (anyInitial). Every
// order of the whole history, seen from `from` on, is an order of the window,
// so a window that is not linearizable proves that the history is not.
Partition buildPartition(const History& history, const PartitionMembers& members,
                         const std::string& initial, const std::vector<char>& relaxed = {},
                         std::int64_t cutoff = kNever, std::int64_t from = 0);

}  // namespace catslab::checker
