// The stress profile (work-stealing pool, real time, emulated network
// delaying in real time) run through Scenario and catslab-sim, as a user
// runs it. These runs take their scenario's length in real time.
#include <QProcess>
#include <QTest>

#include "runtime/sim/scenario.h"
#include "runtime/sim/scenario_file.h"
#include "runtime/sim/simulation.h"
#include "tests/timeouts.h"

using namespace catslab;

namespace {

// A ping cluster of three nodes: n3 is killed at 300 ms and restarted at
// 600 ms; n1 pings everyone every 50 ms; the run ends at 1 s.
sim::Scenario pingScenario() {
  topology::Topology t;
  t.set_name("ping3");
  for (const char* id : {"n1", "n2", "n3"}) {
    auto* n = t.add_nodes();
    n->set_id(id);
    n->set_stack("ping");
    (*n->mutable_params())["timeout_ms"] = "200";
  }
  t.mutable_default_link()->mutable_latency()->set_mean_ms(5);  // constant
  sim::Scenario sc("stress-ping");
  sc.setTopology(t);
  auto& kill = sc.process("kill").raise(1, sim::Operation::killNode(),
                                        sim::Distribution::constant(std::string("n3")));
  kill.startAt(sim::ms(300));
  auto& back = sc.process("back").raise(1, sim::Operation::startNode(),
                                        sim::Distribution::constant(std::string("n3")));
  back.startAt(sim::ms(600));
  auto& pings = sc.process("pings")
                    .eventInterArrivalTime(sim::Distribution::constant(50.0))
                    .raise(18, sim::Operation::clientRequest(),
                           sim::Distribution::constant(std::string("n1")),
                           sim::Distribution::constant(std::string("ping all")));
  pings.start();
  sc.terminateAt(sim::seconds(1));
  return sc;
}

sim::SimulationOptions stress(int workers, sim::RecordSink sink = {}) {
  sim::SimulationOptions o;
  o.seed = 5;
  o.profile = sim::Profile::Stress;
  o.workers = workers;
  o.traceSink = std::move(sink);
  return o;
}

QString failuresOf(const sim::RunResult& r) {
  QString out = QString::fromStdString(r.error);
  for (const auto& f : r.failures)
    out += QStringLiteral("\n  %1: %2")
               .arg(QString::fromStdString(f.check), QString::fromStdString(f.message));
  return out;
}

}  // namespace

class tst_stress_profile : public QObject {
  Q_OBJECT
 private slots:
  // Operations happen at their real times, never early, and the trace
  // says which profile made it.
  void operationsHappenAtTheirRealTime() {
    std::mutex m;
    std::vector<trace::Record> records;
    const sim::RunResult r = pingScenario().run(stress(2, [&](const trace::Record& rec) {
      std::lock_guard lock(m);
      records.push_back(rec);
    }));
    QVERIFY2(r.passed(), qPrintable(failuresOf(r)));
    QVERIFY(r.virtualNs >= sim::seconds(1));
    std::lock_guard lock(m);
    QVERIFY(!records.empty());
    QCOMPARE(records.front().header().profile(), std::string("stress"));
    std::int64_t down = -1, up = -1;
    int replies = 0;
    for (const auto& rec : records) {
      if (rec.has_node_down() && rec.node() == "n3") down = rec.time_ns();
      if (rec.has_node_up() && rec.node() == "n3" && down >= 0) up = rec.time_ns();
      if (rec.has_log() && rec.log().level() == "console" && rec.node() == "n1" &&
          rec.log().text().rfind("reply from", 0) == 0)
        ++replies;
    }
    QVERIFY2(down >= sim::ms(300), qPrintable(QString::number(down)));
    QVERIFY2(up >= sim::ms(600), qPrintable(QString::number(up)));
    QVERIFY(replies > 0);
    // Records are in arrival order: seq counts up and time never goes back.
    for (std::size_t i = 1; i < records.size(); ++i) {
      QCOMPARE(records[i].seq(), records[i - 1].seq() + 1);
      QVERIFY(records[i].time_ns() >= records[i - 1].time_ns());
    }
  }

