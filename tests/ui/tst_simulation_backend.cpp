// The GUI's simulation backend is the simulator, not a look-alike: for the
// same scenario and seed it produces exactly the records catslab-sim
// writes, so every snapshot on the timeline is the one catslab-sim saw.
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "runtime/sim/scenario_file.h"
#include "runtime/sim/snapshot_store.h"
#include "runtime/topology.h"
#include "snapshot_view/run_store.h"
#include "tests/timeouts.h"
#include "ui/simulation_backend.h"

using namespace catslab;
using namespace catslab::ui;

namespace {
QString binDir() { return qEnvironmentVariable("CATSLAB_BIN_DIR"); }
QString sourceDir() { return qEnvironmentVariable("CATSLAB_SOURCE_DIR"); }

// Three ping nodes, 30 pings from random live nodes, 5% loss.
QString writeScenario(const QTemporaryDir& dir) {
  const QString path = dir.filePath(QStringLiteral("pings.json"));
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return {};
  f.write(R"({
  "name": "gui-pings",
  "topologyFile": ")" +
          (sourceDir() + QStringLiteral("/resources/topologies/ping3-lossy.json")).toUtf8() + R"(",
  "processes": [{
    "name": "pings", "startAtMs": 100,
    "interArrivalMs": {"kind": "exponential", "mean": 50},
    "raise": [{"count": 30, "operation": {"op": "request",
      "params": [{"kind": "live_node"}, {"kind": "constant", "text": "ping all"}]}}]
  }],
  "terminateAfterTerminationOf": "pings",
  "terminateDelayMs": 1000
})");
  return path;
}
}  // namespace

class tst_SimulationBackend : public QObject {
  Q_OBJECT
 private slots:
  void sameSnapshotsAsCatslabSim_data();
  void sameSnapshotsAsCatslabSim();
  void stepRunsOneEventAndRunUntilStopsThere();
  void badScenarioNodeIsReported();
  void stressProfileRunsInRealTimeAndFeedsTheViews();
};

void tst_SimulationBackend::sameSnapshotsAsCatslabSim_data() {
  QTest::addColumn<quint64>("seed");
  QTest::newRow("seed 1") << quint64(1);
  QTest::newRow("seed 42") << quint64(42);
}

void tst_SimulationBackend::sameSnapshotsAsCatslabSim() {
  QFETCH(quint64, seed);
  QTemporaryDir dir;
  const QString scenarioPath = writeScenario(dir);
  QVERIFY(!scenarioPath.isEmpty());

  const QString trace = dir.filePath(QStringLiteral("run.trace"));
  QProcess cli;
  cli.start(binDir() + QStringLiteral("/catslab-sim"),
            {QStringLiteral("--scenario"), scenarioPath, QStringLiteral("--seed"),
             QString::number(seed), QStringLiteral("--trace"), trace});
  QVERIFY2(cli.waitForFinished(catslab::testing::scaledMs(60000)), "catslab-sim did not finish");
  QVERIFY2(cli.exitStatus() == QProcess::NormalExit && cli.exitCode() <= 1,
           cli.readAllStandardError().constData());
  auto expected = sim::SnapshotStore::fromFile(trace.toStdString());
  QVERIFY2(expected.isOk(), expected.error().c_str());

  auto scenario = sim::loadScenario(scenarioPath.toStdString());
  QVERIFY2(scenario.isOk(), scenario.error().c_str());
  RunStore store;
  SimulationBackend backend(&store);
  QSignalSpy finished(&backend, &Backend::runFinished);
  QVERIFY(!backend.prepare(*scenario->topology(),
                           std::make_shared<const sim::Scenario>(std::move(*scenario)), seed));
  backend.runToEnd();
  QVERIFY(finished.wait(catslab::testing::scaledMs(60000)));

  QCOMPARE(static_cast<std::uint64_t>(store.recordCount()), expected->endIndex());
  QVERIFY(store.recordCount() > 100);
  for (int i = 0; i < store.recordCount(); ++i) {
    if (store.record(i).SerializeAsString() != expected->record(i).SerializeAsString())
      QFAIL(
          qPrintable(QStringLiteral("record %1 differs: %2 vs %3")
                         .arg(i)
                         .arg(recordSummary(store.record(i)), recordSummary(expected->record(i)))));
  }
  // Snapshots at a spread of points, including the end.
  for (int i : {0, store.recordCount() / 3, store.recordCount() / 2, store.recordCount() - 1})
    QVERIFY2(store.stateAfter(i) == expected->at(i + 1), qPrintable(QString::number(i)));
}

