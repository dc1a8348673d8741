// Test support: catslab-node processes on loopback. A NodeProcess starts the
// real binary, collects its stdout/stderr lines and waits for them (on
// conditions, with generous timeouts). makeTopology() copies a bundled
// topology with free ports. Used only from the test thread.
#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <csignal>

#include "tests/free_port.h"
#include "tests/timeouts.h"

namespace catslab::testing {

inline QString binDir() { return qEnvironmentVariable("CATSLAB_BIN_DIR"); }
inline QString sourceDir() { return qEnvironmentVariable("CATSLAB_SOURCE_DIR"); }
inline QString nodeBinary() { return binDir() + QStringLiteral("/catslab-node"); }

// The tests need the source tree (bundled topologies) and the built node;
// ctest sets both variables (cmake/CatslabTest.cmake).
inline bool haveEnvironment() {
  return QFile::exists(sourceDir() + QStringLiteral("/resources/topologies/ping3.json")) &&
         QFile::exists(nodeBinary());
}

// Writes resources/topologies/<name> into `dir` with every node on a free port.
inline QString makeTopology(const QTemporaryDir& dir, const QString& name) {
  QFile in(sourceDir() + QStringLiteral("/resources/topologies/") + name);
  if (!in.open(QIODevice::ReadOnly)) return {};
  QJsonObject topo = QJsonDocument::fromJson(in.readAll()).object();
  QJsonArray nodes = topo.value(QStringLiteral("nodes")).toArray();
  for (int i = 0; i < nodes.size(); ++i) {
    QJsonObject n = nodes[i].toObject();
    n.insert(QStringLiteral("port"), int(freePort()));
    nodes[i] = n;
  }
  topo.insert(QStringLiteral("nodes"), nodes);
  const QString path = dir.filePath(name);
  QFile out(path);
  if (!out.open(QIODevice::WriteOnly)) return {};
  out.write(QJsonDocument(topo).toJson());
  return path;
}

inline quint16 portOf(const QString& topologyPath, const QString& id) {
  QFile in(topologyPath);
  if (!in.open(QIODevice::ReadOnly)) return 0;
  const auto nodes =
      QJsonDocument::fromJson(in.readAll()).object().value(QStringLiteral("nodes")).toArray();
  for (const auto& n : nodes) {
    if (n.toObject().value(QStringLiteral("id")).toString() == id) {
      return quint16(n.toObject().value(QStringLiteral("port")).toInt());
    }
  }
  return 0;
}

class NodeProcess {
 public:
  NodeProcess() {
    QObject::connect(&proc_, &QProcess::readyReadStandardOutput, [this] {
      out_ += QString::fromUtf8(proc_.readAllStandardOutput());
      split(out_, lines_);
    });
    QObject::connect(&proc_, &QProcess::readyReadStandardError, [this] {
      err_ += QString::fromUtf8(proc_.readAllStandardError());
      split(err_, errLines_);
    });
  }
  ~NodeProcess() {
    if (proc_.state() != QProcess::NotRunning) {
      proc_.kill();
      proc_.waitForFinished(catslab::testing::scaledMs(5000));
    }
  }

  void start(const QStringList& args) {
    lines_.clear();
    errLines_.clear();
    proc_.start(nodeBinary(), args);
  }
  // Starts a node and waits for its ready line.
  bool startNode(const QString& topology, const QString& id, const QStringList& extra = {}) {
    start(QStringList{QStringLiteral("--topology"), topology, QStringLiteral("--node"), id} +
          extra);
    if (waitForLine(QStringLiteral("^ready %1 ").arg(id), 10000) >= 0) return true;
    qWarning("%s did not print ready; its stderr:\n%s", qPrintable(id), qPrintable(allErr()));
    return false;
  }
  void send(const QString& line) { proc_.write((line + QLatin1Char('\n')).toUtf8()); }

  // Index of the first stdout line from `from` on that matches, or -1 after
  // the timeout (a quiet machine's, scaled: tests/timeouts.h).
  int waitForLine(const QString& pattern, int timeoutMs, int from = 0,
                  QRegularExpressionMatch* match = nullptr) {
    return waitForLineBefore(pattern, catslab::testing::deadlineIn(timeoutMs), from, match);
  }
  // The same, until a deadline the caller already scaled.
  int waitForLineBefore(const QString& pattern, QDeadlineTimer deadline, int from = 0,
                        QRegularExpressionMatch* match = nullptr) {
    const QRegularExpression re(pattern);
    while (true) {
      for (int i = from; i < lines_.size(); ++i) {
        auto m = re.match(lines_[i]);
        if (m.hasMatch()) {
          if (match) *match = m;
          return i;
        }
      }
      if (deadline.hasExpired() || proc_.state() == QProcess::NotRunning) return -1;
      proc_.waitForReadyRead(50);
      QCoreApplication::processEvents();
    }
  }
  int countLines(const QString& pattern, int from = 0) const {
    const QRegularExpression re(pattern);
    int n = 0;
    for (int i = from; i < lines_.size(); ++i) n += re.match(lines_[i]).hasMatch() ? 1 : 0;
    return n;
  }
  int countErrLines(const QString& pattern) {
    proc_.waitForReadyRead(0);
    QCoreApplication::processEvents();
    const QRegularExpression re(pattern);
    int n = 0;
    for (const auto& l : errLines_) n += re.match(l).hasMatch() ? 1 : 0;
    return n;
  }
  // Waits for exit (the timeout is scaled); returns the exit code, or -1 on
  // timeout or crash.
  int waitForExit(int timeoutMs = 10000) {
    if (!proc_.waitForFinished(catslab::testing::scaledMs(timeoutMs))) return -1;
    return proc_.exitStatus() == QProcess::NormalExit ? proc_.exitCode() : -1;
  }
  void signal(int sig) { ::kill(pid_t(proc_.processId()), sig); }
  void closeStdin() { proc_.closeWriteChannel(); }
  const QStringList& lines() const { return lines_; }
  QString allErr() const { return err_ + errLines_.join(QLatin1Char('\n')); }
  QProcess& process() { return proc_; }

 private:
  static void split(QString& buffer, QStringList& into) {
    int nl;
    while ((nl = buffer.indexOf(QLatin1Char('\n'))) >= 0) {
      into << buffer.left(nl);
      buffer.remove(0, nl + 1);
    }
  }
  QProcess proc_;
  QString out_, err_;
  QStringList lines_, errLines_;
};

}  // namespace catslab::testing
