// Test support for the CATS integration tests: a cluster of real
// catslab-node processes running the `cats` stack on loopback, each with a
// LevelDB data directory (store=leveldb) and a RESP port, all inside one
// temporary directory. Nodes are started and killed one by one; the
// destructor kills what still runs before the directory is removed.
//
// Console helpers send commands on a node's stdin and wait for the answer
// lines (never a sleep: every wait is on output with a deadline). Used only
// from the test thread.
#pragma once

#include <map>
#include <memory>
#include <set>

#include "node_process.h"

namespace catslab::testing {

class CatsCluster {
 public:
  // `size` nodes n1..n<size> in the topology, n1 the bootstrap node; every
  // node gets `params` on top of replication 3, LevelDB and its own ports.
  explicit CatsCluster(int size, const std::map<QString, QString>& params = {}) {
    QJsonArray nodes;
    for (int i = 1; i <= size; ++i) {
      const QString id = QStringLiteral("n%1").arg(i);
      ids_ << id;
      respPorts_[id] = freePort();
      QJsonObject p{{QStringLiteral("replication"), QStringLiteral("3")},
                    {QStringLiteral("store"), QStringLiteral("leveldb")},
                    {QStringLiteral("data_dir"), dataDir(id)},
                    {QStringLiteral("resp_port"), QString::number(respPorts_[id])}};
      for (const auto& [k, v] : params) p.insert(k, v);
      nodes << QJsonObject{{QStringLiteral("id"), id},
                           {QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                           {QStringLiteral("port"), int(freePort())},
                           {QStringLiteral("stack"), QStringLiteral("cats")},
                           {QStringLiteral("params"), p}};
    }
    const QJsonObject topo{{QStringLiteral("name"), QStringLiteral("cats-integration")},
                           {QStringLiteral("nodes"), nodes},
                           {QStringLiteral("bootstrap"), QStringLiteral("n1")}};
    topology_ = dir_.filePath(QStringLiteral("topology.json"));
    QFile out(topology_);
    if (out.open(QIODevice::WriteOnly)) out.write(QJsonDocument(topo).toJson());
  }
  ~CatsCluster() {
    for (auto& [id, p] : procs_) {
      if (p->process().state() != QProcess::NotRunning) p->signal(SIGKILL);
      p->waitForExit(5000);
    }
  }

  const QStringList& ids() const { return ids_; }
  QString topology() const { return topology_; }
  QString dataDir(const QString& id) const { return dir_.filePath(QStringLiteral("data-") + id); }
  quint16 respPort(const QString& id) const { return respPorts_.at(id); }
  NodeProcess& node(const QString& id) { return *procs_.at(id); }
  bool running(const QString& id) const {
    auto it = procs_.find(id);
    return it != procs_.end() && it->second->process().state() != QProcess::NotRunning;
  }
  std::set<QString> up() const {
    std::set<QString> out;
    for (const auto& id : ids_) {
      if (running(id)) out.insert(id);
    }
    return out;
  }

  // Starts the nodes (all at once, then waits for each ready line).
  bool start(const QStringList& which) {
    for (const auto& id : which) {
      procs_[id] = std::make_unique<NodeProcess>();
      procs_[id]->start({QStringLiteral("--topology"), topology_, QStringLiteral("--node"), id});
    }
    for (const auto& id : which) {
      if (procs_[id]->waitForLine(QStringLiteral("^ready %1 ").arg(id), 15000) < 0) {
        qWarning("%s did not start: %s", qPrintable(id), qPrintable(procs_[id]->allErr()));
        return false;
      }
    }
    return true;
  }
  // SIGKILL: no shutdown, no flush; what is on disk is all that survives.
  bool kill(const QString& id) {
    node(id).signal(SIGKILL);
    return node(id).waitForExit(5000) == -1 && node(id).process().state() == QProcess::NotRunning;
  }

  // Sends `command` to `id` and returns the first answer line matching
  // `answer` (a regular expression), or an empty string after the timeout.
  QString ask(const QString& id, const QString& command, const QString& answer,
              int timeoutMs = 10000) {
    NodeProcess& p = node(id);
    const int from = int(p.lines().size());
    p.send(command);
    const int at = p.waitForLine(answer, timeoutMs, from);
    return at < 0 ? QString() : p.lines()[at];
  }

  // Runs put/get/del commands on `id`'s console, at most `window` at a time
  // (each key at most once per call), and returns key -> answer line
  // ("put k: ok (...)", "get k = v (...)", "error: put k: unavailable: ...");
  // keys without an answer before the timeout are missing.
  std::map<QString, QString> runOps(const QString& id, const QStringList& commands, int window,
                                    int timeoutMs) {
    static const QRegularExpression answer(
        QStringLiteral("^(?:error: )?(?:put|get|del) (\\S+)(?::| = )"));
    NodeProcess& p = node(id);
    std::map<QString, QString> out;
    int next = 0, scanned = int(p.lines().size()), outstanding = 0;
    const QDeadlineTimer deadline = catslab::testing::deadlineIn(timeoutMs);
    while (int(out.size()) < commands.size() && !deadline.hasExpired()) {
      for (; next < commands.size() && outstanding < window; ++next, ++outstanding) {
        p.send(commands[next]);
      }
      const int at = p.waitForLineBefore(answer.pattern(), deadline, scanned);
      if (at < 0) break;
      for (; scanned <= at || scanned < int(p.lines().size()); ++scanned) {
        const auto m = answer.match(p.lines()[scanned]);
        if (m.hasMatch() && !out.count(m.captured(1))) {
          out[m.captured(1)] = p.lines()[scanned];
          --outstanding;
        }
      }
    }
    return out;
  }

  // One line per group the node is in: slice -> "vN [a b c] ready".
  std::map<int, QString> views(const QString& id) {
    std::map<int, QString> out;
    NodeProcess& p = node(id);
    const int from = int(p.lines().size());
    p.send(QStringLiteral("views"));
    QRegularExpressionMatch m;
    const int head = p.waitForLine(QStringLiteral("^member of (\\d+) groups"), 5000, from, &m);
    if (head < 0) return out;
    const int n = m.captured(1).toInt();
    const QRegularExpression group(
        QStringLiteral("^  group (\\d+): (v\\d+ \\[[^\\]]*\\]) (\\w+),"));
    for (int i = head + 1, seen = 0; seen < n; ++i) {
      if (p.waitForLine(QStringLiteral("."), 5000, i) < 0) return {};
      const auto g = group.match(p.lines()[i]);
      if (!g.hasMatch()) continue;  // an unrelated answer in between
      out[g.captured(1).toInt()] = g.captured(2) + QLatin1Char(' ') + g.captured(3);
      ++seen;
    }
    return out;
  }

  // Polls `views` on `members` (default: the running nodes) until every
  // group has min(3, members) members, each of them READY in the same view,
  // and every member is in some group: the groups have formed on this ring. Returns the last
  // mismatch on timeout, empty once settled.
  QString waitSettled(int timeoutMs, std::set<QString> members = {}) {
    if (members.empty()) members = up();
    const std::size_t r = std::min<std::size_t>(3, members.size());
    const QDeadlineTimer deadline = deadlineIn(timeoutMs);
    QString why;
    while (true) {
      std::map<int, std::map<QString, QStringList>> byGroup;  // slice -> view -> who is in it
      for (const auto& id : members) {
        for (const auto& [slice, v] : views(id)) byGroup[slice][v] << id;
      }
      why.clear();
      for (const auto& [slice, seen] : byGroup) {
        bool ok = seen.size() == 1 && seen.begin()->first.endsWith(QStringLiteral(" ready"));
        if (ok) {
          const QString& v = seen.begin()->first;
          const QStringList inView =
              v.mid(v.indexOf(QLatin1Char('[')) + 1,
                    v.indexOf(QLatin1Char(']')) - v.indexOf(QLatin1Char('[')) - 1)
                  .split(QLatin1Char(' '), Qt::SkipEmptyParts);
          QStringList holders = seen.begin()->second;
          QStringList sorted = inView;
          sorted.sort();
          holders.sort();
          ok = std::size_t(inView.size()) == r && sorted == holders;
        }
        if (!ok) {
          why = QStringLiteral("group %1:").arg(slice);
          for (const auto& [v, who] : seen)
            why += QStringLiteral(" %1 at %2;").arg(v, who.join(QLatin1Char(',')));
          break;
        }
      }
      if (why.isEmpty()) {  // with 32 slices every node of a small ring is in some group
        std::set<QString> inSome;
        for (const auto& [slice, seen] : byGroup) {
          for (const auto& [v, who] : seen) inSome.insert(who.begin(), who.end());
        }
        for (const auto& id : members) {
          if (!inSome.count(id)) why = id + QStringLiteral(" is in no group");
        }
      }
      if (why.isEmpty()) return {};
      if (deadline.hasExpired()) return why;
      QTest::qWait(200);  // the next poll; views change on their own schedule
    }
  }

 private:
  QTemporaryDir dir_;
  QString topology_;
  QStringList ids_;
  std::map<QString, quint16> respPorts_;
  std::map<QString, std::unique_ptr<NodeProcess>> procs_;
};

}  // namespace catslab::testing
