#include "ui/restart_check.h"

#include <QDateTime>
#include <QObject>
#include <QTimeZone>
#include <algorithm>

namespace catslab::ui {

namespace tr = ::catslab::trace;

namespace {

constexpr char kIncarnation[] = "incarnation";
constexpr char kMembershipSize[] = "membershipSize";

// The prefix of `key` if it is "<prefix>name" with an empty or dotted prefix.
std::optional<QString> prefixOf(const QString& key, const QString& name) {
  if (!key.endsWith(name)) return std::nullopt;
  const QString prefix = key.left(key.size() - name.size());
  if (!prefix.isEmpty() && !prefix.endsWith(QLatin1Char('.'))) return std::nullopt;
  return prefix;
}

QString wallTime(quint64 incarnation) {
  // An incarnation is the life's start on the wall clock, in ns since the
  // Unix epoch, plus one (protocols/onehop).
  return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>((incarnation - 1) / 1'000'000),
                                        QTimeZone::utc())
      .toString(QStringLiteral("yyyy-MM-dd hh:mm:ss.zzz 'UTC'"));
}

}  // namespace

std::optional<QString> RestartCheck::add(const tr::Record& record) {
  const QString id = QString::fromStdString(record.node());
  if (record.has_node_up()) {
    Node& n = nodes_[id];
    // The others keep the newest life they took, which is the newest of all
    // (a life they ignored was no newer); one that never reported changes nothing.
    for (auto it = n.incarnation.cbegin(); it != n.incarnation.cend(); ++it)
      n.newest[it.key()] = std::max(n.newest.value(it.key()), it.value());
    n.incarnation.clear();
    n.told = false;
    return std::nullopt;
  }
  if (!record.has_state()) return std::nullopt;
  Node& n = nodes_[id];
  for (const auto& e : record.state().entries()) {
    if (e.removed()) continue;
    const QString key = QString::fromStdString(e.key());
    if (auto p = prefixOf(key, QLatin1String(kMembershipSize))) n.oneHopPrefixes.insert(*p);
    if (auto p = prefixOf(key, QLatin1String(kIncarnation))) {
      bool ok = false;
      const quint64 v = QString::fromStdString(e.value()).toULongLong(&ok);
      if (ok) n.incarnation.insert(*p, v);
    }
  }
  if (n.told) return std::nullopt;
  for (auto it = n.incarnation.cbegin(); it != n.incarnation.cend(); ++it) {
    if (!n.oneHopPrefixes.contains(it.key()) || !n.newest.contains(it.key())) continue;
    const quint64 before = n.newest.value(it.key());
    if (it.value() > before) continue;
    n.told = true;
    return QObject::tr(
               "%1 is back but the other nodes will keep ignoring it, so it stays suspected: "
               "membership tells a node's lives apart by the wall-clock time each began, and "
               "this one began at %2, no later than an earlier life (%3) whose record the "
               "others keep: this machine's clock was set back. Restart %1 again once the "
               "clock is past %3, or stop and launch all nodes again.")
        .arg(id, wallTime(it.value()), wallTime(before));
  }
  return std::nullopt;
}

}  // namespace catslab::ui