  // A check that cannot hold fails in the stress profile too, at the end
  // and on snapshots, with its name and the state that broke it.
  void failingChecksAreReported() {
    sim::Scenario sc = pingScenario();
    sim::CheckExpr impossible;
    impossible.name = "impossible";
    impossible.quantifier = "live_nodes";
    impossible.value = "7";
    sc.check(impossible);
    sc.snapshotEvery(sim::ms(200));
    const sim::RunResult r = sc.run(stress(2));
    QVERIFY(!r.passed());
    QVERIFY(r.failures.size() >= 2);  // snapshots and the end
    QCOMPARE(r.failures.front().check, std::string("impossible"));
    QVERIFY2(r.failures.front().message.find("live") != std::string::npos,
             r.failures.front().message.c_str());
  }

  // Snapshot checks see the state the nodes reported to the trace: after
  // the restart, n3's ping component is back with fresh counters.
  void snapshotsSeeReportedState() {
    sim::Scenario sc = pingScenario();
    sc.check({.name = "n1 has sent pings",
              .atEndOnly = true,
              .key = "ping.sent",
              .op = ">",
              .value = "0",
              .nodes = {"n1"}});
    sim::CheckExpr threeLive;
    threeLive.name = "three live nodes at the end";
    threeLive.atEndOnly = true;
    threeLive.quantifier = "live_nodes";
    threeLive.value = "3";
    sc.check(threeLive);
    const sim::RunResult r = sc.run(stress(4));
    QVERIFY2(r.passed(), qPrintable(failuresOf(r)));
    QCOMPARE(r.checks, std::size_t(2));
  }

  // The command line: the summary says the run is not reproducible and
  // still prints the seed; bad combinations are refused with exit code 2.
  void commandLineRunsStressProfile() {
    const QString bin = qEnvironmentVariable("CATSLAB_BIN_DIR") + QStringLiteral("/catslab-sim");
    const QString scenario = qEnvironmentVariable("CATSLAB_SOURCE_DIR") +
                             QStringLiteral("/resources/examples/fd/scenario.json");
    QProcess p;
    p.start(bin, {QStringLiteral("--profile"), QStringLiteral("stress"),
                  QStringLiteral("--workers"), QStringLiteral("2"), QStringLiteral("--seed"),
                  QStringLiteral("31"), QStringLiteral("--scenario"), scenario});
    QVERIFY(p.waitForFinished(catslab::testing::scaledMs(60000)));
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(p.exitCode() == 0, qPrintable(out + QString::fromUtf8(p.readAllStandardError())));
    QVERIFY2(out.startsWith(QStringLiteral("seed 31 (stress, 2 workers, not reproducible): ")),
             qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("checks 1/1 passed")), qPrintable(out));
  }
  void commandLineRefusesSeedRangesInStress_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("seeds") << QStringList{QStringLiteral("--profile"), QStringLiteral("stress"),
                                          QStringLiteral("--seeds"), QStringLiteral("1-5")}
                           << QStringLiteral("not reproducible");
    QTest::newRow("workers without stress")
        << QStringList{QStringLiteral("--workers"), QStringLiteral("2"), QStringLiteral("--seed"),
                       QStringLiteral("1")}
        << QStringLiteral("--workers goes with --profile stress");
    QTest::newRow("unknown profile")
        << QStringList{QStringLiteral("--profile"), QStringLiteral("fast"),
                       QStringLiteral("--seed"), QStringLiteral("1")}
        << QStringLiteral("--profile needs");
    QTest::newRow("zero workers") << QStringList{QStringLiteral("--profile"),
                                                 QStringLiteral("stress"),
                                                 QStringLiteral("--workers"), QStringLiteral("0")}
                                  << QStringLiteral("--workers needs a positive integer");
  }
  void commandLineRefusesSeedRangesInStress() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const QString bin = qEnvironmentVariable("CATSLAB_BIN_DIR") + QStringLiteral("/catslab-sim");
    args << QStringLiteral("--scenario")
         << qEnvironmentVariable("CATSLAB_SOURCE_DIR") +
                QStringLiteral("/resources/examples/fd/scenario.json");
    QProcess p;
    p.start(bin, args);
    QVERIFY(p.waitForFinished(catslab::testing::scaledMs(30000)));
    QCOMPARE(p.exitCode(), 2);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(message), qPrintable(err));
  }
};

QTEST_GUILESS_MAIN(tst_stress_profile)
#include "tst_stress_profile.moc"
