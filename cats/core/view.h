// Views and ballots of the CATS replication groups, and their byte form
// (the same bytes travel in messages and are stored as metadata).
//
// A View is one configuration of a slice's replication group: its id (1, 2,
// ... in the order decided), its members (ordered clockwise from the slice,
// so the first member is the slice's owner) and the members of the view
// before it (empty for a slice's first view), which a member new in this
// view needs for its handoff.
//
// Values; no shared state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cats/store/local_store.h"
#include "protocols/common/fields.h"

namespace catslab::cats {

struct View {
  std::uint64_t vid = 0;  // 0: no view known
  std::vector<std::string> members;
  std::vector<std::string> previous;

  bool has(const std::string& id) const;
  bool isNew(const std::string& id) const;  // a member of this view but not of the previous one
  // Members only left (none is new).
  bool isPureRemoval() const;
  // A pure removal from a view with an even number of members: the members
  // that stay must collect too (docs/cats.md, why quorums intersect).
  bool removalNeedsHandoff() const { return isPureRemoval() && previous.size() % 2 == 0; }
  std::size_t majority() const { return members.size() / 2 + 1; }
  std::string describe() const;  // "v4 [n1 n3 n5]"
  friend bool operator==(const View&, const View&) = default;
};

// A Paxos ballot: (round, proposer id), ordered lexicographically.
struct Ballot {
  std::uint64_t round = 0;
  std::string node;
  friend bool operator==(const Ballot&, const Ballot&) = default;
  friend auto operator<=>(const Ballot& a, const Ballot& b) {
    if (auto c = a.round <=> b.round; c != 0) return c;
    return a.node.compare(b.node) <=> 0;
  }
  std::string describe() const { return std::to_string(round) + "." + node; }
};

// A replica's standing in a slice.
enum class GroupStatus : std::uint8_t { None = 0, Joining = 1, Ready = 2, Left = 3 };
const char* toString(GroupStatus status);

// Field codecs shared by messages and metadata records.
void writeView(protocols::FieldWriter& out, const View& v);
bool readView(protocols::FieldReader& in, View& v);
void writeBallot(protocols::FieldWriter& out, const Ballot& b);
bool readBallot(protocols::FieldReader& in, Ballot& b);
void writeVersioned(protocols::FieldWriter& out, const Versioned& v);
bool readVersioned(protocols::FieldReader& in, Versioned& v);
std::string describe(const Versioned& v);  // "3.n2 'value'" or "3.n2 (deleted)"

}  // namespace catslab::cats
