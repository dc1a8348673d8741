// catslab-ycsb prints what YCSB prints, so that scripts and plots made for
// YCSB read it: the [OVERALL] and per-operation lines, Return= counts, the
// status line; and its histogram's percentiles are within 1/64 of the truth.
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>

#include "bench/ycsb/histogram.h"
#include "bench/ycsb/history_log.h"
#include "bench/ycsb/report.h"

using namespace catslab::ycsb;

class tst_ycsb_report : public QObject {
  Q_OBJECT

 private slots:
  void histogramIsExactBelow128AndCloseAbove() {
    LatencyHistogram h;
    for (int64_t v = 1; v <= 100; ++v) h.record(v);
    QCOMPARE(h.percentile(50), int64_t(50));
    QCOMPARE(h.percentile(95), int64_t(95));
    QCOMPARE(h.min(), int64_t(1));
    QCOMPARE(h.max(), int64_t(100));
    QCOMPARE(h.mean(), 50.5);

    LatencyHistogram big;
    for (int64_t v = 1; v <= 1000000; v += 7) big.record(v);
    for (double p : {50.0, 90.0, 99.0, 99.9}) {
      double truth = p / 100 * 1000000;
      double got = double(big.percentile(p));
      QVERIFY2(got >= truth * (1 - 1.0 / 64) && got <= truth * (1 + 1.0 / 64),
               qPrintable(QStringLiteral("p%1: %2 for %3").arg(p).arg(got).arg(truth)));
    }
    QCOMPARE(big.percentile(100), big.max());
  }

  void bucketsAreContiguous() {
    for (int64_t v = 0; v < 5000000; v = v < 300 ? v + 1 : v * 11 / 10) {
      int b = LatencyHistogram::bucketOf(v);
      QVERIFY(v <= LatencyHistogram::bucketHigh(b));
      QVERIFY(b == 0 || v > LatencyHistogram::bucketHigh(b - 1));
    }
  }

  void mergeAddsThreads() {
    LatencyHistogram a, b;
    a.record(10);
    a.record(30);
    b.record(5);
    a.merge(b);
    QCOMPARE(a.count(), int64_t(3));
    QCOMPARE(a.min(), int64_t(5));
    QCOMPARE(a.max(), int64_t(30));
    QCOMPARE(a.mean(), 15.0);
  }

  // The status line shows the last interval only, as YCSB's does: a slow
  // interval after a fast one shows its own latencies.
  void intervalsShowOnlyTheirOwnOperations() {
    StatsTable before;
    OperationStats fast;
    for (int i = 0; i < 100; ++i) fast.latency.record(50);
    before.emplace_back("READ", fast);
    StatsTable now = before;
    for (int i = 0; i < 10; ++i) now[0].second.latency.record(2000);
    OperationStats update;
    update.latency.record(70);
    now.emplace_back("UPDATE", update);
    StatsTable interval = intervalOf(now, before);
    QCOMPARE(interval.size(), size_t(2));
    const LatencyHistogram& reads = interval[0].second.latency;
    QCOMPARE(reads.count(), int64_t(10));
    QCOMPARE(reads.mean(), 2000.0);
    QVERIFY(reads.min() >= 2000 * 63 / 64 && reads.max() <= 2000);
    QVERIFY(reads.percentile(50) >= 2000 * 63 / 64);
    QCOMPARE(interval[1].second.latency.count(), int64_t(1));
  }

  void reportHasYcsbsLines() {
    StatsTable stats;
    OperationStats read;
    for (int64_t v : {100, 200, 300}) read.latency.record(v);
    read.returns["OK"] = 2;
    read.returns["NOT_FOUND"] = 1;
    stats.emplace_back("READ", read);
    OperationStats failed;
    failed.latency.record(300);
    stats.emplace_back("READ-FAILED", failed);
    std::string report = formatReport(stats, 2000, 1000, {50, 95, 99, 99.9});
    QCOMPARE(QString::fromStdString(report),
             QStringLiteral("[OVERALL], RunTime(ms), 2000\n"
                            "[OVERALL], Throughput(ops/sec), 500.0\n"
                            "[READ], Operations, 3\n"
                            "[READ], AverageLatency(us), 200.0\n"
                            "[READ], MinLatency(us), 100\n"
                            "[READ], MaxLatency(us), 300\n"
                            "[READ], 50thPercentileLatency(us), 201\n"
                            "[READ], 95thPercentileLatency(us), 300\n"
                            "[READ], 99thPercentileLatency(us), 300\n"
                            "[READ], 99.9PercentileLatency(us), 300\n"
                            "[READ], Return=NOT_FOUND, 1\n"
                            "[READ], Return=OK, 2\n"
                            "[READ-FAILED], Operations, 1\n"
                            "[READ-FAILED], AverageLatency(us), 300.0\n"
                            "[READ-FAILED], MinLatency(us), 300\n"
                            "[READ-FAILED], MaxLatency(us), 300\n"
                            "[READ-FAILED], 50thPercentileLatency(us), 300\n"
                            "[READ-FAILED], 95thPercentileLatency(us), 300\n"
                            "[READ-FAILED], 99thPercentileLatency(us), 300\n"
                            "[READ-FAILED], 99.9PercentileLatency(us), 300\n"));
  }

