// The real redis-cli and redis-benchmark (Debian's redis-tools) against the
// RESP front end over the map store, in a real Runtime: what a user types
// must work. Skipped, with the reason, when redis-tools is not installed
// (scripts/install-deps.sh installs it).
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include "resp_test_host.h"
#include "tests/timeouts.h"

using catslab::testing::RespNode;

namespace {

struct Run {
  int exitCode = -1;
  QByteArray out;
  QByteArray err;
};

Run run(const QString& program, QStringList args, const QByteArray& input = {}) {
  QProcess p;
  p.start(QStandardPaths::findExecutable(program), args);
  Run r;
  if (!p.waitForStarted(catslab::testing::scaledMs(10000))) return r;
  p.write(input);
  p.closeWriteChannel();
  if (!p.waitForFinished(catslab::testing::scaledMs(120000))) {
    p.kill();
    p.waitForFinished();
    return r;
  }
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  return r;
}

}  // namespace

class tst_RespRedisCli : public QObject {
  Q_OBJECT

 private:
  QStringList cli(std::uint16_t port, QStringList args) {
    return QStringList{QStringLiteral("-p"), QString::number(port)} + args;
  }

 private slots:
  void initTestCase() {
    if (QStandardPaths::findExecutable(QStringLiteral("redis-cli")).isEmpty() ||
        QStandardPaths::findExecutable(QStringLiteral("redis-benchmark")).isEmpty()) {
      QSKIP("redis-cli / redis-benchmark not installed (Debian package redis-tools)");
    }
  }

  void redisCliCommands() {
    RespNode node;
    const auto p = node.port();
    const auto R = [&](QStringList args, const QByteArray& in = {}) {
      return run(QStringLiteral("redis-cli"), cli(p, args), in);
    };
    QCOMPARE(R({"PING"}).out, QByteArray("PONG\n"));
    QCOMPARE(R({"SET", "greeting", "hello world"}).out, QByteArray("OK\n"));
    QCOMPARE(R({"GET", "greeting"}).out, QByteArray("hello world\n"));
    QCOMPARE(R({"GET", "nothing"}).out, QByteArray("\n"));  // nil, printed raw
    // A binary value from stdin (-x): NUL, CR LF, high bytes survive.
    const QByteArray binary("a\0b\r\nc\xff\x01", 8);
    QCOMPARE(R({"-x", "SET", "blob"}, binary).out, QByteArray("OK\n"));
    QCOMPARE(R({"GET", "blob"}).out, binary + "\n");
    QCOMPARE(R({"--no-raw", "GET", "blob"}).out, QByteArray("\"a\\x00b\\r\\nc\\xff\\x01\"\n"));
    QCOMPARE(R({"MSET", "a", "1", "b", "2"}).out, QByteArray("OK\n"));
    QCOMPARE(R({"--no-raw", "MGET", "a", "nothing", "b"}).out,
             QByteArray("1) \"1\"\n2) (nil)\n3) \"2\"\n"));
    QCOMPARE(R({"DEL", "a", "b", "nothing"}).out, QByteArray("2\n"));
    QCOMPARE(R({"EXISTS", "a", "greeting"}).out, QByteArray("1\n"));
    const Run info = R({"INFO"});
    QVERIFY(info.out.contains("# Server\r\nredis_version:"));
    QVERIFY(info.out.contains("# Cats\r\nbackend:map (test)\r\n"));
    QCOMPARE(
        R({"--no-raw", "HGET", "h", "f"}).out,
        QByteArray("(error) ERR unknown command 'HGET', with args beginning with: 'h' 'f' \n"));
    QCOMPARE(R({"--no-raw", "GET", "unavailable:k"}).out,
             QByteArray("(error) UNAVAILABLE group 1 (view 1) unavailable: no quorum (test)\n"));
  }

  void redisCliInteractiveStartup() {
    // Without a command, redis-cli reads lines from stdin and first asks
    // COMMAND DOCS for its help; the answer must satisfy it.
    RespNode node;
    const Run r =
        run(QStringLiteral("redis-cli"), cli(node.port(), {}), "set k v\nget k\nhelp get\n");
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith("OK\nv\n"), r.out.constData());
    QVERIFY2(r.out.contains("Returns the string value of a key"), r.out.constData());
    QVERIFY2(r.err.isEmpty(), r.err.constData());
  }

  void redisCliAuth() {
    RespNode node({{"resp_port", "0"}, {"requirepass", "s3cret"}});
    const auto p = node.port();
    QCOMPARE(run(QStringLiteral("redis-cli"), cli(p, {"--no-raw", "GET", "k"})).out,
             QByteArray("(error) NOAUTH Authentication required.\n"));
    const Run ok = run(QStringLiteral("redis-cli"),
                       cli(p, {"--no-auth-warning", "-a", "s3cret", "SET", "k", "v"}));
    QCOMPARE(ok.out, QByteArray("OK\n"));
  }

  void nodeRefusesRespPortOnAStackWithoutStore() {
    // catslab-node's hook: resp_port on a stack that provides no
    // KeyValueStore is bad input (exit 2), not a silent no-op.
    const QString node = qEnvironmentVariable("CATSLAB_BIN_DIR") + QStringLiteral("/catslab-node");
    if (!QFile::exists(node)) QSKIP("catslab-node not built");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"name": "t", "nodes": [{"id": "n1", "host": "127.0.0.1", "port": 0,
                "stack": "ping", "params": {"resp_port": "0"}}]})");
    f.close();
    QProcess p;
    p.start(node,
            {QStringLiteral("--topology"), path, QStringLiteral("--node"), QStringLiteral("n1")});
    QVERIFY(p.waitForFinished(catslab::testing::scaledMs(20000)));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY2(p.readAllStandardError().contains(
                 "ping stack: parameter 'resp_port': the stack has no key-value store to serve"),
             "stderr names the parameter");
  }

  void redisBenchmarkPipelined() {
    RespNode node;
    const Run r =
        run(QStringLiteral("redis-benchmark"), {QStringLiteral("-p"), QString::number(node.port()),
                                                "-t", "set,get", "-n", "20000", "-q", "-P", "16"});
    QCOMPARE(r.exitCode, 0);
    // -q prints one "CMD: N requests per second" line per test (after
    // progress lines ending in \r); warnings and errors go to stderr.
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QString out = QString::fromUtf8(r.out);
    const QRegularExpression line(QStringLiteral("(SET|GET): ([0-9.]+) requests per second"));
    auto it = line.globalMatch(out);
    QStringList seen;
    while (it.hasNext()) {
      const auto m = it.next();
      seen << m.captured(1);
      QVERIFY(m.captured(2).toDouble() > 0);
      qInfo("%s", qPrintable(m.captured(0)));
    }
    QCOMPARE(seen, (QStringList{"SET", "GET"}));
    QVERIFY(!out.contains(QStringLiteral("ERR")));
  }
};

QTEST_GUILESS_MAIN(tst_RespRedisCli)
#include "tst_resp_redis_cli.moc"
