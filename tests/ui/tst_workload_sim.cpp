// Request streams in a simulated CATS run: streams started from the Workload
// panel's controller on every node complete operations that the panel's
// model and charts show per node (and a node killed meanwhile is shaded and
// its stream's requests count as failures, marked on the chart); stopping a stream stops its
// requests; and a run with streams saved as a scenario replays under catslab-sim record for record
// — while the same scenario with one stream started a millisecond later, or without the streams, is
// caught as another run.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

#include "runtime/sim/trace_file.h"
#include "runtime/topology.h"
#include "snapshot_view/run_store.h"
#include "tests/timeouts.h"
#include "topology_editor/topology_document.h"
#include "topology_editor/topology_model.h"
#include "ui/main_window.h"
#include "ui/run_recording.h"
#include "ui/simulation_backend.h"
#include "ui/workload/sim_stream.h"
#include "ui/workload/workload_charts.h"
#include "ui/workload/workload_controller.h"
#include "ui/workload/workload_model.h"
#include "ui/workload/workload_panel.h"

using namespace catslab;
using namespace catslab::ui;
using namespace catslab::ui::workload;

namespace {
QString sourceDir() { return qEnvironmentVariable("CATSLAB_SOURCE_DIR"); }
QString binDir() { return qEnvironmentVariable("CATSLAB_BIN_DIR"); }
QString catsTopology() {
  return sourceDir() + QStringLiteral("/resources/examples/cats/topology.json");
}

void runTo(SimulationBackend* sim, double seconds) {
  const auto ns = static_cast<qint64>(seconds * 1e9);
  sim->runUntil(ns);
  QTRY_VERIFY_WITH_TIMEOUT(sim->virtualTimeNs() >= ns && !sim->isPlaying(),
                           catslab::testing::scaledMs(120000));
}

int cell(WorkloadModel* model, const QString& node, int column) {
  for (int row = 0; row < model->rowCount(); ++row)
    if (model->index(row, WorkloadModel::Node).data().toString() == node)
      return model->index(row, column).data().toInt();
  return -1;
}

std::vector<trace::Record> replay(const QString& scenario, quint64 seed, const QTemporaryDir& dir) {
  const QString out = dir.filePath(QFileInfo(scenario).baseName() + QStringLiteral(".trace"));
  QProcess cli;
  cli.start(binDir() + QStringLiteral("/catslab-sim"),
            {QStringLiteral("--scenario"), scenario, QStringLiteral("--seed"),
             QString::number(seed), QStringLiteral("--trace"), out});
  if (!cli.waitForFinished(catslab::testing::scaledMs(120000))) qFatal("catslab-sim hung");
  if (cli.exitStatus() != QProcess::NormalExit || cli.exitCode() > 1)
    qFatal("catslab-sim: %s", cli.readAllStandardError().constData());
  auto records = sim::TraceFileReader::readAll(out.toStdString());
  if (!records) qFatal("%s", records.error().c_str());
  return std::move(*records);
}

// The first record up to `untilNs` where the replay differs; empty if none.
QString firstDivergence(const RunStore& app, const std::vector<trace::Record>& replayed,
                        qint64 untilNs) {
  std::size_t n = 0;
  while (n < replayed.size() && replayed[n].time_ns() <= untilNs) ++n;
  const auto common = std::min<std::size_t>(n, static_cast<std::size_t>(app.recordCount()));
  for (std::size_t i = 0; i < common; ++i)
    if (app.record(static_cast<int>(i)).SerializeAsString() != replayed[i].SerializeAsString())
      return QStringLiteral("record %1: app %2 — replay %3")
          .arg(i)
          .arg(recordSummary(app.record(static_cast<int>(i))), recordSummary(replayed[i]));
  if (n != static_cast<std::size_t>(app.recordCount()))
    return QStringLiteral("the app has %1 records, the replay %2").arg(app.recordCount()).arg(n);
  return {};
}
}  // namespace

