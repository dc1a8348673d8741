// "Launch locally" runs real catslab-node processes: three ping nodes come
// up, a console command gets its answer (a node's info log lines in the
// normal colour, errors in red), and a node killed from the GUI is
// reported as crashed in its console and in the run's trace. A partition
// cuts them apart until Heal, as the pings in their consoles show; latency
// and loss applied to a link stay applied when a node restarts. Request
// streams to three CATS nodes (launched_cats.h) count in the Workload panel
// per node with their latencies, and as failures on a node that was killed.
// What the other views show of launched CATS nodes is tst_process_views.
#include <QColor>
#include <QHash>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <functional>
#include <utility>

#include "runtime/topology.h"
#include "snapshot_view/ring/ring_view.h"
#include "snapshot_view/run_store.h"
#include "tests/free_port.h"
#include "tests/timeouts.h"
#include "tests/ui/launched_cats.h"
#include "ui/console_panel.h"
#include "ui/process_backend.h"
#include "ui/run_recording.h"
#include "ui/workload/request_stream.h"
#include "ui/workload/workload_model.h"

using namespace catslab;
using namespace catslab::ui;
using catslab::testing::catsSettled;
using catslab::testing::threeCatsNodes;

namespace {
topology::Topology threeNodes() {
  topology::Topology t;
  t.set_name("three");
  t.mutable_default_link()->mutable_latency()->set_mean_ms(5);
  for (int i = 1; i <= 3; ++i) {
    auto* n = t.add_nodes();
    n->set_id("n" + std::to_string(i));
    n->set_host("127.0.0.1");
    n->set_port(catslab::testing::freePort());
    n->set_stack("ping");
  }
  return t;
}

// Stops the run and waits until the backend says it finished.
bool stopAndWait(ProcessBackend& backend) {
  QSignalSpy finished(&backend, &Backend::runFinished);
  backend.stop();
  return finished.wait(catslab::testing::scaledMs(20000));
}

const QColor kRed(QStringLiteral("#c62828"));  // console_panel.cpp's error colour

// The colour of the first line of `console` that starts with `start`
// (invalid if there is none).
QColor colourOf(NodeConsole* console, const QString& start) {
  auto* edit = console->findChild<QPlainTextEdit*>();
  for (QTextBlock b = edit->document()->begin(); b.isValid(); b = b.next()) {
    if (!b.text().startsWith(start)) continue;
    const QTextCharFormat f = b.begin().fragment().charFormat();
    return f.foreground().style() == Qt::NoBrush ? edit->palette().color(QPalette::Text)
                                                 : f.foreground().color();
  }
  return {};
}

// A launch with every node's console lines collected, as the console panel
// gets them.
struct Launched {
  RunStore store;
  ProcessBackend backend{&store};
  QHash<QString, QStringList> output;
  QSignalSpy ready{&backend, &ProcessBackend::nodeReady};

  Launched() {
    QObject::connect(
        &backend, &Backend::consoleOutput,
        [this](const QString& node, const QString& text, bool) { output[node] << text; });
  }

  // Sends `command` to `node` and returns the last line it printed since
  // that matches (empty if none came in time: the caller compares it).
  QString answer(const QString& node, const QString& command,
                 const std::function<bool(const QString&)>& matches) {
    const qsizetype before = output.value(node).size();
    backend.sendCommand(node, command);
    QString found;
    (void)QTest::qWaitFor(
        [&] {
          for (const QString& line : output.value(node).mid(before))
            if (matches(line)) found = line;
          return !found.isEmpty();
        },
        catslab::testing::scaledMs(20000));
    return found;
  }

  // What `node` answers to `link peer`: "peer: latency 5 ms loss 0".
  QString linkTo(const QString& node, const QString& peer) {
    const QString start = peer + QStringLiteral(": ");
    return answer(node, QStringLiteral("link ") + peer,
                  [&start](const QString& line) { return line.startsWith(start); });
  }
};

}  // namespace

