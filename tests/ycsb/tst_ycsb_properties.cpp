// YCSB's workload property files and -p overrides, as catslab-ycsb reads
// them: the Java property syntax, YCSB's keys and defaults, and a clear
// error (file, line, key) for every bad value.
#include <QTemporaryDir>
#include <QTest>
#include <fstream>

#include "bench/ycsb/properties.h"
#include "bench/ycsb/workload.h"

using namespace catslab::ycsb;

namespace {

// Shaped exactly like the workloada YCSB ships: a comment block, blank
// lines, key=value lines in YCSB's order.
const char* kWorkloadA = R"(# Copyright notice and licence of the benchmark, several comment lines
# long, as every YCSB workload file begins.
#
# You may not use this file except in compliance with the licence.

# Yahoo! Cloud System Benchmark
# Workload A: Update heavy workload
#   Application example: Session store recording recent actions
#
#   Read/update ratio: 50/50
#   Default data size: 1 KB records (10 fields, 100 bytes each, plus key)
#   Request distribution: zipfian

recordcount=1000
operationcount=1000
workload=site.ycsb.workloads.CoreWorkload

readallfields=true

readproportion=0.5
updateproportion=0.5
scanproportion=0
insertproportion=0

requestdistribution=zipfian

)";

std::string writeFile(const QTemporaryDir& dir, const std::string& name, const std::string& text) {
  std::string path = dir.path().toStdString() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace

class tst_ycsb_properties : public QObject {
  Q_OBJECT

 private slots:
  void readsYcsbsWorkloadA() {
    Properties p;
    QVERIFY(p.parse(kWorkloadA, "workloada").isOk());
    QCOMPARE(p.entries().size(), size_t(9));
    auto c = parseWorkload(p);
    QVERIFY2(c.isOk(), c.error().c_str());
    QCOMPARE(c->recordCount, int64_t(1000));
    QCOMPARE(c->operationCount, int64_t(1000));
    QCOMPARE(c->readProportion, 0.5);
    QCOMPARE(c->updateProportion, 0.5);
    QCOMPARE(c->insertProportion, 0.0);
    QVERIFY(c->distribution == KeyDistribution::Zipfian);
    // YCSB's defaults for what the file leaves out: 10 fields of 100 bytes, hashed keys.
    QCOMPARE(c->fieldCount, int64_t(10));
    QCOMPARE(c->fieldLength, int64_t(100));
    QVERIFY(!c->orderedInserts);
    QCOMPARE(c->table, std::string("usertable"));
  }

  void readsTheShippedWorkloads_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<double>("read");
    QTest::addColumn<double>("update");
    QTest::addColumn<double>("insert");
    QTest::addColumn<double>("rmw");
    QTest::addColumn<int>("distribution");
    QTest::newRow("a") << "workloada" << 0.5 << 0.5 << 0.0 << 0.0 << int(KeyDistribution::Zipfian);
    QTest::newRow("b") << "workloadb" << 0.95 << 0.05 << 0.0 << 0.0
                       << int(KeyDistribution::Zipfian);
    QTest::newRow("c") << "workloadc" << 1.0 << 0.0 << 0.0 << 0.0 << int(KeyDistribution::Zipfian);
    QTest::newRow("d") << "workloadd" << 0.95 << 0.0 << 0.05 << 0.0 << int(KeyDistribution::Latest);
    QTest::newRow("f") << "workloadf" << 0.5 << 0.0 << 0.0 << 0.5 << int(KeyDistribution::Zipfian);
  }
  void readsTheShippedWorkloads() {
    QFETCH(QString, file);
    QFETCH(double, read);
    QFETCH(double, update);
    QFETCH(double, insert);
    QFETCH(double, rmw);
    QFETCH(int, distribution);
    Properties p;
    std::string path = qEnvironmentVariable("CATSLAB_SOURCE_DIR").toStdString() +
                       "/bench/ycsb/workloads/" + file.toStdString();
    Status loaded = p.load(path);
    QVERIFY2(loaded.isOk(), loaded.error().c_str());
    auto c = parseWorkload(p);
    QVERIFY2(c.isOk(), c.error().c_str());
    QCOMPARE(c->readProportion, read);
    QCOMPARE(c->updateProportion, update);
    QCOMPARE(c->insertProportion, insert);
    QCOMPARE(c->readModifyWriteProportion, rmw);
    QCOMPARE(int(c->distribution), distribution);
  }

  void javaPropertySyntax_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("value");
    QTest::newRow("equals") << "k=v"
                            << "v";
    QTest::newRow("blanks around") << "  k =  v"
                                   << "v";
    QTest::newRow("colon") << "k: v"
                           << "v";
    QTest::newRow("blank separator") << "k v"
                                     << "v";
    QTest::newRow("continued") << "k=a,\\\n    b"
                               << "a,b";
    QTest::newRow("escapes") << "k=a\\tb\\u0041"
                             << "a\tbA";
    QTest::newRow("crlf") << "k=v\r\n"
                          << "v";
    QTest::newRow("comments") << "# k=no\n! k=no\nk=v"
                              << "v";
    QTest::newRow("later wins") << "k=1\nk=v"
                                << "v";
  }
  void javaPropertySyntax() {
    QFETCH(QString, text);
    QFETCH(QString, value);
    Properties p;
    QVERIFY(p.parse(text.toStdString(), "f").isOk());
    QCOMPARE(QString::fromStdString(p.get("k", "(absent)")), value);
  }

  void commandLineOverridesTheFile() {
    Properties p;
    QVERIFY(p.parse(kWorkloadA, "workloada").isOk());
    QVERIFY(p.setOverride("recordcount=50").isOk());
    QVERIFY(p.setOverride("fieldlength=10").isOk());
    auto c = parseWorkload(p);
    QVERIFY(c.isOk());
    QCOMPARE(c->recordCount, int64_t(50));
    QCOMPARE(c->fieldLength, int64_t(10));
    QVERIFY(!p.setOverride("recordcount").isOk());
  }

  // A bad value is refused with the file, its line and the key, before anything runs.
  void badValuesNameFileLineAndKey_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("message");
    QTest::newRow("not a number") << "readproportion=lots"
                                  << "w:3: readproportion: expected a number, got 'lots'";
    QTest::newRow("negative proportion") << "updateproportion=-0.5"
                                         << "w:3: updateproportion: expected at least 0, got -0.5";
    QTest::newRow("not an integer") << "fieldlength=1k"
                                    << "w:3: fieldlength: expected an integer, got '1k'";
    QTest::newRow("zero records") << "recordcount=0"
                                  << "w:3: recordcount: expected at least 1";
    QTest::newRow("distribution")
        << "requestdistribution=pareto"
        << "w:3: requestdistribution: expected uniform, zipfian, latest or hotspot, got 'pareto'";
    QTest::newRow("insert order") << "insertorder=random"
                                  << "w:3: insertorder: expected hashed or ordered";
    QTest::newRow("boolean") << "readallfields=yes"
                             << "w:3: readallfields: expected true or false, got 'yes'";
    QTest::newRow("workload E") << "scanproportion=0.95"
                                << "w:3: scanproportion = 0.95: scans (YCSB workload E) are not "
                                   "supported";
    QTest::newRow("other workload") << "workload=site.ycsb.workloads.TimeSeriesWorkload"
                                    << "w:3: workload: only the core workload";
    QTest::newRow("nothing to do") << "readproportion=0\nupdateproportion=0"
                                   << "all are 0, so the run phase has no operation to do";
  }
  void badValuesNameFileLineAndKey() {
    QFETCH(QString, line);
    QFETCH(QString, message);
    Properties p;
    QVERIFY(p.parse("recordcount=10\n\n" + line.toStdString() + "\n", "w").isOk());
    auto c = parseWorkload(p);
    QVERIFY(!c.isOk());
    QVERIFY2(c.error().find(message.toStdString()) != std::string::npos, c.error().c_str());
  }

  void missingRecordCountIsNamed() {
    Properties p;
    QVERIFY(p.parse("operationcount=5\n", "w").isOk());
    auto c = parseWorkload(p);
    QVERIFY(!c.isOk());
    QVERIFY2(c.error().find("recordcount: not set") != std::string::npos, c.error().c_str());
  }

  void unreadableFilesAreNamed() {
    QTemporaryDir dir;
    Properties p;
    Status missing = p.load(dir.path().toStdString() + "/nope");
    QVERIFY(!missing.isOk());
    QVERIFY2(missing.error().find("/nope: cannot read the workload file") != std::string::npos,
             missing.error().c_str());
    std::string binary = writeFile(dir, "binary", std::string("a=1\0\x01\x02", 6));
    Status notText = p.load(binary);
    QVERIFY(!notText.isOk());
    QVERIFY2(notText.error().find("is not a property file") != std::string::npos,
             notText.error().c_str());
  }

  // YCSB's key names: "user" + FNV hash of the key number (or the number, zero-padded).
  void keyNamesAreYcsbs() {
    QCOMPARE(buildKeyName(0, 1, false), std::string("user6284781860667377211"));
    QCOMPARE(buildKeyName(1, 1, false), std::string("user8517097267634966620"));
    QCOMPARE(buildKeyName(7, 4, true), std::string("user0007"));
    QCOMPARE(buildKeyName(12345, 1, true), std::string("user12345"));
  }
};

QTEST_GUILESS_MAIN(tst_ycsb_properties)
#include "tst_ycsb_properties.moc"
