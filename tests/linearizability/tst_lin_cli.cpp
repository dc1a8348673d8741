// catslab-check end to end: exit code 0 (linearizable), 1 (not), 2 (bad
// input, with a message naming file and line).
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "tests/timeouts.h"

class tst_lin_cli : public QObject {
  Q_OBJECT

 private slots:
  void exitCodes_data();
  void exitCodes();
  void helpExitsZero();
  void statsOfATimedHistory();
};

void tst_lin_cli::exitCodes_data() {
  QTest::addColumn<QByteArray>("log");
  QTest::addColumn<QStringList>("extraArgs");
  QTest::addColumn<int>("exitCode");
  QTest::addColumn<QString>("mustMention");
  const QByteArray ok =
      "INFO  jepsen.util - 0\t:invoke\t:write\t1\n"
      "INFO  jepsen.util - 0\t:ok\t:write\t1\n"
      "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
      "INFO  jepsen.util - 1\t:ok\t:read\t1\n";
  const QByteArray stale = ok +
                           "INFO  jepsen.util - 0\t:invoke\t:write\t2\n"
                           "INFO  jepsen.util - 0\t:ok\t:write\t2\n"
                           "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
                           "INFO  jepsen.util - 1\t:ok\t:read\t1\n";
  QTest::newRow("linearizable") << ok << QStringList{} << 0 << "linearizable";
  QTest::newRow("stale read") << stale << QStringList{} << 1 << "cannot be ordered";
  QTest::newRow("explicit format") << ok << QStringList{"--format", "jepsen"} << 0 << "";
  QTest::newRow("initial value") << QByteArray(
                                        "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
                                        "INFO  jepsen.util - 1\t:ok\t:read\t0\n")
                                 << QStringList{"--initial", "0"} << 0 << "";
  QTest::newRow("malformed line") << QByteArray(ok + "INFO  jepsen.util - 1\t:invoke\t:cas\t[1]\n")
                                  << QStringList{} << 2
                                  << "h.log:5: cas value must hold exactly two values";
  // The shapes of etcd's Jepsen log: :timed-out in place of the value,
  // columns separated by spaces on some lines.
  const QByteArray timedOut =
      "INFO  jepsen.util - 0\t:invoke\t:cas\t[nil 1]\n"
      "INFO  jepsen.util - 1\t:invoke\t:write\t2\n"
      "INFO  jepsen.util - 0\t:info\t:cas\t:timed-out\n"
      "INFO  jepsen.util - 1\t:info\t:write\t:timed-out\n"
      "INFO  jepsen.util - 2   :invoke :read   nil\n"
      "INFO  jepsen.util - 2   :fail   :read   :timed-out\n"
      "INFO  jepsen.util - 2   :invoke :read   nil\n"
      "INFO  jepsen.util - 2   :ok     :read   1\n"
      "INFO  jepsen.util - 3\t:invoke\t:read\tnil\n"
      "INFO  jepsen.util - 3\t:ok\t:read\t2\n";
  QTest::newRow("etcd log with timeouts") << timedOut << QStringList{} << 0 << "linearizable";
  QTest::newRow("timed-out write read back after a later value")
      << QByteArray(timedOut +
                    "INFO  jepsen.util - 3\t:invoke\t:read\tnil\n"
                    "INFO  jepsen.util - 3\t:ok\t:read\t1\n")
      << QStringList{} << 1 << "cannot be ordered";
  QTest::newRow("edn history, two keys")
      << QByteArray(
             "{:type :invoke, :f :write, :value [1 5], :process 0, :time 10}\n"
             "{:type :ok, :f :write, :value [1 5], :process 0, :time 20}\n"
             "{:type :invoke, :f :read, :value [2 nil], :process 1, :time 30}\n"
             "{:type :ok, :f :read, :value [2 5], :process 1, :time 40}\n")
      << QStringList{} << 1 << "key 2";
  QTest::newRow("malformed edn") << QByteArray(
                                        "{:type :invoke, :f :write, :value 1, :process 0}\n"
                                        "{:type :ok, :f :write, :value 1 :process 0\n")
                                 << QStringList{} << 2 << "h.log:2: '}' missing";
  QTest::newRow("garbage trace") << QByteArray("\x05\x01\x02", 3)
                                 << QStringList{"--format", "trace"} << 2 << "record 0";
  QTest::newRow("bad option") << ok << QStringList{"--frobnicate"} << 2 << "unknown option";
}

