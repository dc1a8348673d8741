// ProcessBackend ("Launch locally"): runs each node of a topology as its own
// catslab-node process on this machine. The topology being edited is saved
// to a private temporary file that every node reads; each node gets
// --monitor pointing at a QTcpServer in the app and streams its trace
// records there. Console traffic goes over the node's stdin/stdout.
//
// Records of all nodes are merged in arrival order and re-stamped with the
// launcher's clock (ns since launch), so the RunStore sees one stream in
// time order; they reach the store in batches (every 50 ms, and at once for
// a node's end), since a view that redraws per record cannot keep up. A node
// that dies cannot report it, so the backend records the NodeDown (crashed
// unless it exited with code 0). Request streams of the workload panel go to
// a node's stdin like typed commands, paced by the wall clock
// (workload/timer_streams.h), and are not echoed in its console; one to a
// node that is not running is logged as refused (refused_request.h).
//
// Actions taken on the nodes from the app — start, kill, restart, a link
// taken down or up or given a new model, a console request — are recorded
// with the launcher's time (run_recording.h), as the simulation records its
// own: recordedActions() lists them, actionRecorded announces each. Their
// effect reaches the trace the ordinary way (the node-down record of a kill,
// the node's `command` record of a request). Scripted requests and request
// streams are not actions.
//
// Links and partitions: each node emulates its own outgoing links (`link
// <peer> down|up|latency ...` on its stdin), so the backend keeps the
// network's state as the simulation's network model does: the directed
// pairs a partition cut (one-way: only A -> B) and the links taken down by
// hand or marked down in the topology file, each until heal() or link up (a
// direction is down while either holds it), and the model (latency
// distribution, jitter, loss) last given to each direction. A node that
// starts or restarts is told at once the models given to its links and
// which of them are down — or up, when the file says down — so a node
// started inside a partition is cut off too (from the moment it reads its
// stdin, a few milliseconds after it starts). A model given while neither
// end runs waits for them to start. The trace gets the simulator's
// "partition [a] | [b]" and "heal" records, so the Ring tab shows a cut in
// force.
//
// A restarted node that the others will never take back (its one-hop
// membership's new life looks older than its last one, restart_check.h) is
// explained in its console and the status bar.
// Owns its processes and sockets; stop() or the destructor ends them.
// GUI thread only.
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <memory>
#include <optional>
#include <vector>

#include "runtime/proto/trace.pb.h"
#include "ui/backend.h"
#include "ui/restart_check.h"
#include "ui/run_recording.h"

class QTcpServer;
class QTimer;
class QTcpSocket;

namespace catslab::ui::workload {
class TimerStreams;
}

namespace catslab::ui {

class RunStore;

class ProcessBackend : public Backend {
  Q_OBJECT
 public:
  ProcessBackend(RunStore* store, QObject* parent = nullptr);
  ~ProcessBackend() override;

  // Where catslab-node is looked for: $CATSLAB_BIN_DIR, the app's folder, PATH.
  static QString nodeProgram();
  std::optional<QString> launch(const ::catslab::topology::Topology& topology);
  QStringList nodes() const { return nodes_.keys(); }
  bool isNodeRunning(const QString& node) const;
  quint16 monitorPort() const;