class tst_ProcessBackend : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void launchCommandKill();
  void errorLines_data();
  void errorLines();
  void partitionCutsUntilHeal();
  void restartedNodeKeepsLinkModel();
  void linkModelWaitsForStoppedNodes();
  void fileDownLinkFollowsTheCanvas();
  void fileDownDefaultLinkCutsUndrawnPairs();
  void catsStreamsPerNode();
  void launchedCatsNodesKeepTheirData();
};

// What a node prints: red when it is an error.
void tst_ProcessBackend::errorLines_data() {
  QTest::addColumn<QString>("line");
  QTest::addColumn<bool>("fromStderr");
  QTest::addColumn<bool>("red");
  QTest::newRow("info log") << QStringLiteral("[info] n1 /: seed 7") << true << false;
  QTest::newRow("debug log") << QStringLiteral("[debug] n1 /net: sent") << true << false;
  QTest::newRow("warning log") << QStringLiteral("[warning] n1 /net: tls_cert expires") << true
                               << true;
  QTest::newRow("error log") << QStringLiteral("[error] n1 /cats: fault") << true << true;
  QTest::newRow("usage error") << QStringLiteral("catslab-node: no node 'n9'") << true << true;
  QTest::newRow("sanitizer") << QStringLiteral("==12==ERROR: AddressSanitizer: x") << true << true;
  QTest::newRow("answer") << QStringLiteral("reply from n2: rtt=1 ms seq=1") << false << false;
  // Only an answer that starts "error" is one, not a value that says so.
  QTest::newRow("answer quoting error")
      << QStringLiteral("get status = error (group 3 v2, 1.4 ms)") << false << false;
  QTest::newRow("error answer") << QStringLiteral("error: unknown command 'x'") << false << true;
}

void tst_ProcessBackend::errorLines() {
  QFETCH(QString, line);
  QFETCH(bool, fromStderr);
  QFETCH(bool, red);
  QCOMPARE(ProcessBackend::isErrorLine(line, fromStderr), red);
}

void tst_ProcessBackend::initTestCase() {
  QVERIFY2(!ProcessBackend::nodeProgram().isEmpty(), "catslab-node not found in CATSLAB_BIN_DIR");
}

void tst_ProcessBackend::launchCommandKill() {
  RunStore store;
  ProcessBackend backend(&store);
  QHash<QString, QStringList> output;
  connect(&backend, &Backend::consoleOutput, this,
          [&output](const QString& node, const QString& text, bool) { output[node] << text; });
  ConsolePanel consoles;  // as the main window shows them
  connect(&backend, &Backend::consoleOutput, &consoles, &ConsolePanel::appendOutput);
  QSignalSpy ready(&backend, &ProcessBackend::nodeReady);
  QSignalSpy exited(&backend, &Backend::nodeExited);
  const auto error = backend.launch(threeNodes());
  QVERIFY2(!error, qPrintable(error.value_or(QString())));
  QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, catslab::testing::scaledMs(20000));
  QCOMPARE(backend.nodes().size(), 3);

  backend.sendCommand(QStringLiteral("n1"), QStringLiteral("ping n2"));
  QTRY_VERIFY_WITH_TIMEOUT(output.value(QStringLiteral("n1"))
                               .join(QLatin1Char('\n'))
                               .contains(QStringLiteral("reply from n2")),
                           catslab::testing::scaledMs(20000));

  // n1's console: its "[info]" log line (stderr) in the normal colour, an
  // unknown command's error in red.
  backend.sendCommand(QStringLiteral("n1"), QStringLiteral("bogus"));
  QTRY_VERIFY_WITH_TIMEOUT(
      colourOf(consoles.console(QStringLiteral("n1")), QStringLiteral("error: unknown command"))
          .isValid(),
      catslab::testing::scaledMs(20000));
  const QColor info = colourOf(consoles.console(QStringLiteral("n1")), QStringLiteral("[info] n1"));
  QVERIFY(info.isValid());
  QVERIFY2(info != kRed, qPrintable(info.name()));
  QCOMPARE(colourOf(consoles.console(QStringLiteral("n1")), QStringLiteral("error: unknown")),
           kRed);

  // The monitor socket streamed node-up records of all three.
  QTRY_VERIFY_WITH_TIMEOUT(store.stateAfter(store.recordCount() - 1).liveNodes().size() == 3,
                           catslab::testing::scaledMs(20000));

  backend.killNode(QStringLiteral("n3"));
  QTRY_COMPARE_WITH_TIMEOUT(exited.count(), 1, catslab::testing::scaledMs(20000));
  QCOMPARE(exited.first().at(0).toString(), QStringLiteral("n3"));
  QVERIFY2(exited.first().at(1).toString().contains(QStringLiteral("killed")),
           qPrintable(exited.first().at(1).toString()));
  QVERIFY(!backend.isNodeRunning(QStringLiteral("n3")));
  const sim::GlobalState after = store.stateAfter(store.recordCount() - 1);
  QVERIFY(after.node("n3") && !after.node("n3")->up);
  QVERIFY(after.node("n1")->up);

  QVERIFY(stopAndWait(backend));
  QVERIFY(!backend.isRunning());
}

