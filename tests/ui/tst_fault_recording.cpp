// Faults injected during a simulation are recorded and saved as a scenario
// that replays the same run: a CATS run in the app where a node is killed,
// the network cut and healed, the node restarted, a link taken down and a
// console request typed, then "Save Run as Scenario…"; `catslab-sim
// --scenario saved.json --seed S` writes exactly the app's records, byte for
// byte, up to where the run was saved. The comparison is shown to catch a
// replay whose kill comes one millisecond later, and one without the
// recorded actions.
#include <google/protobuf/util/json_util.h>

#include <QFile>
#include <QMenuBar>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "runtime/sim/scenario_file.h"
#include "runtime/sim/trace_file.h"
#include "runtime/topology.h"
#include "snapshot_view/run_store.h"
#include "tests/timeouts.h"
#include "ui/main_window.h"
#include "ui/run_recording.h"
#include "ui/simulation_backend.h"

using namespace catslab;
using namespace catslab::ui;

namespace {
QString sourceDir() { return qEnvironmentVariable("CATSLAB_SOURCE_DIR"); }
QString binDir() { return qEnvironmentVariable("CATSLAB_BIN_DIR"); }
constexpr quint64 kSeed = 3;

// Runs catslab-sim on `scenario` and returns its records.
std::vector<trace::Record> replay(const QString& scenario, const QTemporaryDir& dir) {
  const QString out = dir.filePath(QFileInfo(scenario).baseName() + QStringLiteral(".trace"));
  QProcess cli;
  cli.start(binDir() + QStringLiteral("/catslab-sim"),
            {QStringLiteral("--scenario"), scenario, QStringLiteral("--seed"),
             QString::number(kSeed), QStringLiteral("--trace"), out});
  if (!cli.waitForFinished(catslab::testing::scaledMs(120000)))
    qFatal("catslab-sim did not finish");
  if (cli.exitStatus() != QProcess::NormalExit || cli.exitCode() > 1)
    qFatal("catslab-sim: %s", cli.readAllStandardError().constData());
  auto records = sim::TraceFileReader::readAll(out.toStdString());
  if (!records) qFatal("%s", records.error().c_str());
  return std::move(*records);
}

// The first record (up to `untilNs`) where the replay differs from what the
// app recorded, as text; empty when every record is byte-identical.
QString firstDivergence(const RunStore& app, const std::vector<trace::Record>& replayed,
                        qint64 untilNs) {
  std::size_t n = 0;
  while (n < replayed.size() && replayed[n].time_ns() <= untilNs) ++n;
  const std::size_t common = std::min<std::size_t>(n, static_cast<std::size_t>(app.recordCount()));
  for (std::size_t i = 0; i < common; ++i) {
    if (app.record(static_cast<int>(i)).SerializeAsString() != replayed[i].SerializeAsString())
      return QStringLiteral("record %1: app %2 — replay %3")
          .arg(i)
          .arg(recordSummary(app.record(static_cast<int>(i))), recordSummary(replayed[i]));
  }
  if (n != static_cast<std::size_t>(app.recordCount()))
    return QStringLiteral("the app has %1 records up to %2 ns, the replay %3")
        .arg(app.recordCount())
        .arg(untilNs)
        .arg(n);
  return {};
}

bool save(const scenario::Scenario& s, const QString& path) {
  return saveScenarioFile(s, path).isOk();
}
}  // namespace

class tst_fault_recording : public QObject {
  Q_OBJECT
 private slots:
  void actionTimesSurviveTheScenarioFile() {
    for (qint64 now : {qint64(0), qint64(999'999), qint64(1'000'000), qint64(2'345'678'901),
                       qint64(86'400'000'000'000)}) {
      const qint64 t = actionTimeNs(now);
      QVERIFY(t > now);
      QVERIFY(t - now < 2'000'000);  // within two milliseconds
      QCOMPARE(sim::ms(exactMs(t)), t);
    }
  }

