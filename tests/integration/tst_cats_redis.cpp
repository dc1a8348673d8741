// The real Redis tools against a real CATS cluster: three catslab-node
// processes (LevelDB, RESP on loopback, requirepass) and Debian's
// redis-cli / redis-benchmark as clients. 1,000 SETs spread over the three
// nodes all read back through another node; redis-cli's everyday commands
// and error replies; a short redis-benchmark run with no errors whose keys
// read back; one node SIGKILLed and the two others still serving every
// acknowledged value and fresh writes, each read back at once through the
// other node. Skipped, with the reason, without redis-tools
// (scripts/install-deps.sh installs it).
#include <QStandardPaths>

#include "cats_cluster.h"

using namespace catslab::testing;

namespace {

const QString kPassword = QStringLiteral("s3cret");

struct Tool {
  int exitCode = -1;  // -1: did not finish or crashed
  QString out;
  QString err;
};

// Runs a tool to completion while pumping the event loop, so the node
// processes' output keeps being read (a node blocked on a full stderr pipe
// would stall the cluster) — a poll on the tool's exit, not a sleep.
Tool runTool(const QString& program, const QStringList& args, const QByteArray& input = {},
             int timeoutMs = 30000) {
  QProcess p;
  p.start(QStandardPaths::findExecutable(program), args);
  Tool t;
  if (!p.waitForStarted(catslab::testing::scaledMs(10000))) return t;
  p.write(input);
  p.closeWriteChannel();
  const QDeadlineTimer deadline = catslab::testing::deadlineIn(timeoutMs);
  // (waitForFinished is false for a process that already finished, so the
  // loop asks for the state.)
  while (p.state() != QProcess::NotRunning) {
    p.waitForFinished(20);
    QCoreApplication::processEvents();
    if (p.state() != QProcess::NotRunning && deadline.hasExpired()) {
      p.kill();
      p.waitForFinished();
      t.err = QStringLiteral("%1 did not finish within %2 ms").arg(program).arg(timeoutMs);
      return t;
    }
  }
  t.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  t.out = QString::fromUtf8(p.readAllStandardOutput());
  t.err = QString::fromUtf8(p.readAllStandardError());
  return t;
}

QString keyOf(int i) { return QStringLiteral("user:%1").arg(i); }
QString valueOf(int i) { return QStringLiteral("v%1-%2").arg(i).arg(i * 7919 % 10007); }

// Compares redis-cli's answers to a list of GETs (one line each) with the
// expected values; the first difference, or empty.
QString compareLines(const QString& out, const QStringList& keys, const QStringList& want) {
  const QStringList got = out.split(QLatin1Char('\n'));
  for (int i = 0; i < keys.size(); ++i) {
    const QString g = i < got.size() ? got[i] : QStringLiteral("<no answer>");
    if (g != want[i]) {
      return QStringLiteral("GET %1 answered '%2', expected '%3'").arg(keys[i], g, want[i]);
    }
  }
  return {};
}

}  // namespace

class tst_cats_redis : public QObject {
  Q_OBJECT

  std::unique_ptr<CatsCluster> cluster_;
  std::map<QString, QString> acknowledged_;  // key -> value, SETs that answered OK

  // redis-cli against node `id` (authenticated unless `auth` is false).
  Tool cli(const QString& id, const QStringList& args, const QByteArray& input = {},
           bool auth = true) {
    QStringList a{QStringLiteral("-p"), QString::number(cluster_->respPort(id))};
    if (auth) a << QStringLiteral("-a") << kPassword << QStringLiteral("--no-auth-warning");
    return runTool(QStringLiteral("redis-cli"), a + args, input);
  }
  // GETs every key through `id` in one redis-cli (one command per line).
  QString readBack(const QString& id, const std::map<QString, QString>& expected) {
    QStringList keys, want;
    QByteArray commands;
    for (const auto& [k, v] : expected) {
      keys << k;
      want << v;
      commands += "GET " + k.toUtf8() + "\n";
    }
    const Tool t = cli(id, {}, commands);
    if (t.exitCode != 0) return QStringLiteral("redis-cli failed: ") + t.err;
    return compareLines(t.out, keys, want);
  }