// A partition from the canvas cuts the launched processes apart: a ping
// across the cut times out, one within a side is answered, after Heal pings
// cross again; a one-way cut drops only A's messages to B, also from a node
// restarted inside it.
// The actions are recorded as the simulation records them.
void tst_ProcessBackend::partitionCutsUntilHeal() {
  Launched l;
  RunStore& store = l.store;
  ProcessBackend& backend = l.backend;
  ring::RingView ringView(&store);
  // The cut the Ring tab shows at the end of the run, as "A | B" or "A -/-> B".
  auto shownCut = [&]() -> QString {
    const auto cuts = ringView.history().partitions(store.recordCount() - 1);
    if (cuts.empty()) return QString();
    return cuts.front().sideA.join(QLatin1Char(',')) +
           (cuts.front().oneWay ? QStringLiteral(" -/-> ") : QStringLiteral(" | ")) +
           cuts.front().sideB.join(QLatin1Char(','));
  };
  QHash<QString, QStringList> sent;
  connect(&backend, &Backend::commandSent, this,
          [&sent](const QString& node, const QString& line, bool) { sent[node] << line; });
  const auto error = backend.launch(threeNodes());
  QVERIFY2(!error, qPrintable(error.value_or(QString())));
  QTRY_COMPARE_WITH_TIMEOUT(l.ready.count(), 3, catslab::testing::scaledMs(20000));

  // What `from`'s console answers to `ping to`: "reply" or "timeout:".
  auto ping = [&](const QString& from, const QString& to) {
    const QString reply = QStringLiteral("reply from ") + to;
    const QString timeout = QStringLiteral("timeout: ") + to;
    return l
        .answer(
            from, QStringLiteral("ping ") + to,
            [&](const QString& line) { return line.startsWith(reply) || line.startsWith(timeout); })
        .section(QLatin1Char(' '), 0, 0);
  };
  const QString reply = QStringLiteral("reply"), timeout = QStringLiteral("timeout:");
  const QString n1 = QStringLiteral("n1"), n2 = QStringLiteral("n2"), n3 = QStringLiteral("n3");
  QCOMPARE(ping(n1, n2), reply);

  backend.partition({n1}, {n2, n3});
  QVERIFY(backend.isLinkCut(n1, n2) && backend.isLinkCut(n3, n1) && !backend.isLinkCut(n2, n3));
  QCOMPARE(shownCut(), QStringLiteral("n1 | n2,n3"));
  QCOMPARE(ping(n1, n2), timeout);
  QCOMPARE(ping(n3, n1), timeout);
  QCOMPARE(ping(n2, n3), reply);

  backend.heal();
  QVERIFY(!backend.isLinkCut(n1, n2) && !backend.isLinkCut(n3, n1));
  QCOMPARE(shownCut(), QString());
  QCOMPARE(ping(n1, n2), reply);
  QCOMPARE(ping(n3, n1), reply);

  // One way: only side A is told to drop what it sends to side B.
  sent.clear();
  backend.partition({n1}, {n2}, true);
  QCOMPARE(sent.value(n1), QStringList{QStringLiteral("link n2 down")});
  QVERIFY(sent.value(n2).isEmpty());
  QCOMPARE(shownCut(), QStringLiteral("n1 -/-> n2"));
  QCOMPARE(ping(n1, n2), timeout);
  // A restarted process starts with every link up: it is told again (here
  // it alone holds the cut, so its ping would be answered otherwise).
  backend.restartNode(n1);
  QTRY_COMPARE_WITH_TIMEOUT(l.ready.count(), 4, catslab::testing::scaledMs(20000));
  QCOMPARE(ping(n1, n2), timeout);
  backend.heal();
  QCOMPARE(ping(n1, n2), reply);

  // Recorded with the simulation's operations and parameters, so a saved
  // run names them the same way.
  QStringList faults;
  for (const RecordedAction& a : backend.recordedActions()) {
    if (a.op == QStringLiteral("request")) continue;
    QVERIFY2(operationFor(a), qPrintable(a.describe()));
    faults << a.describe().section(QStringLiteral(" at "), 0, 0);
  }
  QCOMPARE(faults, (QStringList{QStringLiteral("partition [n1] | [n2,n3]"), QStringLiteral("heal"),
                                QStringLiteral("partition [n1] -/-> [n2]"),
                                QStringLiteral("restart n1"), QStringLiteral("heal")}));

  QVERIFY(stopAndWait(backend));
}