void tst_SimulationBackend::stepRunsOneEventAndRunUntilStopsThere() {
  const QString path = sourceDir() + QStringLiteral("/resources/topologies/ping3.json");
  auto topology = runtime::loadTopology(path.toStdString());
  QVERIFY2(topology.isOk(), topology.error().c_str());
  RunStore store;
  SimulationBackend backend(&store);
  QVERIFY(!backend.prepare(*topology, nullptr, 3));
  QSignalSpy time(&backend, &SimulationBackend::timeAdvanced);
  backend.runUntil(2'000'000'000);
  QTRY_VERIFY_WITH_TIMEOUT(backend.virtualTimeNs() >= 2'000'000'000 && !backend.isPlaying(),
                           catslab::testing::scaledMs(30000));
  QCOMPARE(backend.virtualTimeNs(), qint64(2'000'000'000));
  const int before = store.recordCount();
  QVERIFY(before > 0);
  // The script pings at 500 ms: replies are in the consoles.
  const sim::GlobalState s = store.stateAfter(before - 1);
  QVERIFY(s.node("n1") && s.node("n1")->up);
  time.clear();
  backend.step();
  QVERIFY(time.wait(catslab::testing::scaledMs(10000)));
  QVERIFY(store.recordCount() >= before);
  QVERIFY(!backend.isPlaying());
}

void tst_SimulationBackend::badScenarioNodeIsReported() {
  RunStore store;
  SimulationBackend backend(&store);
  topology::Topology t;
  auto* n = t.add_nodes();
  n->set_id("x");
  n->set_stack("no-such-stack");
  QSignalSpy failed(&backend, &Backend::runFailed);
  const auto error = backend.prepare(t, nullptr, 1);
  QVERIFY(error);
  QVERIFY2(error->contains(QStringLiteral("no-such-stack")), qPrintable(*error));
  QCOMPARE(failed.count(), 1);
}

// The stress profile in the app: the run starts at once in real time, the
// records arrive in order, node actions from the GUI reach the running
// system, stepping is refused with a reason, and the summary says the run
// cannot be replayed.
void tst_SimulationBackend::stressProfileRunsInRealTimeAndFeedsTheViews() {
  QTemporaryDir dir;
  const QString scenarioPath = writeScenario(dir);
  auto scenario = sim::loadScenario(scenarioPath.toStdString());
  QVERIFY2(scenario.isOk(), scenario.error().c_str());
  RunStore store;
  SimulationBackend backend(&store);
  backend.setProfile(sim::Profile::Stress, 2);
  QSignalSpy finished(&backend, &Backend::runFinished);
  QSignalSpy status(&backend, &Backend::statusChanged);
  QVERIFY(!backend.prepare(*scenario->topology(),
                           std::make_shared<const sim::Scenario>(std::move(*scenario)), 9));
  backend.play();
  backend.step();
  QVERIFY(!status.isEmpty());
  QVERIFY2(status.last().at(0).toString().contains(QStringLiteral("cannot be paused or stepped")),
           qPrintable(status.last().at(0).toString()));
  backend.killNode(QStringLiteral("n3"));
  QVERIFY(finished.wait(catslab::testing::scaledMs(60000)));
  const QString summary = finished.first().at(0).toString();
  QVERIFY2(summary.contains(QStringLiteral("not reproducible")), qPrintable(summary));
  QVERIFY2(!summary.contains(QStringLiteral("FAILED")), qPrintable(summary));
  QVERIFY(store.recordCount() > 50);
  QCOMPARE(store.record(0).header().profile(), std::string("stress"));
  bool n3Down = false;
  for (int i = 1; i < store.recordCount(); ++i) {
    QCOMPARE(store.record(i).seq(), store.record(i - 1).seq() + 1);
    if (store.record(i).has_node_down() && store.record(i).node() == "n3") n3Down = true;
  }
  QVERIFY(n3Down);
  const sim::GlobalState end = store.stateAfter(store.recordCount() - 1);
  QVERIFY(end.node("n3") && !end.node("n3")->up);
  QVERIFY(end.node("n1") && end.node("n1")->up);
}

QTEST_MAIN(tst_SimulationBackend)
#include "tst_simulation_backend.moc"
