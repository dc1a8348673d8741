#include "snapshot_view/ring/ring_snapshot.h"

#include <QRegularExpression>
#include <algorithm>
#include <map>
#include <set>

#include "cats/core/placement.h"
#include "protocols/chord/ring.h"
#include "snapshot_view/qt_text.h"

namespace catslab::ui::ring {

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The component prefix ("cats.") under which a node reports `key`, if it
// reports it next to `sibling`.
bool findPrefix(const sim::NodeState& n, const std::string& key, const std::string& sibling,
                std::string& prefix) {
  for (const auto& [k, v] : n.state) {
    if (!endsWith(k, key)) continue;
    const std::string p = k.substr(0, k.size() - key.size());
    if (!p.empty() && p.back() != '.') continue;
    if (n.state.count(p + sibling)) {
      prefix = p;
      return true;
    }
  }
  return false;
}

RingKind kindOf(const sim::NodeState& n, std::string& prefix) {
  if (findPrefix(n, "ringId", "groups", prefix)) return RingKind::Cats;
  if (findPrefix(n, "joined", "successors", prefix)) return RingKind::Chord;
  if (findPrefix(n, "membershipSize", "members", prefix)) return RingKind::OneHop;
  return RingKind::None;
}

// "n2(12345)" -> "n2"
QString idOf(const QString& described) {
  const int paren = described.indexOf(QLatin1Char('('));
  return paren < 0 ? described : described.left(paren);
}

std::uint64_t fallbackPosition(RingKind kind, const QString& id) {
  if (kind == RingKind::Cats) return cats::nodePosition(id.toStdString());
  return protocols::chord::ringKey(id.toStdString());
}

// One "groups" entry: "13 v6 [n3 n4 n6] ready keys 2 ready [n3,n4] proposing".
struct GroupEntry {
  int slice = -1;
  std::uint64_t vid = 0;
  QStringList members;
  QString status;
  int keys = 0;
  bool proposing = false;
};

GroupEntry parseGroup(const QString& text) {
  static const QRegularExpression re(QStringLiteral(
      R"(^(\d+) v(\d+) \[([^\]]*)\] (\w+) keys (\d+) ready \[[^\]]*\]( proposing)?)"));
  GroupEntry g;
  const auto m = re.match(text);
  if (!m.hasMatch()) return g;
  g.slice = m.captured(1).toInt();
  g.vid = m.captured(2).toULongLong();
  g.members = m.captured(3).split(QLatin1Char(' '), Qt::SkipEmptyParts);
  g.status = m.captured(4);
  g.keys = m.captured(5).toInt();
  g.proposing = !m.captured(6).isEmpty();
  return g;
}

void buildCatsGroups(RingSnapshot& snap,
                     const std::map<QString, std::vector<GroupEntry>>& reports) {
  // Per slice, every live node's own entry.
  std::map<int, std::map<QString, GroupEntry>> bySlice;
  for (const auto& [node, entries] : reports) {
    for (const GroupEntry& g : entries) {
      if (g.slice >= 0) bySlice[g.slice][node] = g;
    }
  }
  int maxSlice = -1;
  for (const auto& [slice, entries] : bySlice) maxSlice = std::max(maxSlice, slice);
  snap.slices = maxSlice + 1;
  for (const auto& [slice, entries] : bySlice) {
    GroupArc arc;
    arc.slice = slice;
    arc.start = (static_cast<std::uint64_t>(slice) << 32) / snap.slices;
    arc.end = ((static_cast<std::uint64_t>(slice) + 1) << 32) / snap.slices - 1;
    for (const auto& [node, g] : entries) {
      if (g.status == QStringLiteral("left")) continue;
      if (g.vid > arc.vid) {
        arc.vid = g.vid;
        arc.members = g.members;
      }
      arc.proposing |= g.proposing;
    }
    for (const QString& m : arc.members) {
      Replica r;
      r.node = m;
      r.status = QStringLiteral("no view");
      const auto it = entries.find(m);
      if (it != entries.end()) {
        r.vid = it->second.vid;
        r.status = it->second.status;
        r.keys = it->second.keys;
      }
      arc.replicas.push_back(r);
    }
    snap.groups.push_back(std::move(arc));
  }
}

}  // namespace