// Latency and loss applied from the canvas outlive a node's process: a
// restarted node, and one that was not running when they were applied, is
// told them when it starts (a new process starts with the topology file's
// links), as its own `link` command answers. Each node emulates what it
// sends, so the peers that kept running keep theirs.
void tst_ProcessBackend::restartedNodeKeepsLinkModel() {
  Launched l;
  ProcessBackend& backend = l.backend;
  auto& ready = l.ready;
  const auto error = backend.launch(threeNodes());
  QVERIFY2(!error, qPrintable(error.value_or(QString())));
  QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, catslab::testing::scaledMs(20000));

  const QString n1 = QStringLiteral("n1"), n2 = QStringLiteral("n2"), n3 = QStringLiteral("n3");
  // A distribution, not only its mean, as the editor draws it.
  topology::LinkModel slow;
  slow.mutable_latency()->set_kind(topology::LatencyModel::UNIFORM);
  slow.mutable_latency()->set_min_ms(30);
  slow.mutable_latency()->set_max_ms(50);
  slow.set_jitter_ms(2);
  slow.set_loss(0.1);
  const QString slowText = QStringLiteral("latency uniform 30 50 ms jitter 2 ms loss 0.1");
  backend.setLinkModel(n1, n2, slow);
  QCOMPARE(l.linkTo(n1, n2), n2 + QStringLiteral(": ") + slowText);
  QCOMPARE(l.linkTo(n2, n1), n1 + QStringLiteral(": ") + slowText);

  backend.restartNode(n1);
  QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 4, catslab::testing::scaledMs(20000));
  QCOMPARE(l.linkTo(n1, n2), n2 + QStringLiteral(": ") + slowText);
  QCOMPARE(l.linkTo(n1, n3), n3 + QStringLiteral(": latency 5 ms loss 0"));  // not applied there
  QCOMPARE(l.linkTo(n2, n1), n1 + QStringLiteral(": ") + slowText);

  // Applied while n3 is down: n1 is told now, n3 when it starts again.
  QSignalSpy exited(&backend, &Backend::nodeExited);
  backend.killNode(n3);
  QTRY_COMPARE_WITH_TIMEOUT(exited.count(), 1, catslab::testing::scaledMs(20000));
  topology::LinkModel tail;
  tail.mutable_latency()->set_kind(topology::LatencyModel::PARETO);
  tail.mutable_latency()->set_min_ms(4);
  tail.mutable_latency()->set_shape(1.25);
  const QString tailText = QStringLiteral("latency pareto 4 ms shape 1.25 loss 0");
  backend.setLinkModel(n1, n3, tail);
  QCOMPARE(l.linkTo(n1, n3), n3 + QStringLiteral(": ") + tailText);
  backend.startNode(n3);
  QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 5, catslab::testing::scaledMs(20000));
  QCOMPARE(l.linkTo(n3, n1), n1 + QStringLiteral(": ") + tailText);

  // One way (a link whose file gives each direction its own model): only
  // n2 -> n3 changes, n3 -> n2 keeps the default link.
  topology::LinkModel oneWay;
  oneWay.mutable_latency()->set_mean_ms(7);
  backend.setLinkModel(n2, n3, oneWay, true);
  QCOMPARE(l.linkTo(n2, n3), n3 + QStringLiteral(": latency 7 ms loss 0"));
  QCOMPARE(l.linkTo(n3, n2), n2 + QStringLiteral(": latency 5 ms loss 0"));

  QVERIFY(stopAndWait(backend));
}