class tst_workload_sim : public QObject {
  Q_OBJECT
 private slots:
  void streamsFillThePanel() {
    MainWindow window;
    QVERIFY(!window.openTopology(catsTopology()));
    QVERIFY(!window.simulate({}, 1));
    SimulationBackend* sim = window.simulation();
    sim->pause();
    WorkloadController* workload = window.workload();
    QVERIFY(!window.showView(QStringLiteral("workload")));
    WorkloadSpec spec;
    spec.ratePerSecond = 20;
    spec.keys = KeyDistribution::Zipf;
    spec.keyCount = 20;
    const auto error = workload->start({}, spec);  // every node
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
    const QStringList nodes = window.document()->model()->nodeIds();
    QCOMPARE(nodes.size(), 6);
    QTRY_COMPARE_WITH_TIMEOUT(sim->recordedStreams().size(), std::size_t(6),
                              catslab::testing::scaledMs(60000));
    QCOMPARE(sim->streamingNodes(), nodes);
    runTo(sim, 3.0);
    sim->killNode(QStringLiteral("n4"));
    runTo(sim, 5.0);

    WorkloadModel* model = workload->model();
    model->refresh();
    std::uint64_t issued = 0;
    for (const auto& r : sim->recordedStreams()) issued += r.stream->issued.load();
    QVERIFY2(issued >= 6 * 20 * 4, qPrintable(QString::number(issued)));  // ~4.7 s of 20/s
    for (const QString& n : nodes) QVERIFY2(cell(model, n, WorkloadModel::Ok) > 20, qPrintable(n));
    QVERIFY(model->index(0, WorkloadModel::Stream)
                .data()
                .toString()
                .startsWith(QStringLiteral("20/s zipf")));
    const int all = cell(model, QStringLiteral("all nodes"), WorkloadModel::Ok);
    QVERIFY2(all > 6 * 20 * 3, qPrintable(QString::number(all)));
    // n4 is down from 3 s: the charts shade it; its stream's requests are refused
    // (logged, never invoked), so they count as failures, marked on the chart,
    // and it completes nothing after the kill.
    QCOMPARE(model->faults().periods().size(), std::size_t(1));
    QCOMPARE(model->faults().periods().front().label, std::string("n4 down (crashed)"));
    WorkloadCharts* charts = workload->panel()->charts();
    QVERIFY(charts->shadedPeriods() >= 1);
    const int refused = cell(model, QStringLiteral("n4"), WorkloadModel::Failed);
    QVERIFY2(refused >= 2 * 20 - 2, qPrintable(QString::number(refused)));  // 2 s of 20/s
    const std::vector<Window> n4 = model->windows().windows("n4");
    QVERIFY(n4.size() >= 5);
    for (std::size_t w : {3, 4})
      QVERIFY2(n4[w].failed >= 18, qPrintable(QString::number(n4[w].failed)));
    QCOMPARE(n4[4].ok, 0);
    QTRY_VERIFY_WITH_TIMEOUT(charts->failureMarks() >= 2, catslab::testing::scaledMs(10000));
    // The latency of a CATS get or put in this topology is a few round trips.
    QVERIFY(model->index(0, WorkloadModel::P50).data(Qt::UserRole).toLongLong() > 0);
    QVERIFY(workload->panel()->charts()->seriesNames().contains(QStringLiteral("n1")));

    // Stopping n1's stream stops its requests.
    workload->stop(QStringLiteral("n1"));
    QVERIFY(!sim->streamingNodes().contains(QStringLiteral("n1")));
    runTo(sim, 6.0);
    const auto& recorded = sim->recordedStreams();
    const auto n1 = std::find_if(recorded.begin(), recorded.end(),
                                 [](const auto& r) { return r.stream->node == "n1"; });
    QVERIFY(n1 != recorded.end());
    QTRY_VERIFY_WITH_TIMEOUT(n1->count >= 0, catslab::testing::scaledMs(60000));
    QCOMPARE(static_cast<qint64>(n1->stream->issued.load()), n1->count);
    workload->stop({});
    QVERIFY(sim->streamingNodes().isEmpty());
    // Nothing runs: the panel says why instead of starting.
    sim->stop();
    QVERIFY(workload->start(QStringLiteral("n1"), spec));
  }

