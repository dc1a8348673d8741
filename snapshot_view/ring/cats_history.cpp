#include "snapshot_view/ring/cats_history.h"

#include <QRegularExpression>
#include <algorithm>

namespace catslab::ui::ring {

namespace tr = ::catslab::trace;

namespace {

QStringList members(const QString& text) {
  return text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

// "partition [a, b] | [c]" or "partition [a] -/-> [b]".
std::optional<PartitionCut> parseCut(const QString& text) {
  static const QRegularExpression re(
      QStringLiteral(R"(^partition \[([^\]]*)\] (\||-/->) \[([^\]]*)\])"));
  const auto m = re.match(text);
  if (!m.hasMatch()) return std::nullopt;
  PartitionCut c;
  c.sideA = m.captured(1).split(QStringLiteral(", "), Qt::SkipEmptyParts);
  c.sideB = m.captured(3).split(QStringLiteral(", "), Qt::SkipEmptyParts);
  c.oneWay = m.captured(2) != QStringLiteral("|");
  return c;
}

}  // namespace

QString catsLogText(const tr::Record& record) {
  if (!record.has_log()) return {};
  const std::string& text = record.log().text();
  std::size_t at = 0;
  if (!text.empty() && text.front() == '/') {
    at = text.find(": ");
    if (at == std::string::npos) return {};
    at += 2;
  }
  if (text.compare(at, 5, "cats ") != 0) return {};
  return QString::fromStdString(text.substr(at));
}

void CatsHistory::clear() {
  events_.clear();
  cuts_.clear();
  genesisNode_.clear();
  genesisIndex_ = -1;
}

void CatsHistory::append(const tr::Record& record, int index) {
  if (!record.has_log()) return;
  const QString text = QString::fromStdString(record.log().text());
  if (record.node().empty() && record.log().level() == "sim") {
    if (text == QStringLiteral("heal")) {
      cuts_.push_back({index, std::nullopt});
    } else if (auto c = parseCut(text)) {
      cuts_.push_back({index, std::move(c)});
    }
    return;
  }
  const QString line = catsLogText(record);
  if (line.isEmpty()) return;
  if (line.startsWith(QStringLiteral("cats genesis")) && genesisIndex_ < 0) {
    genesisNode_ = QString::fromStdString(record.node());
    genesisNs_ = record.time_ns();
    genesisIndex_ = index;
    return;
  }
  static const QRegularExpression install(
      QStringLiteral(R"(^cats view slice=(\d+) installed v(\d+) \[([^\]]*)\] status=(\w+))"));
  static const QRegularExpression paxos(
      QStringLiteral(R"(^cats paxos slice=(\d+)(?: slot=v(\d+))? (.*)$)"));
  static const QRegularExpression prepare(
      QStringLiteral(R"(^prepare ballot (\S+) for v(\d+) \[([^\]]*)\])"));
  static const QRegularExpression accept(
      QStringLiteral(R"(^promised by majority, accept v(\d+) \[([^\]]*)\])"));
  static const QRegularExpression decided(QStringLiteral(R"(^decided v(\d+) \[([^\]]*)\])"));
  static const QRegularExpression ended(
      QStringLiteral(R"(^ballot (\S+) (timed out|pre-empted by .*)$)"));
  static const QRegularExpression handoff(QStringLiteral(
      R"(^cats handoff slice=(\d+) v(\d+) from (\S+): (\d+) keys, \d+ newer; (\d+) of (\d+) sources)"));

  Event e;
  e.kind = Kind::Install;
  e.index = index;
  e.timeNs = record.time_ns();
  e.node = QString::fromStdString(record.node());
  int slice = -1;
  if (const auto m = install.match(line); m.hasMatch()) {
    slice = m.captured(1).toInt();
    e.vid = m.captured(2).toULongLong();
    e.members = members(m.captured(3));
    e.text = m.captured(4);
  } else if (const auto m = handoff.match(line); m.hasMatch()) {
    slice = m.captured(1).toInt();
    e.kind = Kind::HandoffStep;
    e.vid = m.captured(2).toULongLong();
    e.text = m.captured(3);
    e.keys = m.captured(4).toInt();
    e.a = m.captured(5).toInt();
    e.b = m.captured(6).toInt();
  } else if (const auto m = paxos.match(line); m.hasMatch()) {
    slice = m.captured(1).toInt();
    const QString rest = m.captured(3);
    if (const auto p = prepare.match(rest); p.hasMatch()) {
      e.kind = Kind::Prepare;
      e.text = p.captured(1);
      e.vid = p.captured(2).toULongLong();
      e.members = members(p.captured(3));
    } else if (const auto a = accept.match(rest); a.hasMatch()) {
      e.kind = Kind::Accept;
      e.vid = a.captured(1).toULongLong();
      e.members = members(a.captured(2));
    } else if (const auto d = decided.match(rest); d.hasMatch()) {
      e.kind = Kind::Decided;
      e.vid = d.captured(1).toULongLong();
      e.members = members(d.captured(2));
    } else if (const auto x = ended.match(rest); x.hasMatch()) {
      e.kind = Kind::Ended;
      e.text = x.captured(1);
    } else {
      return;
    }
  } else {
    return;
  }
  events_[slice].push_back(std::move(e));
}

std::vector<int> CatsHistory::slices(int upTo) const {
  std::vector<int> out;
  for (const auto& [slice, list] : events_) {
    if (!list.empty() && list.front().index <= upTo) out.push_back(slice);
  }
  return out;
}

std::vector<ViewStep> CatsHistory::views(int slice, int upTo) const {
  std::map<std::uint64_t, ViewStep> byVid;
  std::map<QString, QString> ballotOf;  // proposer -> its newest ballot
  const auto it = events_.find(slice);
  if (it == events_.end()) return {};
  for (const Event& e : it->second) {
    if (e.index > upTo) break;
    switch (e.kind) {
      case Kind::Prepare:
        ballotOf[e.node] = e.text;
        break;
      case Kind::Decided: {
        ViewStep& v = byVid[e.vid];
        v.vid = e.vid;
        if (v.decidedNs < 0) {
          v.members = e.members;
          v.proposer = e.node;
          v.ballot = ballotOf[e.node];
          v.decidedNs = e.timeNs;
        }
        break;
      }
      case Kind::Install: {
        ViewStep& v = byVid[e.vid];
        v.vid = e.vid;
        if (v.members.isEmpty()) v.members = e.members;
        v.installs.push_back({e.node, e.text, e.timeNs});
        break;
      }
      default:
        break;
    }
  }
  if (genesisIndex_ >= 0 && genesisIndex_ <= upTo && !byVid.count(1)) {
    ViewStep& v = byVid[1];
    v.vid = 1;
    v.members = QStringList{genesisNode_};
    v.proposer = genesisNode_;
    v.ballot = QStringLiteral("genesis");
    v.decidedNs = genesisNs_;
    v.installs.push_back({genesisNode_, QStringLiteral("ready"), genesisNs_});
  }
  std::vector<ViewStep> out;
  for (auto& [vid, v] : byVid) out.push_back(std::move(v));
  return out;
}

std::optional<PaxosRound> CatsHistory::roundInProgress(int slice, int upTo) const {
  const auto it = events_.find(slice);
  if (it == events_.end()) return std::nullopt;
  std::optional<PaxosRound> round;
  std::uint64_t newestView = 0;
  for (const Event& e : it->second) {
    if (e.index > upTo) break;
    switch (e.kind) {
      case Kind::Prepare:
        round = PaxosRound{e.vid, e.node, e.text, QStringLiteral("prepare"), e.members, e.timeNs};
        break;
      case Kind::Accept:
        if (round && round->proposer == e.node && round->vid == e.vid) {
          round->phase = QStringLiteral("accept");
          round->proposal = e.members;
        }
        break;
      case Kind::Ended:
        if (round && round->ballot == e.text) round.reset();
        break;
      case Kind::Decided:
      case Kind::Install:
        newestView = std::max(newestView, e.vid);
        break;
      default:
        break;
    }
    if (round && round->vid <= newestView) round.reset();
  }
  return round;
}

std::vector<Handoff> CatsHistory::handoffs(int slice, int upTo) const {
  const auto it = events_.find(slice);
  if (it == events_.end()) return {};
  std::map<QString, Handoff> byJoiner;
  for (const Event& e : it->second) {
    if (e.index > upTo) break;
    if (e.kind == Kind::Install && e.text == QStringLiteral("joining")) {
      byJoiner[e.node] = Handoff{e.node, e.vid, 0, 0, 0, {}};
    } else if (e.kind == Kind::Install) {
      byJoiner.erase(e.node);  // ready (or left) in a newer view: no handoff pending
    } else if (e.kind == Kind::HandoffStep) {
      Handoff& h = byJoiner[e.node];
      if (h.vid != e.vid) h = Handoff{e.node, e.vid, 0, 0, 0, {}};
      h.received = e.a;
      h.needed = e.b;
      h.keys += e.keys;
      h.from << e.text;
    }
  }
  std::vector<Handoff> out;
  for (auto& [joiner, h] : byJoiner) out.push_back(std::move(h));
  return out;
}

std::vector<PartitionCut> CatsHistory::partitions(int upTo) const {
  std::vector<PartitionCut> out;
  for (const Cut& c : cuts_) {
    if (c.index > upTo) break;
    if (c.cut) {
      out.push_back(*c.cut);
    } else {
      out.clear();
    }
  }
  return out;
}

int CatsHistory::decisionIndex(int slice, std::uint64_t vid) const {
  const auto it = events_.find(slice);
  if (it == events_.end()) return -1;
  for (const Event& e : it->second) {
    if (e.kind == Kind::Decided && e.vid == vid) return e.index;
  }
  return -1;
}

}  // namespace catslab::ui::ring