 private slots:
  void initTestCase() {
    QVERIFY2(haveEnvironment(), "run through ctest: CATSLAB_SOURCE_DIR and CATSLAB_BIN_DIR");
    if (QStandardPaths::findExecutable(QStringLiteral("redis-cli")).isEmpty() ||
        QStandardPaths::findExecutable(QStringLiteral("redis-benchmark")).isEmpty()) {
      QSKIP(
          "redis-cli / redis-benchmark not installed (Debian redis-tools, "
          "scripts/install-deps.sh)");
    }
    QElapsedTimer clock;
    clock.start();
    cluster_ = std::make_unique<CatsCluster>(
        3, std::map<QString, QString>{{QStringLiteral("requirepass"), kPassword}});
    QVERIFY(cluster_->start(cluster_->ids()));
    const QString settled = cluster_->waitSettled(30000);
    QVERIFY2(settled.isEmpty(), qPrintable(settled));
    qInfo("three nodes settled in %lld ms", clock.elapsed());
  }
  void cleanupTestCase() { cluster_.reset(); }

  // 1,000 SETs, a third through each node (three redis-cli at once), each
  // read back through the next node.
  void thousandSetsReadBackThroughAnotherNode() {
    QElapsedTimer clock;
    clock.start();
    const QStringList ids = cluster_->ids();
    std::vector<std::unique_ptr<QProcess>> writers;
    std::vector<std::map<QString, QString>> batches(ids.size());
    for (int n = 0; n < ids.size(); ++n) {
      QByteArray commands;
      for (int i = n; i < 1000; i += int(ids.size())) {
        batches[n][keyOf(i)] = valueOf(i);
        commands += "SET " + keyOf(i).toUtf8() + " " + valueOf(i).toUtf8() + "\n";
      }
      auto p = std::make_unique<QProcess>();
      p->start(QStandardPaths::findExecutable(QStringLiteral("redis-cli")),
               {QStringLiteral("-p"), QString::number(cluster_->respPort(ids[n])),
                QStringLiteral("-a"), kPassword, QStringLiteral("--no-auth-warning")});
      QVERIFY(p->waitForStarted(catslab::testing::scaledMs(10000)));
      p->write(commands);
      p->closeWriteChannel();
      writers.push_back(std::move(p));
    }
    QDeadlineTimer deadline = catslab::testing::deadlineIn(30000);
    for (std::size_t n = 0; n < writers.size(); ++n) {
      while (writers[n]->state() != QProcess::NotRunning && !deadline.hasExpired()) {
        writers[n]->waitForFinished(20);
        QCoreApplication::processEvents();
      }
      QCOMPARE(writers[n]->exitCode(), 0);
      const QStringList replies =
          QString::fromUtf8(writers[n]->readAllStandardOutput()).split(QLatin1Char('\n'));
      const int expected = int(batches[n].size());
      QCOMPARE(replies.count(QStringLiteral("OK")), expected);
      for (const auto& [k, v] : batches[n]) acknowledged_[k] = v;
    }
    QCOMPARE(int(acknowledged_.size()), 1000);
    qInfo("1,000 SETs acknowledged through three nodes in %lld ms", clock.restart());

    for (int n = 0; n < ids.size(); ++n) {
      const QString via = ids[(n + 1) % ids.size()];
      const QString wrong = readBack(via, batches[n]);
      QVERIFY2(wrong.isEmpty(), qPrintable(via + QStringLiteral(": ") + wrong));
    }
    qInfo("every value read back through another node in %lld ms", clock.restart());

    // The comparison can fail: one expected value changed is reported.
    auto altered = batches[0];
    altered.begin()->second += QStringLiteral("-not-written");
    const QString caught = readBack(ids[1], altered);
    QVERIFY2(caught.contains(QStringLiteral("expected")), qPrintable(caught));
  }