QString statusName(NodeStatus s) {
  switch (s) {
    case NodeStatus::Ready:
      return QStringLiteral("ready");
    case NodeStatus::Joining:
      return QStringLiteral("joining");
    case NodeStatus::Suspected:
      return QStringLiteral("suspected");
    case NodeStatus::Leaving:
      return QStringLiteral("leaving");
    case NodeStatus::Left:
      return QStringLiteral("left");
    case NodeStatus::Down:
      return QStringLiteral("down");
  }
  return {};
}

bool GroupArc::settled() const {
  if (replicas.empty()) return false;
  return std::all_of(replicas.begin(), replicas.end(), [this](const Replica& r) {
    return r.vid == vid && r.status == QStringLiteral("ready");
  });
}

bool GroupArc::memberDown() const {
  return std::any_of(replicas.begin(), replicas.end(),
                     [](const Replica& r) { return r.status == QStringLiteral("down"); });
}

const RingNode* RingSnapshot::node(const QString& id) const {
  for (const RingNode& n : nodes) {
    if (n.id == id) return &n;
  }
  return nullptr;
}

const GroupArc* RingSnapshot::group(int slice) const {
  for (const GroupArc& g : groups) {
    if (g.slice == slice) return &g;
  }
  return nullptr;
}

QStringList RingSnapshot::order() const {
  QStringList ids;
  for (const RingNode& n : nodes) ids << n.id;
  return ids;
}

int RingSnapshot::sideOf(const QString& id) const {
  if (partitions.empty()) return 0;
  if (partitions.front().sideA.contains(id)) return 1;
  if (partitions.front().sideB.contains(id)) return 2;
  return 0;
}

QStringList parseList(const std::string& value) {
  QString v = qs(value).trimmed();
  if (v.startsWith(QLatin1Char('['))) v.remove(0, 1);
  if (v.endsWith(QLatin1Char(']'))) v.chop(1);
  QStringList items = v.split(QStringLiteral(", "), Qt::SkipEmptyParts);
  for (QString& s : items) s = s.trimmed();
  return items;
}

