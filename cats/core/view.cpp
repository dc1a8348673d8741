#include "cats/core/view.h"

#include <algorithm>

namespace catslab::cats {

using protocols::FieldReader;
using protocols::FieldWriter;

bool View::has(const std::string& id) const {
  return std::find(members.begin(), members.end(), id) != members.end();
}

bool View::isNew(const std::string& id) const {
  return has(id) && std::find(previous.begin(), previous.end(), id) == previous.end();
}

bool View::isPureRemoval() const {
  return !previous.empty() && members.size() < previous.size() &&
         std::none_of(members.begin(), members.end(),
                      [this](const std::string& m) { return isNew(m); });
}

std::string View::describe() const {
  std::string out = "v" + std::to_string(vid) + " [";
  for (std::size_t i = 0; i < members.size(); ++i) out += (i ? " " : "") + members[i];
  return out + "]";
}

const char* toString(GroupStatus status) {
  switch (status) {
    case GroupStatus::None:
      return "none";
    case GroupStatus::Joining:
      return "joining";
    case GroupStatus::Ready:
      return "ready";
    case GroupStatus::Left:
      return "left";
  }
  return "?";
}

namespace {
void writeList(FieldWriter& out, const std::vector<std::string>& list) {
  out.u64(list.size());
  for (const auto& s : list) out.str(s);
}
bool readList(FieldReader& in, std::vector<std::string>& list) {
  std::uint64_t n = 0;
  if (!in.u64(n) || n > 1024) return false;
  list.resize(n);
  for (auto& s : list) {
    if (!in.str(s)) return false;
  }
  return true;
}
}  // namespace

void writeView(FieldWriter& out, const View& v) {
  out.u64(v.vid);
  writeList(out, v.members);
  writeList(out, v.previous);
}

bool readView(FieldReader& in, View& v) {
  return in.u64(v.vid) && readList(in, v.members) && readList(in, v.previous);
}

void writeBallot(FieldWriter& out, const Ballot& b) { out.u64(b.round).str(b.node); }

bool readBallot(FieldReader& in, Ballot& b) { return in.u64(b.round) && in.str(b.node); }

void writeVersioned(FieldWriter& out, const Versioned& v) {
  out.u64(v.ts.counter).str(v.ts.writer).flag(v.tombstone).str(v.value);
}

bool readVersioned(FieldReader& in, Versioned& v) {
  return in.u64(v.ts.counter) && in.str(v.ts.writer) && in.flag(v.tombstone) && in.str(v.value);
}

std::string describe(const Versioned& v) {
  const std::string ts = std::to_string(v.ts.counter) + "." + v.ts.writer;
  if (v.tombstone) return ts + " (deleted)";
  return ts + " '" + v.value + "'";
}

}  // namespace catslab::cats
