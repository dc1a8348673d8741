#include "protocols/linearizability/search/partition.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace catslab::checker {

std::vector<PartitionMembers> splitByKey(const History& history) {
  std::vector<PartitionMembers> parts;
  std::unordered_map<std::string, std::size_t> index;
  for (std::uint32_t i = 0; i < history.ops.size(); ++i) {
    const std::string& key = history.ops[i].key;
    auto [it, inserted] = index.try_emplace(key, parts.size());
    if (inserted) parts.push_back(PartitionMembers{key, {}});
    parts[it->second].ops.push_back(i);
  }
  return parts;
}

namespace {

class ValueTable {
 public:
  explicit ValueTable(std::vector<std::string>& values) : values_(values) {}
  std::int32_t intern(const std::string& v) {
    auto [it, inserted] = ids_.try_emplace(v, static_cast<std::int32_t>(values_.size()));
    if (inserted) values_.push_back(v);
    return it->second;
  }

 private:
  std::vector<std::string>& values_;
  std::unordered_map<std::string, std::int32_t> ids_;
};

}  // namespace

Partition buildPartition(const History& history, const PartitionMembers& members,
                         const std::string& initial, const std::vector<char>& relaxed,
                         std::int64_t cutoff, std::int64_t from) {
  Partition part;
  part.key = members.key;
  part.anyInitial = from > 0;
  ValueTable table(part.values);
  table.intern(initial);

  // Class lookup: (kind, expected, value) -> index in part.pending.
  std::map<std::tuple<int, std::int32_t, std::int32_t>, std::size_t> classes;
  struct Member {
    std::int64_t invokeAt;
    std::uint32_t origin;
    std::size_t cls;
  };
  std::vector<Member> pendingMembers;

  for (std::uint32_t idx : members.ops) {
    const Operation& op = history.ops[idx];
    if (op.invokeAt >= cutoff) continue;
    Outcome outcome = op.outcome;
    if (outcome == Outcome::Fail) {
      // A failure reported after the cutoff was not known at the cutoff.
      if (op.completeAt < cutoff) continue;
      outcome = Outcome::Unknown;
    }
    // Completed before the window: its effect is folded into "any value".
    if (outcome == Outcome::Ok && op.completeAt < from) continue;
    if (outcome == Outcome::Ok &&
        (op.completeAt >= cutoff || op.invokeAt < from || (idx < relaxed.size() && relaxed[idx])))
      outcome = Outcome::Unknown;

    if (outcome == Outcome::Ok) {
      CompletedOp c;
      c.invokeAt = op.invokeAt;
      c.completeAt = op.completeAt;
      c.kind = op.kind;
      c.value = table.intern(op.value);
      if (op.kind == OpKind::Cas) c.expected = table.intern(op.expected);
      c.origin = idx;
      part.completed.push_back(c);
      continue;
    }
    if (op.kind == OpKind::Read) continue;
    std::int32_t value = table.intern(op.value);
    std::int32_t expected = op.kind == OpKind::Cas ? table.intern(op.expected) : 0;
    if (op.kind == OpKind::Cas && expected == value) continue;
    auto classKey = std::make_tuple(static_cast<int>(op.kind), expected, value);
    auto [it, inserted] = classes.try_emplace(classKey, part.pending.size());
    if (inserted) {
      PendingClass cls;
      cls.kind = op.kind;
      cls.value = value;
      cls.expected = expected;
      part.pending.push_back(std::move(cls));
    }
    pendingMembers.push_back(Member{op.invokeAt, idx, it->second});
  }

  std::sort(part.completed.begin(), part.completed.end(),
            [](const CompletedOp& a, const CompletedOp& b) { return a.invokeAt < b.invokeAt; });
  std::sort(pendingMembers.begin(), pendingMembers.end(),
            [](const Member& a, const Member& b) { return a.invokeAt < b.invokeAt; });
  for (const Member& m : pendingMembers) {
    part.pending[m.cls].invokeAt.push_back(m.invokeAt);
    part.pending[m.cls].origins.push_back(m.origin);
  }
  return part;
}

}  // namespace catslab::checker