  void badActionIsRefusedWithAReason() {
    RecordedAction a{.op = QStringLiteral("kill")};
    QVERIFY(!operationFor(a));
    QVERIFY(
        QString::fromStdString(operationFor(a).error()).contains(QStringLiteral("1 parameter")));
    a = {.op = QStringLiteral("explode"), .params = {QStringLiteral("n1")}};
    QVERIFY(QString::fromStdString(operationFor(a).error()).contains(QStringLiteral("explode")));
  }

  void guiActionsReplayToTheSameTrace() {
    const QString path = sourceDir() + QStringLiteral("/resources/examples/cats/topology.json");
    auto topology = runtime::loadTopology(path.toStdString());
    QVERIFY2(topology.isOk(), topology.error().c_str());
    RunStore store;
    SimulationBackend backend(&store);
    QVERIFY(!backend.prepare(*topology, nullptr, kSeed));
    QSignalSpy recorded(&backend, &SimulationBackend::actionRecorded);
    auto runTo = [&](double seconds) {
      const auto ns = static_cast<qint64>(seconds * 1e9);
      backend.runUntil(ns);
      QTRY_VERIFY_WITH_TIMEOUT(backend.virtualTimeNs() >= ns && !backend.isPlaying(),
                               catslab::testing::scaledMs(120000));
    };
    auto applied = [&](int count) {
      QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), count, catslab::testing::scaledMs(60000));
      // Paused, the app runs to the action at once.
      QTRY_VERIFY_WITH_TIMEOUT(backend.virtualTimeNs() >= backend.recordedActions().back().timeNs,
                               catslab::testing::scaledMs(60000));
    };
    runTo(1.0);
    backend.killNode(QStringLiteral("n3"));
    applied(1);
    runTo(1.5);
    backend.partition({QStringLiteral("n1"), QStringLiteral("n2")},
                      {QStringLiteral("n4"), QStringLiteral("n5"), QStringLiteral("n6")});
    applied(2);
    runTo(2.0);
    backend.heal();
    applied(3);
    backend.restartNode(QStringLiteral("n3"));
    applied(4);
    runTo(2.3);
    backend.setLinkDown(QStringLiteral("n1"), QStringLiteral("n2"), true);
    applied(5);
    backend.sendCommand(QStringLiteral("n2"), QStringLiteral("put a 1"));
    applied(6);
    catslab::topology::LinkModel slow;  // n4 -> n5 only: the replay must apply it one way too
    slow.mutable_latency()->set_mean_ms(25);
    backend.setLinkModel(QStringLiteral("n4"), QStringLiteral("n5"), slow, true);
    applied(7);
    runTo(3.0);

    // What the user was told, and what is recorded: times past each request.
    const auto& actions = backend.recordedActions();
    QCOMPARE(actions.size(), std::size_t{7});
    QVERIFY2(recorded.first().at(0).toString().startsWith(QStringLiteral("kill n3 at 1.001137")),
             qPrintable(recorded.first().at(0).toString()));
    QCOMPARE(actions[1].params, (QStringList{QStringLiteral("n1,n2"), QStringLiteral("n4,n5,n6")}));
    QCOMPARE(actions[5].op, QStringLiteral("request"));
    QVERIFY2(actions[6].describe().startsWith(QStringLiteral("link n4 -> n5 at")),
             qPrintable(actions[6].describe()));
    for (std::size_t i = 1; i < actions.size(); ++i)
      QVERIFY(actions[i].timeNs > actions[i - 1].timeNs);
    // The kill is in the app's own records.
    bool killed = false;
    for (int i = 0; i < store.recordCount(); ++i)
      killed |= store.record(i).has_node_down() && store.record(i).node() == "n3" &&
                store.record(i).time_ns() == actions[0].timeNs;
    QVERIFY(killed);

    QTemporaryDir dir;
    auto base = baseScenario({}, *topology);
    QVERIFY(base.isOk());
    const qint64 at = backend.virtualTimeNs();
    const scenario::Scenario saved = recordedScenario(*base, actions, actionTimeNs(at));
    const QString file = dir.filePath(QStringLiteral("saved.json"));
    QVERIFY(save(saved, file));
    const std::vector<trace::Record> replayed = replay(file, dir);
    QVERIFY(replayed.size() > 1000);
    const QString diff = firstDivergence(store, replayed, at);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));

    // The check is not vacuous: the kill a millisecond later, or no recorded
    // actions at all, and the replay is another run.
    scenario::Scenario late = saved;
    auto* kill = late.mutable_processes(0);
    QCOMPARE(kill->raise(0).operation().op(), std::string("kill"));
    kill->set_start_at_ms(kill->start_at_ms() + 1);
    const QString lateFile = dir.filePath(QStringLiteral("late.json"));
    QVERIFY(save(late, lateFile));
    QVERIFY(!firstDivergence(store, replay(lateFile, dir), at).isEmpty());
    const QString bareFile = dir.filePath(QStringLiteral("bare.json"));
    QVERIFY(save(recordedScenario(*base, {}, actionTimeNs(at)), bareFile));
    QVERIFY(!firstDivergence(store, replay(bareFile, dir), at).isEmpty());
  }

  // A scenario run gets its recorded actions added to its own processes,
  // with its topology embedded so the copy can live anywhere.
  void scenarioRunKeepsItsOwnProcesses() {
    const QString path = sourceDir() + QStringLiteral("/resources/examples/cats/churn.json");
    auto base = baseScenario(path, {});
    QVERIFY2(base.isOk(), base.isOk() ? "" : base.error().c_str());
    QVERIFY(base->topology_file().empty());
    QVERIFY(base->topology().nodes_size() > 0);
    const int own = base->processes_size();
    QVERIFY(own > 0);
    RecordedAction heal{.timeNs = actionTimeNs(500'000'000),
                        .process = QStringLiteral("gui-1"),
                        .op = QStringLiteral("heal")};
    const scenario::Scenario saved = recordedScenario(*base, {heal}, actionTimeNs(900'000'000));
    QCOMPARE(saved.processes_size(), own + 1);
    QCOMPARE(sim::ms(saved.terminate_at_ms()), actionTimeNs(900'000'000));
    QVERIFY(!baseScenario(QStringLiteral("/no/such/scenario.json"), {}).isOk());
  }

  // The menu entry: there once a simulation runs, and it writes the file.
  void mainWindowSavesTheRun() {
    MainWindow window;
    QVERIFY(!window.openTopology(sourceDir() + QStringLiteral("/resources/topologies/ping3.json")));
    QVERIFY(!window.simulate({}, kSeed));
    QAction* saveAct = nullptr;
    for (QAction* a : window.menuBar()->actions().front()->menu()->actions())
      if (a->text().contains(QStringLiteral("Scenario"))) saveAct = a;
    QVERIFY(saveAct);
    QVERIFY(saveAct->isEnabled());
    window.simulation()->pause();
    // A node the run does not have is refused with a reason, and not recorded.
    QSignalSpy status(window.simulation(), &Backend::statusChanged);
    window.simulation()->killNode(QStringLiteral("n9"));
    auto refused = [&status] {
      for (const QList<QVariant>& s : status)
        if (s.at(0).toString().contains(QStringLiteral("names no node 'n9'"))) return true;
      return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(refused(), catslab::testing::scaledMs(60000));
    QVERIFY(window.simulation()->recordedActions().empty());
    window.simulation()->killNode(QStringLiteral("n2"));
    QTRY_COMPARE_WITH_TIMEOUT(window.simulation()->recordedActions().size(), std::size_t{1},
                              catslab::testing::scaledMs(60000));
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("run.json"));
    const auto error = window.saveRunAsScenario(file);
    QVERIFY2(!error, error ? qPrintable(*error) : "");
    auto loaded = sim::loadScenario(file.toStdString());
    QVERIFY2(loaded.isOk(), loaded.isOk() ? "" : loaded.error().c_str());
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray json = f.readAll();
    QVERIFY(json.contains("\"gui-1\""));
    QVERIFY(json.contains("\"kill\""));
    // A file that cannot be written is an error with a reason, not a crash.
    QVERIFY(window.saveRunAsScenario(QStringLiteral("/no/such/dir/x.json")));
  }
};

QTEST_MAIN(tst_fault_recording)
#include "tst_fault_recording.moc"
