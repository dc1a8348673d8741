// The RESP server over real loopback sockets, in a real Runtime with the
// work-stealing scheduler and the map store: pipelining in order, clients
// that send garbage or oversized values are answered and closed while other
// connections keep working, a client that does not read loses nothing
// (back-pressure), a half-closed client gets its answers, and a port that
// is taken is a clear error.
#include <QTest>
#include <thread>

#include "app/catslab_node/resp/resp_server.h"
#include "raw_client.h"
#include "resp_test_host.h"

using namespace catslab;
using catslab::testing::RawClient;
using catslab::testing::RespNode;

namespace {

std::string cmd(const std::vector<std::string>& args) {
  std::string s = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto& a : args) s += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
  return s;
}

// A backend that never answers (for the bind test).
struct SilentBackend : cats::RespBackend {
  void get(std::string, Done) override {}
  void put(std::string, std::string, Done) override {}
  void remove(std::string, Done) override {}
};

}  // namespace

class tst_RespServer : public QObject {
  Q_OBJECT

 private slots:
  void pipelinedCommandsAnswerInOrder() {
    RespNode node;
    RawClient client(node.port());
    QVERIFY(client.connected());
    std::string batch;
    std::string expected;
    for (int i = 0; i < 200; ++i) {
      const std::string key = "key:" + std::to_string(i);
      batch += cmd({"SET", key, "v" + std::to_string(i)}) + cmd({"GET", key});
      expected += "+OK\r\n$" + std::to_string(1 + std::to_string(i).size()) + "\r\nv" +
                  std::to_string(i) + "\r\n";
    }
    batch += "PING\r\n";
    expected += "+PONG\r\n";
    QVERIFY(client.write(batch));
    QCOMPARE(client.read(expected.size()), expected);
  }

  void garbageClosesOnlyThatConnection() {
    RespNode node;
    RawClient good(node.port());
    QVERIFY(good.write("PING\r\n"));
    QCOMPARE(good.read(7), std::string("+PONG\r\n"));

    RawClient bad(node.port());
    QVERIFY(bad.write(cmd({"SET", "a", "1"}) + "*1\r\n$x\r\n" + cmd({"SET", "b", "2"})));
    QCOMPARE(bad.readToEnd(), std::string("+OK\r\n-ERR Protocol error: invalid bulk length\r\n"));
    QVERIFY(bad.closedByPeer());

    QVERIFY(good.write(cmd({"MGET", "a", "b"})));
    QCOMPARE(good.read(16), std::string("*2\r\n$1\r\n1\r\n$-1\r\n"));
    RawClient late(node.port());
    QVERIFY(late.write("PING\r\n"));
    QCOMPARE(late.read(7), std::string("+PONG\r\n"));
  }

  void oversizedValueIsRefused() {
    RespNode node({{"resp_port", "0"}, {"resp_max_bulk_len", "1024"}});
    RawClient other(node.port());
    QVERIFY(other.write("PING\r\n"));
    QCOMPARE(other.read(7), std::string("+PONG\r\n"));

    RawClient big(node.port());
    QVERIFY(big.write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5000\r\n" + std::string(5000, 'x') + "\r\n"));
    QCOMPARE(big.readToEnd(),
             std::string("-ERR Protocol error: a bulk string of 5000 bytes is over the limit of "
                         "1024\r\n"));
    QVERIFY(big.closedByPeer());

    QVERIFY(other.write(cmd({"SET", "k", std::string(1024, 'y')}) + cmd({"EXISTS", "k"})));
    QCOMPARE(other.read(9), std::string("+OK\r\n:1\r\n"));
  }

  void clientThatDoesNotReadLosesNothing() {
    RespNode node;
    RawClient client(node.port());
    // 1.4 MB of PINGs written without reading a reply: the server must stop
    // reading (its output would grow without bound otherwise) and resume
    // when the client reads.
    constexpr int kCount = 200000;
    std::string pings;
    for (int i = 0; i < kCount; ++i) pings += "PING\r\n";
    bool written = false;
    std::thread writer([&] { written = client.write(pings); });
    std::string expected;
    for (int i = 0; i < kCount; ++i) expected += "+PONG\r\n";
    const std::string got = client.read(expected.size());
    writer.join();
    QVERIFY(written);
    QCOMPARE(got.size(), expected.size());
    QVERIFY(got == expected);
  }

  void halfClosedClientGetsItsAnswers() {
    RespNode node;
    RawClient client(node.port());
    QVERIFY(client.write("SET a 1\r\nGET a\r\n"));
    client.shutdownWrite();
    QCOMPARE(client.readToEnd(), std::string("+OK\r\n$1\r\n1\r\n"));
    QVERIFY(client.closedByPeer());
  }

  void quitClosesAfterTheReply() {
    RespNode node;
    RawClient client(node.port());
    QVERIFY(client.write("SET a 1\r\nQUIT\r\nGET a\r\n"));
    QCOMPARE(client.readToEnd(), std::string("+OK\r\n+OK\r\n"));
    QVERIFY(client.closedByPeer());
  }

  void portInUseIsAClearError() {
    RespNode node;
    boost::asio::io_context io;
    SilentBackend backend;
    cats::RespServerConfig config;
    config.port = node.port();
    try {
      cats::RespServer second(io, config, backend);
      QFAIL("a second server bound the same port");
    } catch (const std::runtime_error& e) {
      QCOMPARE(
          QString::fromStdString(e.what()),
          QStringLiteral("RESP front end cannot listen on 127.0.0.1:%1: Address already in use")
              .arg(node.port()));
    }
  }

  void badParameters_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("error");
    QTest::newRow("port text")
        << "resp_port"
        << "redis"
        << "parameter 'resp_port': expected a port number from 0 to 65535, got 'redis'";
    QTest::newRow("port too big")
        << "resp_port"
        << "70000"
        << "parameter 'resp_port': expected a port number from 0 to 65535, got '70000'";
    QTest::newRow("bulk zero")
        << "resp_max_bulk_len"
        << "0"
        << "parameter 'resp_max_bulk_len': expected a positive number of bytes, got '0'";
    QTest::newRow("bind empty") << "resp_bind"
                                << ""
                                << "parameter 'resp_bind': empty address";
    QTest::newRow("tls neither on nor off")
        << "resp_tls"
        << "yes"
        << "parameter 'resp_tls': expected 'on' or 'off', got 'yes'";
    QTest::newRow("client auth unknown")
        << "resp_tls_auth_clients"
        << "sometimes"
        << "parameter 'resp_tls_auth_clients': expected 'yes', 'optional' or 'no', got "
           "'sometimes'";
  }
  void badParameters() {
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, error);
    std::map<std::string, std::string> params = {{"resp_port", "6379"}};
    params[key.toStdString()] = value.toStdString();
    auto parsed = cats::respParamsFrom(params);
    QVERIFY(!parsed);
    QCOMPARE(QString::fromStdString(parsed.error()), error);
    QVERIFY(!cats::respParamsFrom({{"requirepass", "x"}}));
    QVERIFY(!cats::respParamsFrom({{"resp_tls", "on"}}));
    QVERIFY(!cats::respParamsFrom({})->enabled);
  }
};

QTEST_GUILESS_MAIN(tst_RespServer)
#include "tst_resp_server.moc"
