// catslab-ycsb as a user runs it: a bad workload file, workload E, an
// unknown store and an unreachable one each end the program with a message
// that says what is wrong (exit 2 for what the user typed, 1 for a store
// that cannot be reached) before any operation runs.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>

#include "tests/timeouts.h"

class tst_ycsb_cli : public QObject {
  Q_OBJECT

 private:
  struct Run {
    int exitCode;
    QString err;
  };
  Run ycsb(const QStringList& args) {
    QProcess p;
    p.start(qEnvironmentVariable("CATSLAB_BIN_DIR") + "/catslab-ycsb", args);
    if (!p.waitForFinished(catslab::testing::scaledMs(60000)))
      return {-1, QStringLiteral("did not finish")};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardError())};
  }
  QString workload(const char* name) {
    return qEnvironmentVariable("CATSLAB_SOURCE_DIR") + "/bench/ycsb/workloads/" + name;
  }

 private slots:
  void badWorkloadFileIsNamedWithLineAndKey() {
    QTemporaryDir dir;
    QString path = dir.path() + "/mine";
    std::ofstream(path.toStdString()) << "recordcount=10\n# comment\nreadproportion=half\n";
    Run r = ycsb({"run", "redis", "-P", path});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(path + ":3: readproportion: expected a number, got 'half'"),
             qPrintable(r.err));
  }

  void badOverrideIsNamed() {
    Run r = ycsb({"run", "redis", "-P", workload("workloada"), "-p", "fieldcount=ten"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("-p fieldcount: expected an integer, got 'ten'"), qPrintable(r.err));
  }

  void workloadEIsRefused() {
    Run r = ycsb({"run", "cats", "-P", workload("workloade")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("scans (YCSB workload E) are not supported"), qPrintable(r.err));
  }

  void unknownStoreIsRefused() {
    Run r = ycsb({"load", "mongodb", "-P", workload("workloada")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("unknown database 'mongodb' (known: redis, cats"), qPrintable(r.err));
  }

  void badCommandLineShowsUsage() {
    Run r = ycsb({"go", "redis"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("expected load or run, got 'go'") && r.err.contains("usage:"),
             qPrintable(r.err));
    Run noFile = ycsb({"run", "redis"});
    QCOMPARE(noFile.exitCode, 2);
    QVERIFY2(noFile.err.contains("no workload file: give one with -P"), qPrintable(noFile.err));
  }

  void unreachableStoreIsNamed() {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    Run r = ycsb({"load", "cats", "-P", workload("workloada"), "-p", "cats.hosts=127.0.0.1:1"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("cats: cannot connect to 127.0.0.1:1"), qPrintable(r.err));
    Run bad = ycsb({"load", "cats", "-P", workload("workloada"), "-p", "cats.hosts=nohost"});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("-p cats.hosts: expected host:port, got 'nohost'"),
             qPrintable(bad.err));
  }
};

QTEST_GUILESS_MAIN(tst_ycsb_cli)
#include "tst_ycsb_cli.moc"