  void redisCliCommands() {
    const QString n1 = QStringLiteral("n1"), n2 = QStringLiteral("n2"), n3 = QStringLiteral("n3");
    QCOMPARE(cli(n1, {QStringLiteral("PING")}).out, QStringLiteral("PONG\n"));
    QCOMPARE(
        cli(n1, {QStringLiteral("SET"), QStringLiteral("greeting"), QStringLiteral("hello world")})
            .out,
        QStringLiteral("OK\n"));
    QCOMPARE(cli(n2, {QStringLiteral("GET"), QStringLiteral("greeting")}).out,
             QStringLiteral("hello world\n"));
    QCOMPARE(cli(n3, {QStringLiteral("EXISTS"), QStringLiteral("greeting"),
                      QStringLiteral("no-such-key")})
                 .out,
             QStringLiteral("1\n"));
    QCOMPARE(cli(n3, {QStringLiteral("DEL"), QStringLiteral("greeting")}).out,
             QStringLiteral("1\n"));
    QCOMPARE(
        cli(n1, {QStringLiteral("--no-raw"), QStringLiteral("GET"), QStringLiteral("greeting")})
            .out,
        QStringLiteral("(nil)\n"));
    QCOMPARE(cli(n2, {QStringLiteral("EXISTS"), QStringLiteral("greeting")}).out,
             QStringLiteral("0\n"));

    const Tool info = cli(n2, {QStringLiteral("INFO")});
    QCOMPARE(info.exitCode, 0);
    QVERIFY2(info.out.contains(QStringLiteral("redis_version:")), qPrintable(info.out));
    QVERIFY2(info.out.contains(QStringLiteral("# Cats\r\nnode_id:n2\r\n")), qPrintable(info.out));
    // INFO cats: the node's ring and the view of every group it is in.
    const Tool cats = cli(n3, {QStringLiteral("INFO"), QStringLiteral("cats")});
    QVERIFY2(cats.out.contains(QStringLiteral("\r\nring_live_nodes:3\r\n")), qPrintable(cats.out));
    QVERIFY2(cats.out.contains(QStringLiteral("\r\ngroups_ready:32\r\n")), qPrintable(cats.out));
    QVERIFY2(cats.out.contains(QRegularExpression(
                 QStringLiteral("\r\ngroup_0:view=\\d+,members=n\\d\\|n\\d\\|n\\d,status=ready,"
                                "keys=\\d+\r\n"))),
             qPrintable(cats.out));

    // Error replies: an unknown command and a wrong argument count.
    QCOMPARE(cli(n1, {QStringLiteral("--no-raw"), QStringLiteral("HSET"), QStringLiteral("h"),
                      QStringLiteral("f"), QStringLiteral("v")})
                 .out,
             QStringLiteral("(error) ERR unknown command 'HSET', with args beginning with: 'h' "
                            "'f' 'v' \n"));
    QCOMPARE(cli(n1, {QStringLiteral("--no-raw"), QStringLiteral("GET")}).out,
             QStringLiteral("(error) ERR wrong number of arguments for 'get' command\n"));

    // requirepass: without AUTH nothing but an error; a wrong password is refused.
    QCOMPARE(
        cli(n1, {QStringLiteral("--no-raw"), QStringLiteral("GET"), QStringLiteral("x")}, {}, false)
            .out,
        QStringLiteral("(error) NOAUTH Authentication required.\n"));
    const Tool wrong = runTool(
        QStringLiteral("redis-cli"),
        {QStringLiteral("-p"), QString::number(cluster_->respPort(n1)), QStringLiteral("--no-raw")},
        "AUTH nope\nAUTH " + kPassword.toUtf8() + "\nPING\n");
    QVERIFY2(wrong.out.startsWith(QStringLiteral("(error) WRONGPASS")), qPrintable(wrong.out));
    QVERIFY2(wrong.out.endsWith(QStringLiteral("OK\nPONG\n")), qPrintable(wrong.out));
  }