// A model applied, or a link taken down, while neither end of the link
// runs is kept (and recorded) and told to each end when it starts, as the
// simulation keeps it in its network; both used to be refused.
void tst_ProcessBackend::linkModelWaitsForStoppedNodes() {
  Launched l;
  ProcessBackend& backend = l.backend;
  auto& ready = l.ready;
  QSignalSpy exited(&backend, &Backend::nodeExited);
  const auto error = backend.launch(threeNodes());
  QVERIFY2(!error, qPrintable(error.value_or(QString())));
  QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, catslab::testing::scaledMs(20000));
  const QString n2 = QStringLiteral("n2"), n3 = QStringLiteral("n3");
  backend.killNode(n2);
  backend.killNode(n3);
  QTRY_COMPARE_WITH_TIMEOUT(exited.count(), 2, catslab::testing::scaledMs(20000));

  topology::LinkModel wide;
  wide.mutable_latency()->set_kind(topology::LatencyModel::NORMAL);
  wide.mutable_latency()->set_mean_ms(12.5);
  wide.mutable_latency()->set_stddev_ms(3);
  wide.set_loss(0.05);
  backend.setLinkModel(n2, n3, wide);
  const RecordedAction& applied = backend.recordedActions().back();
  QCOMPARE(applied.describe().section(QStringLiteral(" at "), 0, 0), QStringLiteral("link n2 n3"));
  QVERIFY(applied.link && applied.link->SerializeAsString() == wide.SerializeAsString());
  backend.startNode(n2);
  backend.startNode(n3);
  QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 5, catslab::testing::scaledMs(20000));
  const QString wideText = QStringLiteral("latency normal 12.5 ms sd 3 ms loss 0.05");
  QCOMPARE(l.linkTo(n2, n3), n3 + QStringLiteral(": ") + wideText);
  QCOMPARE(l.linkTo(n3, n2), n2 + QStringLiteral(": ") + wideText);

  // So is a link taken down while neither end runs.
  backend.killNode(n2);
  backend.killNode(n3);
  QTRY_COMPARE_WITH_TIMEOUT(exited.count(), 4, catslab::testing::scaledMs(20000));
  backend.setLinkDown(n2, n3, true);
  QVERIFY(backend.isLinkCut(n2, n3) && backend.isLinkCut(n3, n2));
  QCOMPARE(backend.recordedActions().back().describe().section(QStringLiteral(" at "), 0, 0),
           QStringLiteral("link_down n2 n3"));
  backend.startNode(n2);
  backend.startNode(n3);
  QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 7, catslab::testing::scaledMs(20000));
  QCOMPARE(l.linkTo(n2, n3), n3 + QStringLiteral(": down"));
  QCOMPARE(l.linkTo(n3, n2), n2 + QStringLiteral(": down"));

  QVERIFY(stopAndWait(backend));
}

