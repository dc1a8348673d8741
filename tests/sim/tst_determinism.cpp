// Same binary + scenario + seed => byte-identical trace, across repeated
// runs and across --jobs values; another seed gives another trace. The JSON
// form and the C++ DSL of a scenario give identical runs. Malformed scenario
// files are rejected with file, field and reason (CLI exit code 2).
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <sstream>

#include "runtime/sim/scenario_file.h"
#include "runtime/sim/trace_file.h"
#include "runtime/topology.h"
#include "tests/timeouts.h"

using namespace catslab;

namespace {

std::string source(const std::string& rel) {
  return qEnvironmentVariable("CATSLAB_SOURCE_DIR").toStdString() + "/" + rel;
}
QString binary() { return qEnvironmentVariable("CATSLAB_BIN_DIR") + "/catslab-sim"; }

std::string traceBytes(const sim::Scenario& sc, std::uint64_t seed, sim::RunResult* out = nullptr) {
  std::ostringstream bytes;
  sim::TraceFileWriter writer(bytes);
  sim::SimulationOptions o;
  o.seed = seed;
  o.traceSink = writer.sink();
  sim::RunResult r = sc.run(o);
  (void)writer.close();
  if (out) *out = r;
  return bytes.str();
}

QByteArray readAll(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return f.readAll();
}

}  // namespace