RingSnapshot buildRing(const sim::GlobalState& state, std::vector<PartitionCut> partitions) {
  RingSnapshot snap;
  snap.partitions = std::move(partitions);
  std::map<QString, std::string> prefixes;
  std::map<RingKind, int> votes;
  for (const auto& [id, n] : state.nodes) {
    std::string prefix;
    const RingKind k = n.up ? kindOf(n, prefix) : RingKind::None;
    if (k != RingKind::None) {
      ++votes[k];
      prefixes[qs(id)] = prefix;
    }
  }
  for (const auto& [k, count] : votes) {
    if (snap.kind == RingKind::None || count > votes[snap.kind]) snap.kind = k;
  }
  if (snap.kind == RingKind::None) return snap;

  // Failure-detector verdicts and leavers, from every live node. A node is
  // suspected when most of the other reporting nodes have removed it (a
  // node cut off alone removes everyone else: that is not their fault).
  std::map<QString, int> removedBy;
  std::set<QString> leavers;
  std::map<QString, std::vector<GroupEntry>> reports;
  for (const auto& [id, p] : prefixes) {
    const sim::NodeState& n = state.nodes.at(id.toStdString());
    const std::string removed = snap.kind == RingKind::Cats ? p + "OneHop.removed" : p + "removed";
    for (const QString& s : parseList(n.get(removed))) ++removedBy[s];
    for (const QString& s : parseList(n.get(p + "leavers"))) leavers.insert(s);
    if (snap.kind == RingKind::Cats) {
      for (const QString& e : parseList(n.get(p + "groups"))) reports[id].push_back(parseGroup(e));
    }
  }

  for (const auto& [sid, n] : state.nodes) {
    const QString id = qs(sid);
    RingNode r;
    r.id = id;
    r.position = fallbackPosition(snap.kind, id);
    const auto pit = prefixes.find(id);
    if (!n.up || pit == prefixes.end()) {
      r.status = NodeStatus::Down;
      // A node up but not (yet) reporting this ring is still joining.
      if (n.up) r.status = NodeStatus::Joining;
      snap.nodes.push_back(r);
      continue;
    }
    const std::string& p = pit->second;
    switch (snap.kind) {
      case RingKind::Cats: {
        r.position = std::stoull(n.get(p + "ringId", std::to_string(r.position)));
        r.predecessor = qs(n.get(p + "predecessor"));
        r.successors = parseList(n.get(p + "successors"));
        for (const GroupEntry& g : reports[id]) {
          if (g.status == QStringLiteral("ready")) ++r.groups;
          if (g.status == QStringLiteral("joining")) ++r.groups, ++r.joiningGroups;
        }
        r.status = r.joiningGroups > 0 || r.groups == 0 ? NodeStatus::Joining : NodeStatus::Ready;
        if (n.get(p + "leaving") == "true" || leavers.count(id))
          r.status = r.groups == 0 ? NodeStatus::Left : NodeStatus::Leaving;
        break;
      }
      case RingKind::Chord: {
        r.position = std::stoull(n.get(p + "id", std::to_string(r.position)));
        const QString pred = qs(n.get(p + "predecessor"));
        r.predecessor = pred == QStringLiteral("nil") ? QString() : idOf(pred);
        for (const QString& s : parseList(n.get(p + "successors"))) r.successors << idOf(s);
        r.status = n.get(p + "joined") == "true" ? NodeStatus::Ready : NodeStatus::Joining;
        break;
      }
      case RingKind::OneHop: {
        // Pointers: the ring order of the members this node knows.
        std::vector<std::pair<std::uint64_t, QString>> known{{r.position, id}};
        for (const QString& m : parseList(n.get(p + "members"))) {
          const QString mid = m.section(QLatin1Char(' '), 0, 0);
          known.emplace_back(fallbackPosition(snap.kind, mid), mid);
        }
        std::sort(known.begin(), known.end());
        const auto me = std::find(known.begin(), known.end(), std::make_pair(r.position, id));
        const std::size_t i = static_cast<std::size_t>(me - known.begin());
        if (known.size() > 1) {
          r.predecessor = known[(i + known.size() - 1) % known.size()].second;
          for (std::size_t k = 1; k < known.size() && k <= 3; ++k)
            r.successors << known[(i + k) % known.size()].second;
        }
        r.status = NodeStatus::Ready;
        break;
      }
      case RingKind::None:
        break;
    }
    const int others = static_cast<int>(prefixes.size()) - 1;
    const auto votes = removedBy.find(id);
    if (votes != removedBy.end() && 2 * votes->second > others && r.status != NodeStatus::Leaving &&
        r.status != NodeStatus::Left)
      r.status = NodeStatus::Suspected;
    snap.nodes.push_back(r);
  }
  std::sort(snap.nodes.begin(), snap.nodes.end(), [](const RingNode& a, const RingNode& b) {
    return a.position != b.position ? a.position < b.position : a.id < b.id;
  });
  if (snap.kind == RingKind::Cats) {
    buildCatsGroups(snap, reports);
    for (GroupArc& g : snap.groups) {
      for (Replica& r : g.replicas) {
        const RingNode* n = snap.node(r.node);
        if (!n || n->status == NodeStatus::Down) r.status = QStringLiteral("down");
      }
    }
  }
  return snap;
}

}  // namespace catslab::ui::ring