  void numbersAreFormattedAsJavaDoes_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("whole") << 1000.0 << "1000.0";
    QTest::newRow("fraction") << 98.91196834817013 << "98.91196834817013";
    QTest::newRow("zero") << 0.0 << "0.0";
  }
  void numbersAreFormattedAsJavaDoes() {
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(javaDouble(value)), text);
  }

  void percentileNamesAreOrdinals_data() {
    QTest::addColumn<double>("p");
    QTest::addColumn<QString>("name");
    QTest::newRow("95") << 95.0 << "95th";
    QTest::newRow("1") << 1.0 << "1st";
    QTest::newRow("12") << 12.0 << "12th";
    QTest::newRow("22") << 22.0 << "22nd";
    QTest::newRow("99.9") << 99.9 << "99.9";
  }
  void percentileNamesAreOrdinals() {
    QFETCH(double, p);
    QFETCH(QString, name);
    QCOMPARE(QString::fromStdString(percentileName(p)), name);
  }

  void statusLineIsYcsbs() {
    StatsTable stats;
    OperationStats update;
    update.latency.record(1500);
    stats.emplace_back("UPDATE", update);
    StatusSnapshot s;
    s.now = std::chrono::system_clock::now();
    s.elapsedSeconds = 10;
    s.operations = 1000;
    s.currentOpsPerSecond = 99.5;
    s.remainingSeconds = 90;
    QString line = QString::fromStdString(formatStatusLine(s, stats));
    QRegularExpression shape(QStringLiteral(
        R"(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3} 10 sec: 1000 operations; 99\.5 current ops/sec; )"
        R"(est completion in 1 minute 30 seconds \[UPDATE: Count=1, Max=1500, Min=1500, )"
        R"(Avg=1500, 90=1500, 99=1500, 99\.9=1500, 99\.99=1500\]$)"));
    QVERIFY2(shape.match(line).hasMatch(), qPrintable(line));
  }

  // -p history.file: Jepsen history.txt lines, one register per key
  // number, a write's value carried by the record it wrote.
  void historyIsAJepsenLog() {
    QTemporaryDir dir;
    std::string path = dir.path().toStdString() + "/history.txt";
    {
      HistoryLog log;
      QVERIFY(log.open(path).isOk());
      log.add(3, "invoke", "write", 17, 3000000000001);
      log.add(3, "info", "write", 17, 3000000000001);
      log.add(5, "invoke", "read", 17, -1);
      log.add(5, "ok", "read", 17, 0);
    }
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    QCOMPARE(QString::fromStdString(text), QStringLiteral("3 :invoke :write [17 3000000000001]\n"
                                                          "3 :info :write [17 3000000000001]\n"
                                                          "5 :invoke :read [17 nil]\n"
                                                          "5 :ok :read [17 0]\n"));
    Record r{{"field0", std::string(100, 'x')}, {"field1", "y"}};
    QCOMPARE(HistoryLog::idOf(r), int64_t(0));  // as the load phase writes it
    HistoryLog::tag(r, 2000000000042);
    QCOMPARE(HistoryLog::idOf(*decodeRecord(encodeRecord(r))), int64_t(2000000000042));
    QCOMPARE(r[0].second.size(), size_t(100));
    QVERIFY(!HistoryLog().open(dir.path().toStdString() + "/no/such/dir/h.txt").isOk());
  }

  void remainingTimeReadsLikeYcsbs() {
    QCOMPARE(formatRemaining(0), std::string("0 seconds"));
    QCOMPARE(formatRemaining(1), std::string("1 second"));
    QCOMPARE(formatRemaining(3725), std::string("1 hour 2 minutes"));
  }
};

QTEST_GUILESS_MAIN(tst_ycsb_report)
#include "tst_ycsb_report.moc"