// A link the topology file marks down is down for the backend too: brought
// up from the canvas, it stays up when a node restarts (the new process
// reads the file's `down` again and is told otherwise), and a partition
// healed over a link still down leaves it down, as in the simulation.
void tst_ProcessBackend::fileDownLinkFollowsTheCanvas() {
  Launched l;
  ProcessBackend& backend = l.backend;
  auto& output = l.output;
  auto& ready = l.ready;
  topology::Topology t = threeNodes();
  for (const char* peer : {"n2", "n3"}) {
    auto* l = t.add_links();
    l->set_a("n1");
    l->set_b(peer);
    l->mutable_model()->mutable_latency()->set_mean_ms(5);
    l->mutable_model()->set_down(true);
  }
  const auto error = backend.launch(t);
  QVERIFY2(!error, qPrintable(error.value_or(QString())));
  QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, catslab::testing::scaledMs(20000));
  const QString n1 = QStringLiteral("n1"), n2 = QStringLiteral("n2"), n3 = QStringLiteral("n3");
  const QString down = QStringLiteral(": down"), up = QStringLiteral(": latency 5 ms loss 0");
  QVERIFY(backend.isLinkCut(n1, n2) && backend.isLinkCut(n2, n1) && backend.isLinkCut(n3, n1));
  QVERIFY(!backend.isLinkCut(n2, n3));

  backend.setLinkDown(n1, n2, false);
  QVERIFY(!backend.isLinkCut(n1, n2) && !backend.isLinkCut(n2, n1));
  QCOMPARE(l.linkTo(n1, n2), n2 + up);
  backend.restartNode(n1);
  QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 4, catslab::testing::scaledMs(20000));
  QCOMPARE(l.linkTo(n1, n2), n2 + up);
  QCOMPARE(l.linkTo(n1, n3), n3 + down);

  backend.partition({n1}, {n2, n3});
  backend.heal();
  QVERIFY(!backend.isLinkCut(n1, n2) && backend.isLinkCut(n1, n3));
  QCOMPARE(l.linkTo(n1, n3), n3 + down);
  QCOMPARE(l.linkTo(n3, n1), n1 + down);
  QCOMPARE(l.linkTo(n1, n2), n2 + up);

  // A whole model applied holds its `down` too, as the simulation's does.
  // (n2 answers each command the backend sends it, in order: wait for the
  // answer to the last one before asking.)
  auto lastAnswer = [&](const QString& node, qsizetype from, const QString& line) {
    return QTest::qWaitFor([&] { return output.value(node).mid(from).contains(line); },
                           catslab::testing::scaledMs(20000));
  };
  topology::LinkModel model = t.links(0).model();
  qsizetype mark = output.value(n2).size();
  backend.setLinkModel(n1, n2, model);
  QVERIFY(backend.isLinkCut(n1, n2) && backend.isLinkCut(n2, n1));
  QVERIFY(lastAnswer(n2, mark, n1 + down));
  QCOMPARE(l.linkTo(n2, n1), n1 + down);
  model.set_down(false);
  model.mutable_latency()->set_mean_ms(6);
  mark = output.value(n2).size();
  backend.setLinkModel(n1, n2, model);
  QVERIFY(!backend.isLinkCut(n1, n2));
  const QString six = n1 + QStringLiteral(": latency 6 ms loss 0");
  QVERIFY(lastAnswer(n2, mark, six));
  QCOMPARE(l.linkTo(n2, n1), six);

  QVERIFY(stopAndWait(backend));
}

// A default link the file marks down cuts every pair no drawn link
// overrides; a drawn link that is up stays up.
void tst_ProcessBackend::fileDownDefaultLinkCutsUndrawnPairs() {
  Launched l;
  topology::Topology t = threeNodes();
  t.mutable_default_link()->set_down(true);
  auto* link = t.add_links();
  link->set_a("n1");
  link->set_b("n2");
  link->mutable_model()->mutable_latency()->set_mean_ms(5);
  const auto error = l.backend.launch(t);
  QVERIFY2(!error, qPrintable(error.value_or(QString())));
  QTRY_COMPARE_WITH_TIMEOUT(l.ready.count(), 3, catslab::testing::scaledMs(20000));
  const QString n1 = QStringLiteral("n1"), n2 = QStringLiteral("n2"), n3 = QStringLiteral("n3");
  QVERIFY(!l.backend.isLinkCut(n1, n2) && !l.backend.isLinkCut(n2, n1));
  const std::pair<QString, QString> undrawn[] = {{n1, n3}, {n3, n1}, {n2, n3}, {n3, n2}};
  for (const auto& [a, b] : undrawn) {
    QVERIFY2(l.backend.isLinkCut(a, b), qPrintable(a + QStringLiteral("->") + b));
  }
  QCOMPARE(l.linkTo(n3, n2), n2 + QStringLiteral(": down"));
  QVERIFY(stopAndWait(l.backend));
}

