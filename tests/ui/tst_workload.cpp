// The workload panel's computations: the request stream's mix, rate and key
// distribution (a Zipf stream's hot keys measurably hotter than a uniform
// one's, and the uniform stream caught by the same test), the windowed ops/s
// and nearest-rank p50/p99 on a hand-built series, fault periods from trace
// records, and the table model (QAbstractItemModelTester) over a hand-built
// run, counting requests refused by a down node as failures.
#include <QAbstractItemModelTester>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "snapshot_view/run_store.h"
#include "tests/snapshot_view/trace_builder.h"
#include "ui/workload/fault_periods.h"
#include "ui/workload/latency_windows.h"
#include "ui/workload/refused_request.h"
#include "ui/workload/request_stream.h"
#include "ui/workload/workload_model.h"

using namespace catslab;
using namespace catslab::ui;
using namespace catslab::ui::workload;
namespace tb = trace_builder;

namespace {
// Share of draws that went to the hottest `top` keys.
double topShare(const WorkloadSpec& spec, int draws, int top) {
  RequestStream s(spec, 42, "n1");
  std::map<std::string, int> counts;
  for (int i = 0; i < draws; ++i) ++counts[s.next().key];
  std::vector<int> sorted;
  for (const auto& [k, c] : counts) sorted.push_back(c);
  std::sort(sorted.rbegin(), sorted.rend());
  int hot = 0;
  for (int i = 0; i < top && i < static_cast<int>(sorted.size()); ++i) hot += sorted[i];
  return static_cast<double>(hot) / draws;
}

// The check the Zipf test makes: the 10 hottest of 100 keys take at least
// half of the requests (uniform keys give them about a tenth).
bool skewed(const WorkloadSpec& spec) { return topShare(spec, 20000, 10) > 0.5; }

tb::tr::Record op(const std::string& node, double atMs, tb::tr::ClientOp::Phase phase,
                  std::uint64_t id) {
  return tb::clientOp(node, atMs, phase, id, "get", "k", "");
}
}  // namespace