  void streamsReplayFromTheSavedScenario() {
    auto topology = runtime::loadTopology(catsTopology().toStdString());
    QVERIFY2(topology.isOk(), topology.error().c_str());
    RunStore store;
    SimulationBackend sim(&store);
    const quint64 seed = 5;
    QVERIFY(!sim.prepare(*topology, nullptr, seed));
    runTo(&sim, 1.2);
    WorkloadSpec mixed;
    mixed.ratePerSecond = 40;
    mixed.readFraction = 0.6;
    mixed.deleteFraction = 0.1;
    QVERIFY(!sim.startStream(QStringLiteral("n2"), mixed));
    WorkloadSpec hot = mixed;
    hot.keys = KeyDistribution::Zipf;
    hot.keyCount = 10;
    QVERIFY(!sim.startStream(QStringLiteral("n5"), hot));
    QVERIFY(!sim.startStream(QStringLiteral("n9"), hot));  // refused by the run
    QTRY_VERIFY_WITH_TIMEOUT(!sim.streamingNodes().contains(QStringLiteral("n9")),
                             catslab::testing::scaledMs(60000));
    runTo(&sim, 2.5);
    sim.stopStream(QStringLiteral("n2"));
    sim.killNode(QStringLiteral("n5"));  // its stream's requests now fail
    runTo(&sim, 3.0);
    QTRY_VERIFY_WITH_TIMEOUT(
        sim.recordedStreams().size() == 2 && sim.recordedStreams()[0].count > 0,
        catslab::testing::scaledMs(60000));

    QTemporaryDir dir;
    auto base = baseScenario({}, *topology);
    QVERIFY(base.isOk());
    const qint64 at = sim.virtualTimeNs();
    const qint64 end = actionTimeNs(at);
    auto saveWith = [&](const QString& name, auto&& change) {
      scenario::Scenario s = recordedScenario(*base, sim.recordedActions(), end);
      for (const auto& [stream, count] : sim.recordedStreams()) {
        scenario::Process p = streamProcess(
            *stream, count >= 0 ? static_cast<std::uint64_t>(count) : requestsBefore(*stream, end));
        if (change(p)) *s.add_processes() = p;
      }
      const QString file = dir.filePath(name);
      if (!saveScenarioFile(s, file)) qFatal("cannot save %s", qPrintable(file));
      return file;
    };
    const QString same =
        saveWith(QStringLiteral("same.json"), [](scenario::Process&) { return true; });
    const std::vector<trace::Record> replayed = replay(same, seed, dir);
    QVERIFY(replayed.size() > 1000);
    const QString diff = firstDivergence(store, replayed, at);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    // The streams are in it: requests from gui-stream-2 failed on the killed n5.
    bool failedOnN5 = false;
    for (const auto& r : replayed)
      failedOnN5 |= r.has_log() && r.log().text().rfind("gui-stream-2: request failed", 0) == 0;
    QVERIFY(failedOnN5);

    // Not vacuous: a stream a millisecond later, or no streams, is another run.
    const QString late = saveWith(QStringLiteral("late.json"), [](scenario::Process& p) {
      if (p.name() == "gui-stream-1") p.set_start_at_ms(p.start_at_ms() + 1);
      return true;
    });
    QVERIFY(!firstDivergence(store, replay(late, seed, dir), at).isEmpty());
    const QString bare =
        saveWith(QStringLiteral("bare.json"), [](scenario::Process&) { return false; });
    QVERIFY(!firstDivergence(store, replay(bare, seed, dir), at).isEmpty());
  }
};

QTEST_MAIN(tst_workload_sim)
#include "tst_workload_sim.moc"