  // redis-benchmark: 2,000 SETs and 2,000 GETs from 8 clients on 100 keys;
  // no errors, and every key it wrote reads back through another node.
  void benchmarkRunsCleanAndItsKeysReadBack() {
    QElapsedTimer clock;
    clock.start();
    const Tool b =
        runTool(QStringLiteral("redis-benchmark"),
                {QStringLiteral("-p"), QString::number(cluster_->respPort(QStringLiteral("n1"))),
                 QStringLiteral("-a"), kPassword, QStringLiteral("-t"), QStringLiteral("set,get"),
                 QStringLiteral("-n"), QStringLiteral("2000"), QStringLiteral("-c"),
                 QStringLiteral("8"), QStringLiteral("-r"), QStringLiteral("100"),
                 QStringLiteral("-d"), QStringLiteral("12"), QStringLiteral("-q")},
                {}, 50000);
    qInfo("redis-benchmark in %lld ms:\n%s", clock.elapsed(), qPrintable(b.out.trimmed()));
    QCOMPARE(b.exitCode, 0);
    const QString all = b.out + b.err;
    QVERIFY2(all.contains(QRegularExpression(QStringLiteral("SET: [0-9.]+ requests per second"))),
             qPrintable(all));
    QVERIFY2(all.contains(QRegularExpression(QStringLiteral("GET: [0-9.]+ requests per second"))),
             qPrintable(all));
    QVERIFY2(!all.contains(QStringLiteral("rror")), qPrintable(all));

    // -r 100: keys key:000000000000 .. key:000000000099 (2,000 random draws
    // miss one of 100 keys with p < 1e-8), each holding the benchmark's one
    // 12-byte value. Read back through another node.
    QByteArray gets;
    QStringList keys;
    for (int i = 0; i < 100; ++i) {
      keys << QStringLiteral("key:%1").arg(i, 12, 10, QLatin1Char('0'));
      gets += "GET " + keys.back().toUtf8() + "\n";
    }
    QCOMPARE(cli(QStringLiteral("n2"), QStringList{QStringLiteral("EXISTS")} + keys).out,
             QStringLiteral("100\n"));
    const QStringList values = cli(QStringLiteral("n3"), {}, gets).out.split(QLatin1Char('\n'));
    QVERIFY2(values.size() >= 100 && values[0].size() == 12, qPrintable(values.join(u',')));
    for (int i = 0; i < 100; ++i) QCOMPARE(values[i], values[0]);
  }

  // SIGKILL n3: n1 and n2 (a majority of every group) keep serving every
  // acknowledged value, and each new write reads back at once through the
  // other node (a read that starts after a write's OK sees it).
  void killedNodeLeavesTwoServing() {
    QElapsedTimer clock;
    clock.start();
    QVERIFY(cluster_->kill(QStringLiteral("n3")));
    const QString n1 = QStringLiteral("n1"), n2 = QStringLiteral("n2");
    QString wrong = readBack(n1, acknowledged_);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    qInfo("n3 killed; 1,000 values read back through n1 in %lld ms", clock.restart());

    for (int i = 0; i < 20; ++i) {
      const QString key = keyOf(i * 37);
      const QString value = QStringLiteral("after-kill-%1").arg(i);
      const QString writer = i % 2 ? n1 : n2, reader = i % 2 ? n2 : n1;
      QCOMPARE(cli(writer, {QStringLiteral("SET"), key, value}).out, QStringLiteral("OK\n"));
      QCOMPARE(cli(reader, {QStringLiteral("GET"), key}).out, value + QLatin1Char('\n'));
      acknowledged_[key] = value;
    }
    QCOMPARE(cli(n1, {QStringLiteral("DEL"), keyOf(999)}).out, QStringLiteral("1\n"));
    QCOMPARE(cli(n2, {QStringLiteral("EXISTS"), keyOf(999)}).out, QStringLiteral("0\n"));
    acknowledged_.erase(keyOf(999));
    // Everything again, through n2 this time (by now the groups are
    // usually moving to views without n3).
    wrong = readBack(n2, acknowledged_);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    qInfo("20 writes read back across nodes and all values again in %lld ms", clock.restart());

    // INFO cats follows: n3 leaves n1's ring once the failure detector
    // suspects it, and every group moves to a view without it.
    QDeadlineTimer deadline = catslab::testing::deadlineIn(20000);
    QString info;
    while (!deadline.hasExpired()) {
      info = cli(n1, {QStringLiteral("INFO"), QStringLiteral("cats")}).out;
      if (info.contains(QStringLiteral("\r\nring_live_nodes:2\r\n")) &&
          !info.contains(QStringLiteral("n3,status")) && !info.contains(QStringLiteral("|n3|")) &&
          !info.contains(QStringLiteral("=n3|"))) {
        break;
      }
      QTest::qWait(200);  // the next poll
    }
    QVERIFY2(info.contains(QStringLiteral("\r\nring_live_nodes:2\r\n")), qPrintable(info));
    QVERIFY2(!info.contains(QStringLiteral("n3")), qPrintable(info));
    qInfo("INFO cats shows n3 gone from ring and views after %lld ms", clock.restart());
  }
};

QTEST_MAIN(tst_cats_redis)
#include "tst_cats_redis.moc"