class tst_workload : public QObject {
  Q_OBJECT
 private slots:
  void mixFollowsTheShares() {
    WorkloadSpec spec;
    spec.readFraction = 0.7;
    spec.deleteFraction = 0.1;
    RequestStream s(spec, 7, "n2");
    int gets = 0, puts = 0, dels = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
      const Request r = s.next();
      switch (r.kind) {
        case Request::Kind::Get:
          ++gets;
          QVERIFY(r.line.rfind("get k", 0) == 0);
          break;
        case Request::Kind::Put:
          ++puts;
          QVERIFY(r.line.rfind("put k", 0) == 0);
          break;
        case Request::Kind::Del:
          ++dels;
          QVERIFY(r.line.rfind("del k", 0) == 0);
          break;
      }
    }
    QVERIFY2(std::abs(gets / double(n) - 0.7) < 0.02, qPrintable(QString::number(gets)));
    QVERIFY2(std::abs(dels / double(n) - 0.1) < 0.02, qPrintable(QString::number(dels)));
    QVERIFY2(std::abs(puts / double(n) - 0.2) < 0.02, qPrintable(QString::number(puts)));
    QCOMPARE(s.issued(), std::uint64_t(n));
  }

  void putValuesAreUniqueAndSized() {
    WorkloadSpec spec;
    spec.readFraction = 0;
    spec.valueSize = 16;
    RequestStream s(spec, 1, "n3");
    std::set<std::string> values;
    for (int i = 0; i < 500; ++i) {
      const std::string line = s.next().line;  // "put kN n3.17......."
      const std::string value = line.substr(line.rfind(' ') + 1);
      QCOMPARE(value.size(), std::size_t(16));
      QVERIFY(value.rfind("n3.", 0) == 0);
      values.insert(value);
    }
    QCOMPARE(values.size(), std::size_t(500));
  }

  void rateIsAWholeMillisecondPeriod_data() {
    QTest::addColumn<double>("rate");
    QTest::addColumn<qint64>("periodMs");
    QTest::newRow("20/s") << 20.0 << qint64(50);
    QTest::newRow("30/s rounds") << 30.0 << qint64(33);
    QTest::newRow("1000/s") << 1000.0 << qint64(1);
    QTest::newRow("0.5/s") << 0.5 << qint64(2000);
  }
  void rateIsAWholeMillisecondPeriod() {
    QFETCH(double, rate);
    QFETCH(qint64, periodMs);
    WorkloadSpec spec;
    spec.ratePerSecond = rate;
    QCOMPARE(spec.periodNs(), periodMs * 1'000'000);
  }

  void sameSeedSameStream() {
    WorkloadSpec spec;
    spec.keys = KeyDistribution::Zipf;
    RequestStream a(spec, 9, "n1"), b(spec, 9, "n1"), c(spec, 10, "n1");
    int differ = 0;
    for (int i = 0; i < 200; ++i) {
      const std::string line = a.next().line;
      QCOMPARE(b.next().line, line);
      differ += c.next().line != line;
    }
    QVERIFY(differ > 50);  // another seed is another stream
  }

  void zipfIsSkewedAndUniformIsNot() {
    WorkloadSpec uniform;
    uniform.keyCount = 100;
    WorkloadSpec zipf = uniform;
    zipf.keys = KeyDistribution::Zipf;
    zipf.zipfExponent = 0.99;
    // The hottest key: about 19% of the draws under Zipf(0.99), 1% uniform.
    const double zipfTop = topShare(zipf, 20000, 1);
    const double uniformTop = topShare(uniform, 20000, 1);
    const ZipfSampler sampler(100, 0.99);
    QVERIFY2(
        std::abs(zipfTop - sampler.probability(0)) < 0.02,
        qPrintable(
            QStringLiteral("k0 drawn %1, expected %2").arg(zipfTop).arg(sampler.probability(0))));
    QVERIFY2(uniformTop < 0.02, qPrintable(QString::number(uniformTop)));
    // The skew check passes for Zipf and fails for the uniform stream.
    QVERIFY(skewed(zipf));
    QVERIFY(!skewed(uniform));
    // A flatter Zipf is less skewed.
    WorkloadSpec flat = zipf;
    flat.zipfExponent = 0.5;
    QVERIFY(topShare(flat, 20000, 1) < zipfTop / 2);
    // The probabilities follow 1/r^s.
    QVERIFY(std::abs(sampler.probability(0) / sampler.probability(1) - std::pow(2, 0.99)) < 1e-9);
  }

  void badSpecsAreRefused_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("zero rate") << QStringLiteral("rate=0")
                               << QStringLiteral("rate must be in (0, 1000]");
    QTest::newRow("shares") << QStringLiteral("reads=0.8,dels=0.5")
                            << QStringLiteral("reads + dels must be at most 1");
    QTest::newRow("dist") << QStringLiteral("dist=pareto")
                          << QStringLiteral("dist must be uniform or zipf");
    QTest::newRow("name") << QStringLiteral("speed=3") << QStringLiteral("unknown setting 'speed'");
    QTest::newRow("number") << QStringLiteral("keys=lots") << QStringLiteral("keys: not a number");
    QTest::newRow("no value") << QStringLiteral("zipf") << QStringLiteral("expected name=value");
    QTest::newRow("value size") << QStringLiteral("value=0")
                                << QStringLiteral("value must be 1..4096");
  }
  void badSpecsAreRefused() {
    QFETCH(QString, text);
    QFETCH(QString, reason);
    const auto spec = WorkloadSpec::parse(text.toStdString());
    QVERIFY(!spec);
    QVERIFY2(QString::fromStdString(spec.error()).contains(reason), spec.error().c_str());
  }

  void goodSpecParses() {
    const auto spec = WorkloadSpec::parse("rate=25, reads=0.9,keys=50,value=32,dist=zipf,s=1.2");
    QVERIFY2(spec, spec.error().c_str());
    QCOMPARE(spec->ratePerSecond, 25.0);
    QCOMPARE(spec->readFraction, 0.9);
    QCOMPARE(spec->keyCount, 50);
    QCOMPARE(spec->valueSize, 32);
    QCOMPARE(spec->keys, KeyDistribution::Zipf);
    QCOMPARE(spec->zipfExponent, 1.2);
    QCOMPARE(spec->describe(), std::string("25/s, 90% get 10% put, 50 keys zipf(1.2), "
                                           "32-byte values"));
    QVERIFY(WorkloadSpec::parse(""));  // every field has a default
  }

  void percentileIsNearestRank() {
    std::vector<std::int64_t> v;
    for (int i = 1; i <= 100; ++i) v.push_back(i);
    QCOMPARE(percentile(v, 50), std::int64_t(50));
    QCOMPARE(percentile(v, 99), std::int64_t(99));
    QCOMPARE(percentile({}, 50), std::int64_t(0));
    QCOMPARE(percentile({7}, 99), std::int64_t(7));
    QCOMPARE(percentile({30, 10, 20}, 50), std::int64_t(20));
    QCOMPARE(percentile({30, 10, 20}, 99), std::int64_t(30));
  }

  void windowsOnAHandBuiltSeries() {
    LatencyWindows w;  // 1 s windows
    const std::int64_t ms = 1'000'000;
    // Window 0: n1 completes ten operations taking 10, 20, …, 100 ms.
    for (int i = 1; i <= 10; ++i) w.add("n1", 100 * ms, (100 + 10 * i) * ms, false);
    // Window 2: n1 two (5 and 7 ms) and a failure; n2 one of 100 ms.
    w.add("n1", 2100 * ms, 2105 * ms, false);
    w.add("n1", 2200 * ms, 2207 * ms, false);
    w.add("n1", 2300 * ms, 2900 * ms, true);
    w.add("n2", 2000 * ms, 2100 * ms, false);

    const std::vector<Window> n1 = w.windows("n1");
    QCOMPARE(n1.size(), std::size_t(3));
    QCOMPARE(n1[0].ok, 10);
    QCOMPARE(n1[0].opsPerSecond, 10.0);
    QCOMPARE(n1[0].p50Ns, 50 * ms);
    QCOMPARE(n1[0].p99Ns, 100 * ms);
    QCOMPARE(n1[1].ok, 0);  // an empty second is drawn as zero
    QCOMPARE(n1[1].opsPerSecond, 0.0);
    QCOMPARE(n1[2].ok, 2);
    QCOMPARE(n1[2].failed, 1);
    QCOMPARE(n1[2].p50Ns, 5 * ms);
    QCOMPARE(n1[2].p99Ns, 7 * ms);

    const std::vector<Window> all = w.windows("");
    QCOMPARE(all.size(), std::size_t(3));
    QCOMPARE(all[2].ok, 3);
    QCOMPARE(all[2].opsPerSecond, 3.0);
    QCOMPARE(all[2].p50Ns, 7 * ms);  // 5, 7, 100 ms
    QCOMPARE(all[2].p99Ns, 100 * ms);
    QCOMPARE(w.windows("n2").front().ok, 0);

    // Half-second windows split the same series differently.
    LatencyWindows half(500 * ms);
    for (int i = 1; i <= 10; ++i) half.add("n1", 100 * ms, (100 + 10 * i) * ms, false);
    QCOMPARE(half.windows("n1").front().opsPerSecond, 20.0);

    const Window total = w.total("n1", 4000 * ms);
    QCOMPARE(total.ok, 12);
    QCOMPARE(total.failed, 1);
    QCOMPARE(total.opsPerSecond, 3.0);
  }

  void faultPeriodsFromRecords() {
    FaultPeriods f;
    f.add(tb::crash("n3", 1000));
    f.add(tb::crash("n3", 1100));  // already down: one period
    f.add(tb::up("n3", 2000));
    f.add(tb::log("", 3000, "sim", "partition [n1] | [n2, n3]"));
    f.add(tb::log("", 3500, "info", "heal"));  // not the simulator's
    f.add(tb::log("", 4000, "sim", "heal"));
    f.add(tb::crash("n2", 5000));
    const auto& p = f.periods();
    QCOMPARE(p.size(), std::size_t(3));
    QCOMPARE(p[0].kind, FaultPeriod::Kind::NodeDown);
    QCOMPARE(p[0].label, std::string("n3 down (crashed)"));
    QCOMPARE(p[0].startNs, tb::ms(1000));
    QCOMPARE(p[0].endNs, tb::ms(2000));
    QCOMPARE(p[1].kind, FaultPeriod::Kind::Partition);
    QCOMPARE(p[1].startNs, tb::ms(3000));
    QCOMPARE(p[1].endNs, tb::ms(4000));
    QCOMPARE(p[2].endNs, std::int64_t(-1));  // n2 is still down
  }

  void modelOfAHandBuiltRun() {
    RunStore store;
    WorkloadModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    using P = tb::tr::ClientOp;
    std::vector<tb::tr::Record> records = {tb::up("n1", 0), tb::up("n2", 0), tb::up("n10", 0)};
    records.push_back(op("n1", 100, P::INVOKE, 1));
    records.push_back(op("n1", 120, P::OK, 1));
    records.push_back(op("n2", 150, P::INVOKE, 2));
    records.push_back(op("n2", 450, P::FAIL, 2));
    records.push_back(op("n1", 500, P::INVOKE, 3));
    records.push_back(op("n1", 540, P::OK, 3));
    records.push_back(op("n10", 600, P::INVOKE, 4));  // never answered
    records.push_back(tb::crash("n2", 700));
    records.push_back(tb::up("n2", 1500));
    records.push_back(op("n1", 1900, P::INVOKE, 5));
    records.push_back(op("n1", 2100, P::INFO, 5));  // timed out
    for (std::size_t i = 0; i < records.size(); ++i) records[i].set_seq(i);
    store.append(records);
    model.refresh();
    model.setStreams({{QStringLiteral("n2"), QStringLiteral("10/s")}});

    QCOMPARE(model.rowCount(), 4);  // n1, n2, n10, all nodes
    auto cell = [&](int row, int column) { return model.index(row, column).data(); };
    QCOMPARE(cell(0, WorkloadModel::Node).toString(), QStringLiteral("n1"));
    QCOMPARE(cell(2, WorkloadModel::Node).toString(), QStringLiteral("n10"));
    QCOMPARE(cell(0, WorkloadModel::Ok).toInt(), 2);
    QCOMPARE(cell(0, WorkloadModel::Failed).toInt(), 1);  // the timeout counts
    QCOMPARE(cell(1, WorkloadModel::Failed).toInt(), 1);
    QCOMPARE(cell(1, WorkloadModel::Stream).toString(), QStringLiteral("10/s"));
    QCOMPARE(cell(0, WorkloadModel::Stream).toString(), QStringLiteral("—"));
    QCOMPARE(cell(2, WorkloadModel::Open).toInt(), 1);
    QCOMPARE(cell(3, WorkloadModel::Node).toString(), QStringLiteral("all nodes"));
    QCOMPARE(cell(3, WorkloadModel::Ok).toInt(), 2);
    QCOMPARE(cell(3, WorkloadModel::Failed).toInt(), 2);
    QCOMPARE(cell(0, WorkloadModel::P50).toString(), QStringLiteral("20.0"));
    QCOMPARE(cell(0, WorkloadModel::P99).toString(), QStringLiteral("40.0"));
    // n1's last complete window is [1 s, 2 s): nothing succeeded in it.
    QCOMPARE(model.index(0, WorkloadModel::OpsPerSecond).data(Qt::UserRole).toDouble(), 0.0);
    QCOMPARE(model.faults().periods().size(), std::size_t(1));

    store.clear();
    QCOMPARE(model.rowCount(), 1);  // all nodes, all zero
    QCOMPARE(cell(0, WorkloadModel::Ok).toInt(), 0);
  }

  // A stream's request to a node that is down was logged and not counted:
  // a killed node's stream looked idle instead of failing.
  void requestsToADownNodeFail() {
    RunStore store;
    WorkloadModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    using P = tb::tr::ClientOp;
    std::vector<tb::tr::Record> records = {tb::up("n1", 0), tb::up("n2", 0)};
    records.push_back(op("n2", 100, P::INVOKE, 1));
    records.push_back(op("n2", 120, P::OK, 1));
    records.push_back(tb::crash("n2", 700));
    // As the simulation logs them (a stream's, a scenario's) and the process backend.
    for (double at : {800.0, 900.0, 1100.0}) {
      records.push_back(
          tb::log("", at, "warning", "gui-stream-1: request failed: node n2 is down"));
    }
    tb::tr::Record launched = refusedRequest("workload", "n2");
    launched.set_time_ns(tb::ms(1200));
    records.push_back(launched);
    // Not a refusal by a down node.
    records.push_back(tb::log("", 1300, "warning", "load: request failed: unknown node 'n9'"));
    records.push_back(tb::log("", 1300, "warning", "load: kill failed: node n1 is down"));
    records.push_back(tb::log("n1", 1300, "info", "x: request failed: node n1 is down"));
    for (std::size_t i = 0; i < records.size(); ++i) records[i].set_seq(i);
    store.append(records);
    model.refresh();

    QCOMPARE(model.rowCount(), 3);  // n1, n2, all nodes
    auto cell = [&](int row, int column) { return model.index(row, column).data(); };
    QCOMPARE(cell(1, WorkloadModel::Node).toString(), QStringLiteral("n2"));
    QCOMPARE(cell(1, WorkloadModel::Ok).toInt(), 1);
    QCOMPARE(cell(1, WorkloadModel::Failed).toInt(), 4);
    QCOMPARE(cell(1, WorkloadModel::Open).toInt(), 0);
    QCOMPARE(cell(0, WorkloadModel::Failed).toInt(), 0);
    QCOMPARE(cell(2, WorkloadModel::Failed).toInt(), 4);
    // Failures do not count in the latencies, and the charts mark them per window.
    QCOMPARE(cell(1, WorkloadModel::P50).toString(), QStringLiteral("20.0"));
    const std::vector<Window> n2 = model.windows().windows("n2");
    QCOMPARE(n2.size(), std::size_t(2));
    QCOMPARE(n2[0].failed, 2);
    QCOMPARE(n2[1].failed, 2);
  }
};

QTEST_MAIN(tst_workload)
#include "tst_workload.moc"