  QString name() const override { return tr("Local processes"); }
  bool isRunning() const override { return running_; }
  void stop() override;
  void sendCommand(const QString& node, const QString& line) override;
  void startNode(const QString& node) override;
  void killNode(const QString& node) override;
  void restartNode(const QString& node) override;
  void setLinkDown(const QString& a, const QString& b, bool down) override;
  void setLinkModel(const QString& a, const QString& b, const ::catslab::topology::LinkModel& model,
                    bool oneWay = false) override;
  void partition(const QStringList& sideA, const QStringList& sideB, bool oneWay = false) override;
  void heal() override;
  // Whether messages from `from` to `to` are dropped now (a partition or a
  // link taken down).
  bool isLinkCut(const QString& from, const QString& to) const;
  std::optional<QString> startStream(const QString& node,
                                     const workload::WorkloadSpec& spec) override;
  void stopStream(const QString& node) override;
  QStringList streamingNodes() const override;
  // The actions taken on this launch so far, in order, with their times
  // (ns since launch, the trace's clock).
  const std::vector<RecordedAction>& recordedActions() const { return recorded_; }
  // Whether a line a node printed is shown as an error (red): an answer
  // starting "error", or on stderr anything but an info or debug log line.
  static bool isErrorLine(const QString& line, bool fromStderr);
  // The topology the processes read: a CATS node that names no store gets
  // a LevelDB data directory in `folder` (one per node), so a node killed
  // and restarted comes back with what it had promised and stored, as on a
  // real machine. A CATS node must never rejoin under its id with an empty
  // store (docs/cats.md), and the app offers restart on every node.
  static topology::Topology withDataDirs(topology::Topology topology, const QString& folder);
  // ns since launch: where the trace's clock is now.
  qint64 elapsedNs() const { return clock_.isValid() ? clock_.nsecsElapsed() : 0; }

 signals:
  void nodeReady(const QString& node, const QString& address);

 private:
  struct Node {
    QString id;
    std::unique_ptr<QProcess> process;
    QByteArray stdoutBuffer;
    QByteArray stderrBuffer;
    QList<QPair<double, QString>> script;
    bool restartWhenDown = false;
    bool killedByUser = false;
  };
  void spawn(Node& node);
  // Tells a process just started what changed on its outgoing links since
  // the launch (it starts with the topology file's): the models
  // setLinkModel() gave them and which are cut. Written now, read once it
  // reads its stdin; its peers' directions live in their own processes.
  void restoreLinks(const QString& node);
  void onStdout(Node& node, bool error);
  void onFinished(Node& node, int exitCode, QProcess::ExitStatus status);
  void onMonitorConnection();
  void onMonitorData(QTcpSocket* socket);
  void addRecord(::catslab::trace::Record record);  // stamped now, stored at the next flush
  void flushRecords();
  void allStopped();
  void write(const QString& node, const QString& line);  // to its stdin, echoed
  void record(RecordedAction action);
  using Direction = QPair<QString, QString>;  // (from, to): `from` drops what it sends to `to`
  // Why the link a–b cannot be changed now, for the status bar: nothing is
  // launched, or a or b is no launched node. A launched node that is not
  // running does not refuse: the change is kept, and told to it when it
  // starts (restoreLinks), even when neither end runs.
  std::optional<QString> linkChangeRefused(const QString& a, const QString& b) const;
  void setDownByHand(const Direction& d, bool down);  // as setLinkDown() or a model's `down` says
  // Tells `from` the state of its link to `to` if it changed from `wasCut`.
  void applyLink(const Direction& d, bool wasCut);
  // The `link` command that gives `peer`'s link a model's latency
  // (distribution and parameters), jitter and loss (net::linkCommandArgs).
  static QString linkModelCommand(const QString& peer, const ::catslab::topology::LinkModel& model);
  // A network-wide record ("partition [a] | [b]", "heal"), as the simulator writes.
  void logNetwork(const QString& text);

  RunStore* store_;
  workload::TimerStreams* streams_;
  std::unique_ptr<QTemporaryDir> dir_;
  QString topologyPath_;
  QTcpServer* server_ = nullptr;
  QHash<QTcpSocket*, QByteArray> buffers_;
  QHash<QString, std::shared_ptr<Node>> nodes_;
  QElapsedTimer clock_;
  quint64 seq_ = 0;
  static constexpr int kFlushMs = 50;
  QTimer* flush_;
  std::vector<::catslab::trace::Record> pending_;
  std::vector<RecordedAction> recorded_;
  QSet<Direction> partitioned_;  // cut by partition() until heal()
  QSet<Direction> downByHand_;   // taken down by setLinkDown() until brought up
  QSet<Direction> downInFile_;   // down in the topology file (a new process starts so)
  QHash<Direction, ::catslab::topology::LinkModel> models_;  // given by setLinkModel()
  RestartCheck restarts_;
  bool running_ = false;
};

}  // namespace catslab::ui