void tst_ProcessBackend::catsStreamsPerNode() {
  RunStore store;
  ProcessBackend backend(&store);
  ui::workload::WorkloadModel panelModel(&store);
  QSignalSpy ready(&backend, &ProcessBackend::nodeReady);
  const auto error = backend.launch(threeCatsNodes());
  QVERIFY2(!error, qPrintable(error.value_or(QString())));
  QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, catslab::testing::scaledMs(30000));
  QTRY_VERIFY_WITH_TIMEOUT(catsSettled(store), catslab::testing::scaledMs(30000));

  // A workload stream to every node: its operations count in the Workload
  // panel's model, per node, with latencies.
  ui::workload::WorkloadSpec spec;
  spec.ratePerSecond = 20;
  spec.keyCount = 5;
  QVERIFY(backend.startStream(QStringLiteral("n9"), spec));  // no such node
  for (const QString& n : {QStringLiteral("n1"), QStringLiteral("n2"), QStringLiteral("n3")})
    QVERIFY(!backend.startStream(n, spec));
  QCOMPARE(backend.streamingNodes().size(), 3);
  auto okOn = [&panelModel](int row) {
    panelModel.refresh();
    return panelModel.index(row, ui::workload::WorkloadModel::Ok).data().toInt();
  };
  QTRY_VERIFY_WITH_TIMEOUT(okOn(0) >= 10 && okOn(1) >= 10 && okOn(2) >= 10,
                           catslab::testing::scaledMs(60000));
  backend.stopStream(QStringLiteral("n1"));
  QCOMPARE(backend.streamingNodes().size(), 2);
  QVERIFY(panelModel.index(0, ui::workload::WorkloadModel::P50).data(Qt::UserRole).toLongLong() >
          0);
  // A killed node's stream goes on: its requests count as failures.
  auto failedOn = [&panelModel](int row) {
    panelModel.refresh();
    return panelModel.index(row, ui::workload::WorkloadModel::Failed).data().toInt();
  };
  const int failedBefore = failedOn(2);
  backend.killNode(QStringLiteral("n3"));
  QTRY_VERIFY_WITH_TIMEOUT(failedOn(2) >= failedBefore + 5, catslab::testing::scaledMs(30000));

  QVERIFY(stopAndWait(backend));
  QVERIFY(backend.streamingNodes().isEmpty());
}

// A CATS node must not rejoin under its id with an empty store
// (docs/cats.md), so a launched CATS node that names no store gets a LevelDB
// data directory of its own in the launch's folder; one that names its store
// and other stacks are left as they are.
void tst_ProcessBackend::launchedCatsNodesKeepTheirData() {
  topology::Topology t = threeCatsNodes();
  (*t.mutable_nodes(1)->mutable_params())["store"] = "memory";
  t.mutable_nodes(2)->set_stack("ping");
  const topology::Topology launched = ProcessBackend::withDataDirs(t, QStringLiteral("/tmp/run"));
  const auto& first = launched.nodes(0).params();
  QCOMPARE(QString::fromStdString(first.at("store")), QStringLiteral("leveldb"));
  QCOMPARE(QString::fromStdString(first.at("data_dir")), QStringLiteral("/tmp/run/data-n1"));
  QCOMPARE(QString::fromStdString(first.at("replication")), QStringLiteral("3"));  // kept
  QCOMPARE(QString::fromStdString(launched.nodes(1).params().at("store")),
           QStringLiteral("memory"));
  QVERIFY(!launched.nodes(1).params().contains("data_dir"));
  QVERIFY(!launched.nodes(2).params().contains("store"));
  QCOMPARE(t.nodes(0).params().contains("store"), false);  // the user's topology is untouched
}

QTEST_MAIN(tst_ProcessBackend)
#include "tst_process_backend.moc"
