#include "ui/process_backend.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <algorithm>

#include "runtime/net/link_command.h"
#include "runtime/proto/trace.pb.h"
#include "runtime/sim/trace_file.h"
#include "runtime/topology.h"
#include "snapshot_view/run_store.h"
#include "ui/workload/refused_request.h"
#include "ui/workload/timer_streams.h"

namespace catslab::ui {

namespace tr = ::catslab::trace;

ProcessBackend::ProcessBackend(RunStore* store, QObject* parent) : Backend(parent), store_(store) {
  // Nodes stream thousands of records a second: the store (and every view
  // behind it) takes them in batches, a few times a second, not one by one.
  flush_ = new QTimer(this);
  flush_->setSingleShot(true);
  flush_->setInterval(kFlushMs);
  connect(flush_, &QTimer::timeout, this, &ProcessBackend::flushRecords);
  streams_ = new workload::TimerStreams(
      [this](const QString& node, const QString& line) {
        // A request to a node that is down fails at once, as a client would
        // see it; the node cannot say so, so the backend logs it.
        if (isNodeRunning(node))
          write(node, line);
        else
          addRecord(workload::refusedRequest("workload", node.toStdString()));
      },
      this);
  connect(streams_, &workload::TimerStreams::changed, this, &Backend::streamsChanged);
}

ProcessBackend::~ProcessBackend() {
  // Kill rather than wait: the app is going away.
  for (auto& node : std::as_const(nodes_)) {
    if (node->process && node->process->state() != QProcess::NotRunning) {
      node->process->disconnect(this);
      node->process->kill();
      node->process->waitForFinished(2000);
    }
  }
}

QString ProcessBackend::nodeProgram() {
  const QString name = QStringLiteral("catslab-node");
  const QString env = qEnvironmentVariable("CATSLAB_BIN_DIR");
  if (!env.isEmpty() && QFileInfo::exists(env + QLatin1Char('/') + name))
    return env + QLatin1Char('/') + name;
  const QString local = QCoreApplication::applicationDirPath() + QLatin1Char('/') + name;
  if (QFileInfo::exists(local)) return local;
  return QStandardPaths::findExecutable(name);
}

quint16 ProcessBackend::monitorPort() const { return server_ ? server_->serverPort() : 0; }

bool ProcessBackend::isNodeRunning(const QString& node) const {
  const auto n = nodes_.value(node);
  return n && n->process && n->process->state() != QProcess::NotRunning;
}

std::optional<QString> ProcessBackend::launch(const topology::Topology& topology) {
  if (running_) return tr("nodes are already running; stop them first");
  const QString program = nodeProgram();
  if (program.isEmpty())
    return tr("catslab-node was not found (looked in $CATSLAB_BIN_DIR, next to catslab, and PATH)");
  if (topology.nodes_size() == 0) return tr("the topology has no nodes");
  if (auto s = runtime::validateTopology(topology, "topology"); !s)
    return QString::fromStdString(s.error());

  dir_ = std::make_unique<QTemporaryDir>();
  if (!dir_->isValid()) return tr("cannot create a temporary folder: %1").arg(dir_->errorString());
  topologyPath_ = dir_->filePath(QStringLiteral("topology.json"));
  if (auto s =
          runtime::saveTopology(withDataDirs(topology, dir_->path()), topologyPath_.toStdString());
      !s)
    return QString::fromStdString(s.error());

  server_ = new QTcpServer(this);
  if (!server_->listen(QHostAddress::LocalHost, 0))
    return tr("cannot open the monitor socket: %1").arg(server_->errorString());
  connect(server_, &QTcpServer::newConnection, this, &ProcessBackend::onMonitorConnection);

  pending_.clear();
  store_->clear(tr("local processes"));
  nodes_.clear();
  recorded_.clear();
  partitioned_.clear();
  downByHand_.clear();
  downInFile_.clear();
  models_.clear();
  // A link the file marks down starts down in every process that reads it:
  // the backend holds it down as if by hand, until the user brings it up.
  // Only the drawn links can be down, unless the default link is.
  auto markIfDown = [&](const std::string& from, const std::string& to) {
    if (from == to || !runtime::linkModel(topology, from, to).down()) return;
    const Direction d{QString::fromStdString(from), QString::fromStdString(to)};
    downInFile_.insert(d);
    downByHand_.insert(d);
  };
  if (topology.default_link().down()) {
    for (const topology::Node& from : topology.nodes()) {
      for (const topology::Node& to : topology.nodes()) markIfDown(from.id(), to.id());
    }
  } else {
    for (const topology::Link& l : topology.links()) {
      markIfDown(l.a(), l.b());
      markIfDown(l.b(), l.a());
    }
  }
  restarts_.clear();
  seq_ = 0;
  clock_.start();
  tr::Record header;
  header.mutable_header()->set_format(sim::kTraceFormat);
  header.mutable_header()->set_scenario(topology.name());
  header.mutable_header()->set_profile("production");
  addRecord(header);
  flushRecords();

  running_ = true;
  for (const topology::Node& n : topology.nodes()) {
    auto node = std::make_shared<Node>();
    node->id = QString::fromStdString(n.id());
    for (const topology::ScriptStep& s : n.script())
      node->script.append({s.at_ms(), QString::fromStdString(s.command())});
    nodes_.insert(node->id, node);
    spawn(*node);
  }
  emit runStarted();
  emit statusChanged(tr("Launching %n node process(es)…", "", topology.nodes_size()));
  return std::nullopt;
}

topology::Topology ProcessBackend::withDataDirs(topology::Topology topology,
                                                const QString& folder) {
  for (topology::Node& n : *topology.mutable_nodes()) {
    auto& params = *n.mutable_params();
    if (n.stack() != "cats" || params.contains("store")) continue;
    params["store"] = "leveldb";
    params["data_dir"] =
        QDir(folder)
            .filePath(QStringLiteral("data-%1").arg(QString::fromStdString(n.id())))
            .toStdString();
  }
  return topology;
}

void ProcessBackend::spawn(Node& node) {
  node.process = std::make_unique<QProcess>();
  node.stdoutBuffer.clear();
  node.stderrBuffer.clear();
  node.killedByUser = false;
  QProcess* p = node.process.get();
  Node* raw = &node;
  connect(p, &QProcess::readyReadStandardOutput, this, [this, raw] { onStdout(*raw, false); });
  connect(p, &QProcess::readyReadStandardError, this, [this, raw] { onStdout(*raw, true); });
  connect(p, &QProcess::finished, this,
          [this, raw](int code, QProcess::ExitStatus status) { onFinished(*raw, code, status); });
  connect(p, &QProcess::errorOccurred, this, [this, raw](QProcess::ProcessError e) {
    if (e == QProcess::FailedToStart) {
      emit consoleOutput(raw->id, tr("failed to start: %1").arg(raw->process->errorString()), true);
    }
  });
  // The monitor socket is plain TCP on loopback: a node with TLS files
  // would otherwise speak TLS to it (docs/deploy.md "TLS to the monitor").
  p->start(nodeProgram(), {QStringLiteral("--topology"), topologyPath_, QStringLiteral("--node"),
                           node.id, QStringLiteral("--monitor"),
                           QStringLiteral("127.0.0.1:") + QString::number(server_->serverPort()),
                           QStringLiteral("--monitor-tls"), QStringLiteral("off")});
  emit consoleOutput(node.id, tr("$ catslab-node --topology … --node %1").arg(node.id), false);
  restoreLinks(node.id);
}

void ProcessBackend::restoreLinks(const QString& node) {
  QSet<QString> peers;
  for (const QSet<Direction>* set : {&partitioned_, &downByHand_, &downInFile_})
    for (const Direction& d : *set)
      if (d.first == node) peers.insert(d.second);
  for (const Direction& d : models_.keys())
    if (d.first == node) peers.insert(d.second);
  QStringList sorted(peers.cbegin(), peers.cend());
  sorted.sort();
  for (const QString& peer : std::as_const(sorted)) {
    if (const auto model = models_.constFind({node, peer}); model != models_.cend())
      write(node, linkModelCommand(peer, *model));
    // A new process has the file's `down` (a model does not change it).
    if (const bool cut = isLinkCut(node, peer); cut != downInFile_.contains({node, peer}))
      write(node, QStringLiteral("link %1 %2")
                      .arg(peer, cut ? QStringLiteral("down") : QStringLiteral("up")));
  }
}

void ProcessBackend::onStdout(Node& node, bool error) {
  QByteArray& buffer = error ? node.stderrBuffer : node.stdoutBuffer;
  buffer += error ? node.process->readAllStandardError() : node.process->readAllStandardOutput();
  qsizetype nl;
  while ((nl = buffer.indexOf('\n')) >= 0) {
    const QString line = QString::fromUtf8(buffer.left(nl));
    buffer.remove(0, nl + 1);
    emit consoleOutput(node.id, line, isErrorLine(line, error));
    if (!error && line.startsWith(QStringLiteral("ready "))) {
      emit nodeReady(node.id, line.section(QLatin1Char(' '), 2));
      emit statusChanged(tr("%1 is ready at %2").arg(node.id, line.section(QLatin1Char(' '), 2)));
      // The node runs its own script; show each request as it is sent.
      const QString id = node.id;
      for (const auto& [at, command] : std::as_const(node.script)) {
        QTimer::singleShot(static_cast<int>(at), this, [this, id, command] {
          if (isNodeRunning(id)) emit commandSent(id, command, true);
        });
      }
    }
  }
}

bool ProcessBackend::isErrorLine(const QString& line, bool fromStderr) {
  if (!fromStderr) return line.startsWith(QStringLiteral("error"));
  // The node's log lines ("[info] n1 /: seed 7") go to stderr whatever
  // their level; only warnings and errors are trouble. Anything else there
  // (a usage error, a sanitizer's report) is.
  return !line.startsWith(QStringLiteral("[info] ")) &&
         !line.startsWith(QStringLiteral("[debug] "));
}

void ProcessBackend::onFinished(Node& node, int exitCode, QProcess::ExitStatus status) {
  onStdout(node, false);
  onStdout(node, true);
  const bool crashed = status == QProcess::CrashExit || exitCode != 0;
  const QString text = status == QProcess::CrashExit
                           ? (node.killedByUser ? tr("killed (crash)") : tr("crashed"))
                           : tr("exited with code %1").arg(exitCode);
  tr::Record down;
  down.set_node(node.id.toStdString());
  down.mutable_node_down()->set_crashed(crashed);
  down.mutable_node_down()->set_reason(text.toStdString());
  addRecord(down);
  flushRecords();  // the store knows before anyone hears of it
  emit nodeExited(node.id, text);
  emit statusChanged(tr("%1 %2").arg(node.id, text));
  if (node.restartWhenDown) {
    node.restartWhenDown = false;
    spawn(node);
    return;
  }
  bool any = false;
  for (const auto& n : std::as_const(nodes_))
    any |= n->process && n->process->state() != QProcess::NotRunning;
  if (!any && running_) allStopped();
}

void ProcessBackend::allStopped() {
  flushRecords();
  running_ = false;
  streams_->stopAll();
  emit runFinished(tr("all node processes ended"));
}

void ProcessBackend::onMonitorConnection() {
  while (QTcpSocket* s = server_->nextPendingConnection()) {
    buffers_.insert(s, {});
    connect(s, &QTcpSocket::readyRead, this, [this, s] { onMonitorData(s); });
    connect(s, &QTcpSocket::disconnected, this, [this, s] {
      buffers_.remove(s);
      s->deleteLater();
    });
  }
}

void ProcessBackend::onMonitorData(QTcpSocket* socket) {
  QByteArray& buffer = buffers_[socket];
  buffer += socket->readAll();
  std::size_t offset = 0;
  while (offset < static_cast<std::size_t>(buffer.size())) {
    tr::Record r;
    auto used = sim::decodeRecord(buffer.constData(), buffer.size(), offset, r);
    if (!used) {
      // Garbage on the monitor socket: drop that connection, keep the node.
      emit statusChanged(tr("monitor stream broken: %1").arg(QString::fromStdString(used.error())));
      socket->abort();
      return;
    }
    if (*used == 0) break;  // partial record; wait for more bytes
    offset += *used;
    if (r.has_header()) continue;  // one header per node stream; the run has its own
    if (auto why = restarts_.add(r)) {
      const QString node = QString::fromStdString(r.node());
      emit consoleOutput(node, *why, true);
      emit statusChanged(
          tr("%1 will stay suspected: the other nodes ignore its new life (its console says why)")
              .arg(node));
    }
    addRecord(std::move(r));
  }
  buffer.remove(0, static_cast<qsizetype>(offset));
}

void ProcessBackend::addRecord(tr::Record record) {
  record.set_seq(seq_++);
  record.set_time_ns(elapsedNs());
  pending_.push_back(std::move(record));
  if (!flush_->isActive()) flush_->start();
}

void ProcessBackend::flushRecords() {
  flush_->stop();
  if (pending_.empty()) return;
  std::vector<tr::Record> batch;
  batch.swap(pending_);
  store_->append(std::move(batch));
}

void ProcessBackend::stop() {
  if (!running_) return;
  streams_->stopAll();
  for (const auto& node : std::as_const(nodes_)) {
    if (!node->process || node->process->state() == QProcess::NotRunning) continue;
    node->restartWhenDown = false;
    node->process->closeWriteChannel();  // EOF on stdin: the node shuts down cleanly
    QProcess* p = node->process.get();
    QTimer::singleShot(3000, p, [p] {
      if (p->state() != QProcess::NotRunning) p->kill();
    });
  }
  emit statusChanged(tr("Stopping node processes…"));
}

void ProcessBackend::sendCommand(const QString& node, const QString& line) {
  if (!isNodeRunning(node)) {
    emit consoleOutput(
        node, tr("%1 is not running; start it from the canvas (right-click)").arg(node), true);
    return;
  }
  write(node, line);
  record({.op = QStringLiteral("request"), .params = {node, line}});
}

void ProcessBackend::write(const QString& node, const QString& line) {
  if (!isNodeRunning(node)) return;
  emit commandSent(node, line, false);
  nodes_.value(node)->process->write(line.toUtf8() + '\n');
}

void ProcessBackend::record(RecordedAction action) {
  action.timeNs = elapsedNs();
  action.process = QStringLiteral("gui-%1").arg(recorded_.size() + 1);
  recorded_.push_back(action);
  emit actionRecorded(action.describe());
  // A console request answers in its console; the status bar is for the rest.
  if (action.op != QStringLiteral("request"))
    emit statusChanged(tr("Done and recorded: %1").arg(action.describe()));
}

void ProcessBackend::startNode(const QString& node) {
  const auto n = nodes_.value(node);
  if (!n || isNodeRunning(node) || !server_) return;
  running_ = true;
  spawn(*n);
  record({.op = QStringLiteral("start"), .params = {node}});
}

void ProcessBackend::killNode(const QString& node) {
  const auto n = nodes_.value(node);
  if (!n || !isNodeRunning(node)) return;
  n->killedByUser = true;
  n->process->kill();  // SIGKILL: a crash, not an orderly stop
  record({.op = QStringLiteral("kill"), .params = {node}});
}

void ProcessBackend::restartNode(const QString& node) {
  const auto n = nodes_.value(node);
  if (!n || !server_) return;
  if (isNodeRunning(node)) {
    n->restartWhenDown = true;  // onFinished spawns it again
    n->killedByUser = true;
    n->process->kill();
  } else {
    running_ = true;
    spawn(*n);
  }
  record({.op = QStringLiteral("restart"), .params = {node}});
}

std::optional<QString> ProcessBackend::linkChangeRefused(const QString& a, const QString& b) const {
  if (!server_) return tr("Nothing is running: press Launch locally first.");
  for (const QString& id : {a, b})
    if (!nodes_.contains(id)) return tr("Not done: no node '%1'").arg(id);
  return std::nullopt;
}

void ProcessBackend::setDownByHand(const Direction& d, bool down) {
  if (down)
    downByHand_.insert(d);
  else
    downByHand_.remove(d);
}

void ProcessBackend::setLinkDown(const QString& a, const QString& b, bool down) {
  if (auto refused = linkChangeRefused(a, b)) return emit statusChanged(*refused);
  // Each node emulates its own outgoing direction. Told again even when the
  // backend thinks it is so already: the user may have typed `link` himself.
  const QString word = down ? QStringLiteral("down") : QStringLiteral("up");
  bool held = false;
  for (const Direction& d : {Direction{a, b}, Direction{b, a}}) {
    setDownByHand(d, down);
    const bool partitioned = partitioned_.contains(d);
    held |= partitioned;
    if (down || !partitioned) write(d.first, QStringLiteral("link %1 %2").arg(d.second, word));
  }
  record({.op = down ? QStringLiteral("link_down") : QStringLiteral("link_up"), .params = {a, b}});
  if (!down && held)
    emit statusChanged(tr("%1–%2 stays cut by a partition until you heal it").arg(a, b));
}

bool ProcessBackend::isLinkCut(const QString& from, const QString& to) const {
  return partitioned_.contains({from, to}) || downByHand_.contains({from, to});
}

void ProcessBackend::applyLink(const Direction& d, bool wasCut) {
  const bool cut = isLinkCut(d.first, d.second);
  if (cut == wasCut) return;
  write(d.first, QStringLiteral("link %1 %2")
                     .arg(d.second, cut ? QStringLiteral("down") : QStringLiteral("up")));
}

void ProcessBackend::partition(const QStringList& sideA, const QStringList& sideB, bool oneWay) {
  RecordedAction action{.op = QStringLiteral("partition"),
                        .params = {sideA.join(QLatin1Char(',')), sideB.join(QLatin1Char(','))},
                        .oneWay = oneWay};
  if (auto op = operationFor(action); !op)
    return emit statusChanged(tr("Not done: %1").arg(QString::fromStdString(op.error())));
  if (!server_) return emit statusChanged(tr("Nothing is running: press Launch locally first."));
  for (const QString& id : nodesOf(action))
    if (!nodes_.contains(id))
      return emit statusChanged(tr("Not done: %1 names no node '%2'").arg(action.op, id));
  // In the order given, so that the consoles read as the sides were listed.
  for (const QString& a : sideA) {
    for (const QString& b : sideB) {
      const QString from = a.trimmed(), to = b.trimmed();
      if (from == to) continue;
      QList<Direction> cut{{from, to}};
      if (!oneWay) cut.append({to, from});
      for (const Direction& d : std::as_const(cut)) {
        const bool wasCut = isLinkCut(d.first, d.second);
        partitioned_.insert(d);
        applyLink(d, wasCut);
      }
    }
  }
  // The trace says so as the simulator's does: the Ring tab shows the cut.
  auto side = [](const QStringList& ids) {
    QStringList trimmed;
    for (const QString& id : ids) trimmed << id.trimmed();
    return trimmed.join(QStringLiteral(", "));
  };
  logNetwork(
      QStringLiteral("partition [%1] %2 [%3]")
          .arg(side(sideA), oneWay ? QStringLiteral("-/->") : QStringLiteral("|"), side(sideB)));
  record(action);
}

void ProcessBackend::logNetwork(const QString& text) {
  tr::Record r;
  r.mutable_log()->set_level("sim");
  r.mutable_log()->set_text(text.toStdString());
  addRecord(std::move(r));
  flushRecords();
}

void ProcessBackend::heal() {
  if (!server_) return emit statusChanged(tr("Nothing is running: press Launch locally first."));
  QList<Direction> cut(partitioned_.cbegin(), partitioned_.cend());
  std::sort(cut.begin(), cut.end());
  partitioned_.clear();
  // A link also taken down by hand stays down, as in the simulation.
  for (const Direction& d : std::as_const(cut)) applyLink(d, true);
  logNetwork(QStringLiteral("heal"));
  record({.op = QStringLiteral("heal")});
}

void ProcessBackend::setLinkModel(const QString& a, const QString& b,
                                  const topology::LinkModel& model, bool oneWay) {
  if (auto refused = linkChangeRefused(a, b)) return emit statusChanged(*refused);
  const QString field = QStringLiteral("link %1–%2").arg(a, b);
  if (auto s = runtime::validateLinkModel(model, field.toStdString()); !s)
    return emit statusChanged(tr("Not done: %1").arg(QString::fromStdString(s.error())));
  // Kept for a node that restarts later (spawn()). The model's `down` takes
  // the link down or brings it up, as the simulation's network applies a
  // whole model.
  QList<Direction> directions{{a, b}};
  if (!oneWay) directions.append({b, a});
  for (const Direction& d : directions) {
    models_.insert(d, model);
    write(d.first, linkModelCommand(d.second, model));
    const bool wasCut = isLinkCut(d.first, d.second);
    setDownByHand(d, model.down());
    applyLink(d, wasCut);
  }
  record({.op = QStringLiteral("link"), .params = {a, b}, .oneWay = oneWay, .link = model});
}

QString ProcessBackend::linkModelCommand(const QString& peer, const topology::LinkModel& model) {
  // The node's own words for a model (shortest-exact numbers): it draws from
  // the very numbers the editor has.
  return QStringLiteral("link ") + peer + QLatin1Char(' ') +
         QString::fromStdString(net::linkCommandArgs(model));
}

}  // namespace catslab::ui

namespace catslab::ui {

std::optional<QString> ProcessBackend::startStream(const QString& node,
                                                   const workload::WorkloadSpec& spec) {
  if (!running_) return tr("nothing is running: press Launch locally first");
  if (!nodes_.contains(node)) return tr("no node '%1' was launched").arg(node);
  return streams_->start(node, spec);
}

void ProcessBackend::stopStream(const QString& node) { streams_->stop(node); }

QStringList ProcessBackend::streamingNodes() const { return streams_->nodes(); }

}  // namespace catslab::ui