void tst_lin_cli::exitCodes() {
  QFETCH(QByteArray, log);
  QFETCH(QStringList, extraArgs);
  QFETCH(int, exitCode);
  QFETCH(QString, mustMention);
  const QString binDir = qEnvironmentVariable("CATSLAB_BIN_DIR");
  QVERIFY2(!binDir.isEmpty(), "CATSLAB_BIN_DIR is not set");
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("h.log"));
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(log);
  file.close();

  QProcess check;
  check.setWorkingDirectory(dir.path());
  check.start(binDir + QStringLiteral("/catslab-check"), extraArgs << QStringLiteral("h.log"));
  QVERIFY(check.waitForFinished(catslab::testing::scaledMs(60000)));
  const QString out =
      QString::fromUtf8(check.readAllStandardOutput() + check.readAllStandardError());
  QCOMPARE(check.exitStatus(), QProcess::NormalExit);
  QVERIFY2(check.exitCode() == exitCode, qPrintable(out));
  QVERIFY2(out.contains(mustMention), qPrintable(out));
}

void tst_lin_cli::helpExitsZero() {
  QProcess check;
  check.start(qEnvironmentVariable("CATSLAB_BIN_DIR") + QStringLiteral("/catslab-check"),
              {QStringLiteral("--help")});
  QVERIFY(check.waitForFinished(catslab::testing::scaledMs(60000)));
  QCOMPARE(check.exitCode(), 0);
  QVERIFY(check.readAllStandardOutput().contains("Usage: catslab-check"));
}

// --stats on a Jepsen EDN history with :time (ns): latencies 10, 20 and 40 ms,
// one read never answered, the last answer at 70 ms.
void tst_lin_cli::statsOfATimedHistory() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  QFile file(dir.filePath(QStringLiteral("h.edn")));
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(
      "{:type :invoke, :f :write, :value 1, :process 0, :time 0}\n"
      "{:type :invoke, :f :read, :value nil, :process 1, :time 5000000}\n"
      "{:type :ok, :f :write, :value 1, :process 0, :time 10000000}\n"
      "{:type :ok, :f :read, :value 1, :process 1, :time 25000000}\n"
      "{:type :invoke, :f :write, :value 2, :process 0, :time 30000000}\n"
      "{:type :ok, :f :write, :value 2, :process 0, :time 70000000}\n"
      "{:type :invoke, :f :read, :value nil, :process 1, :time 80000000}\n"
      "{:type :info, :f :read, :value nil, :process 1, :time 90000000}\n");
  file.close();
  QProcess check;
  check.start(qEnvironmentVariable("CATSLAB_BIN_DIR") + QStringLiteral("/catslab-check"),
              {QStringLiteral("--stats"), file.fileName()});
  QVERIFY(check.waitForFinished(catslab::testing::scaledMs(60000)));
  const QString out = QString::fromUtf8(check.readAllStandardOutput());
  QVERIFY2(check.exitCode() == 0, qPrintable(out));
  QVERIFY2(out.contains(QStringLiteral(
               "operations: 4 (2 reads, 2 writes, 0 cas): 3 ok, 0 failed, 1 unknown")),
           qPrintable(out));
  QVERIFY2(out.contains(QStringLiteral("span: 70.000 ms, 42.9 ok operations/s")), qPrintable(out));
  QVERIFY2(
      out.contains(QStringLiteral(
          "latency of 3 returned: p50 20.000 ms, p90 40.000 ms, p99 40.000 ms, max 40.000 ms")),
      qPrintable(out));
}

QTEST_MAIN(tst_lin_cli)
#include "tst_lin_cli.moc"