class tst_determinism : public QObject {
  Q_OBJECT
 private slots:
  void sameSeedSameTraceBytes_data() {
    QTest::addColumn<QString>("scenario");
    QTest::newRow("churn") << "resources/scenarios/churn.json";
    QTest::newRow("partition-heal") << "resources/scenarios/partition-heal.json";
  }
  void sameSeedSameTraceBytes() {
    QFETCH(QString, scenario);
    auto sc = sim::loadScenario(source(scenario.toStdString()));
    QVERIFY2(sc, sc.error().c_str());
    const std::string first = traceBytes(*sc, 11);
    QVERIFY(first.size() > 10000);
    QVERIFY(first == traceBytes(*sc, 11));
    QVERIFY(first == traceBytes(*sc, 11));
    QVERIFY(first != traceBytes(*sc, 12));
  }
  void cliTracesIdenticalAcrossJobs() {
    QTemporaryDir dir;
    const QString scenario = QString::fromStdString(source("resources/scenarios/churn.json"));
    for (const QString& jobs : {QStringLiteral("1"), QStringLiteral("2")}) {
      QProcess p;
      p.start(binary(), {"--scenario", scenario, "--seeds", "1-4", "--jobs", jobs, "--trace-dir",
                         dir.filePath("jobs" + jobs)});
      QVERIFY(p.waitForFinished(catslab::testing::scaledMs(120000)));
      QCOMPARE(p.exitCode(), 0);
    }
    QProcess single;
    single.start(binary(), {"--scenario", scenario, "--seed", "3", "--trace", dir.filePath("s3")});
    QVERIFY(single.waitForFinished(catslab::testing::scaledMs(60000)));
    QCOMPARE(single.exitCode(), 0);
    QVERIFY(single.readAllStandardOutput().startsWith("seed 3: "));
    for (int s = 1; s <= 4; ++s) {
      const QString name = QStringLiteral("/seed-%1.trace").arg(s);
      const QByteArray one = readAll(dir.filePath("jobs1") + name);
      QVERIFY(!one.isEmpty());
      QCOMPARE(readAll(dir.filePath("jobs2") + name), one);
      if (s == 3) QCOMPARE(readAll(dir.filePath("s3")), one);
    }
  }
  // resources/scenarios/partition-heal.json, written in the C++ DSL.
  void jsonAndDslRunsAreIdentical() {
    auto fromJson = sim::loadScenario(source("resources/scenarios/partition-heal.json"));
    QVERIFY2(fromJson, fromJson.error().c_str());
    auto topology = runtime::loadTopology(source("resources/topologies/ping8.json"));
    QVERIFY2(topology, topology.error().c_str());

    using sim::Distribution;
    using sim::Operation;
    sim::Scenario sc("partition-heal");
    sc.setTopology(*topology);
    auto& split =
        sc.process("split").raise(1, Operation::partition(), Distribution::constant("n1,n2,n3,n4"),
                                  Distribution::constant("n5,n6,n7,n8"));
    auto& heal = sc.process("heal").raise(1, Operation::heal());
    auto& pings =
        sc.process("pings")
            .eventInterArrivalTime(Distribution::constant(100.0))
            .raise(60, Operation::clientRequest(), Distribution::sequence({"n1", "n5", "n2", "n6"}),
                   Distribution::constant("ping all"));
    split.startAt(sim::ms(1000));
    heal.startAfterStartOf(sim::ms(2000), split);
    pings.startAt(0);
    sc.terminateAfterTerminationOf(sim::ms(1000), pings);
    sc.snapshotEvery(sim::ms(250));
    sc.check({.name = "all nodes up",
              .quantifier = "live_nodes",
              .key = {},
              .op = "==",
              .value = "8",
              .nodes = {}});
    sc.check({.name = "the cut was felt",
              .atEndOnly = true,
              .key = "ping.timeouts",
              .op = ">=",
              .value = "8",
              .nodes = {"n1", "n5"}});
    sc.check({.name = "every ping resolved",
              .atEndOnly = true,
              .key = "ping.outstanding",
              .value = "0",
              .nodes = {}});

    sim::RunResult a, b;
    const std::string json = traceBytes(*fromJson, 5, &a);
    const std::string dsl = traceBytes(sc, 5, &b);
    QVERIFY(json == dsl);
    QVERIFY(a.passed());
    QCOMPARE(a.checks, b.checks);
    QCOMPARE(a.events, b.events);
  }
  void malformedScenarioIsRejected_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("expected");
    const QString topo = R"("topologyFile": "TOPO")";
    QTest::newRow("not json") << "{ nope"
                              << "not a valid scenario";
    QTest::newRow("unknown field") << "{ " + topo + R"(, "terminateAtMs": 1, "colour": 3 })"
                                   << "colour";
    QTest::newRow("no topology") << R"({ "terminateAtMs": 1 })"
                                 << "topology: missing";
    QTest::newRow("missing topology file")
        << R"({ "topologyFile": "nowhere.json", "terminateAtMs": 1 })"
        << "topologyFile: ";
    QTest::newRow("never terminates") << "{ " + topo + " }"
                                      << "terminateAtMs: missing";
    QTest::newRow("unknown op")
        << "{ " + topo +
               R"(, "terminateAtMs": 1, "processes": [ { "name": "p", "startAtMs": 0,
              "raise": [ { "count": 1, "operation": { "op": "explode" } } ] } ] })"
        << "processes[0].raise[0].operation.op: unknown operation 'explode'";
    QTest::newRow("unknown node")
        << "{ " + topo +
               R"(, "terminateAtMs": 1, "processes": [ { "name": "p", "startAtMs": 0,
              "raise": [ { "count": 1, "operation": { "op": "kill",
              "params": [ { "kind": "sequence", "values": ["n1", "n9"] } ] } } ] } ] })"
        << "processes[0].raise[0].operation.params[0].values[1]: unknown node 'n9'";
    QTest::newRow("wrong arity")
        << "{ " + topo +
               R"(, "terminateAtMs": 1, "processes": [ { "name": "p", "startAtMs": 0,
              "raise": [ { "count": 1, "operation": { "op": "kill" } } ] } ] })"
        << "processes[0].raise[0].operation.params: 'kill' takes 1 parameter(s), got 0";
    QTest::newRow("unknown process reference")
        << "{ " + topo +
               R"(, "terminateAtMs": 1, "processes": [ { "name": "p", "startAfterStartOf": "q",
              "raise": [ { "count": 1, "operation": { "op": "heal" } } ] } ] })"
        << "processes[0].startAfterStartOf: unknown process 'q'";
    QTest::newRow("bad distribution")
        << "{ " + topo +
               R"(, "terminateAtMs": 1, "processes": [ { "name": "p", "startAtMs": 0,
              "interArrivalMs": { "kind": "exponential", "mean": -1 },
              "raise": [ { "count": 1, "operation": { "op": "heal" } } ] } ] })"
        << "processes[0].interArrivalMs.mean: must be > 0";
    QTest::newRow("bad check")
        << "{ " + topo + R"(, "terminateAtMs": 1, "checks": [ { "key": "x", "op": "=~" } ] })"
        << "checks[0]: op: unknown operator '=~'";
  }
  void malformedScenarioIsRejected() {
    QFETCH(QString, json);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.json");
    {
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly));
      json.replace("TOPO", QString::fromStdString(source("resources/topologies/ping8.json")));
      f.write(json.toUtf8());
    }
    auto sc = sim::loadScenario(path.toStdString());
    QVERIFY(!sc);
    QVERIFY2(QString::fromStdString(sc.error()).startsWith(path + ": "), sc.error().c_str());
    QVERIFY2(QString::fromStdString(sc.error()).contains(expected), sc.error().c_str());

    QProcess p;
    p.start(binary(), {"--scenario", path, "--seed", "1"});
    QVERIFY(p.waitForFinished(catslab::testing::scaledMs(30000)));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(expected));
  }
};

QTEST_MAIN(tst_determinism)
#include "tst_determinism.moc"
