// The monitor connection of a real catslab-node process (--monitor
// HOST:PORT) when the app on the other end goes away and comes back: the
// node runs on, reconnects with back-off, starts the new stream with who it
// is, and records and console commands flow again.
#include <fcntl.h>

#include <QtTest>
#include <boost/asio/write.hpp>

#include "node_process.h"
#include "runtime/sim/trace_file.h"

using namespace catslab;
using namespace catslab::testing;
namespace asio = boost::asio;

namespace {

// The app's side of a monitor connection: a listener and the one node
// connection it accepted, decoded into records. Polled, never blocking.
class FakeMonitor {
 public:
  explicit FakeMonitor(quint16 port = 0)
      : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), port}) {
    acceptor_.non_blocking(true);
    // Node processes started later must not inherit the listening socket:
    // it would outlive close() in them, and the node would "reconnect" to
    // its own copy.
    ::fcntl(acceptor_.native_handle(), F_SETFD, FD_CLOEXEC);
  }
  quint16 port() const { return acceptor_.local_endpoint().port(); }
  bool accepted() {
    boost::system::error_code ec;
    if (!conn_.is_open()) {
      acceptor_.accept(conn_, ec);
      if (!ec) conn_.non_blocking(true);
    }
    return conn_.is_open();
  }
  // Reads what has arrived; returns the records decoded so far.
  const std::vector<trace::Record>& pump() {
    boost::system::error_code ec;
    char buf[65536];
    std::size_t n = conn_.read_some(asio::buffer(buf), ec);
    if (!ec) bytes_.append(buf, n);
    std::size_t offset = 0;
    while (true) {
      trace::Record r;
      auto used = sim::decodeRecord(bytes_.data(), bytes_.size(), offset, r);
      if (!used || *used == 0) break;
      offset += *used;
      records_.push_back(r);
    }
    bytes_.erase(0, offset);
    return records_;
  }
  bool sawPingTo(const std::string& to) {
    for (const auto& r : pump()) {
      if (r.has_message() && r.message().kind() == trace::MESSAGE_SENT &&
          r.message().type() == "ping.Ping" && r.message().to() == to) {
        return true;
      }
    }
    return false;
  }
  void send(const std::string& line) {
    conn_.non_blocking(false);
    asio::write(conn_, asio::buffer(line + "\n"));
    conn_.non_blocking(true);
  }
  // The app goes away: its connection and its listening socket close.
  void close() {
    boost::system::error_code ignored;
    conn_.close(ignored);
    acceptor_.close(ignored);
  }

 private:
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  asio::ip::tcp::socket conn_{io_};
  std::string bytes_;
  std::vector<trace::Record> records_;
};

}  // namespace

class tst_node_monitor : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY2(haveEnvironment(),
             "run through ctest: CATSLAB_SOURCE_DIR and CATSLAB_BIN_DIR must "
             "name the source tree and build/bin");
  }

  void monitorThatComesBackGetsRecordsAgain() {
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    auto first = std::make_unique<FakeMonitor>();
    const quint16 port = first->port();
    const QString address = QStringLiteral("127.0.0.1:%1").arg(port);
    NodeProcess n2, n1;
    QVERIFY(n2.startNode(topo, QStringLiteral("n2")));
    QVERIFY(n1.startNode(topo, QStringLiteral("n1"), {QStringLiteral("--monitor"), address}));
    QTRY_VERIFY_WITH_TIMEOUT(first->accepted(), catslab::testing::scaledMs(20000));
    n1.send(QStringLiteral("ping n2"));
    QTRY_VERIFY_WITH_TIMEOUT(first->sawPingTo("n2"), catslab::testing::scaledMs(20000));

    // The app goes away. The node says so once and keeps working.
    first->close();
    first.reset();
    QTRY_VERIFY_WITH_TIMEOUT(
        n1.countErrLines(QStringLiteral("^\\[warning\\] n1 /monitor: monitor (closed the "
                                        "connection|connection lost: .*); the node runs on")) == 1,
        catslab::testing::scaledMs(20000));
    int mark = n1.lines().size();
    n1.send(QStringLiteral("ping n2"));
    QVERIFY(n1.waitForLine(QStringLiteral("^reply from n2: "), 20000, mark) >= 0);
    mark = n1.lines().size();
    n1.send(QStringLiteral("status"));
    QVERIFY(n1.waitForLine(QStringLiteral("^monitor %1 away, reconnecting").arg(address), 20000,
                           mark) >= 0);

    // It comes back on the same address: the node finds it without help.
    FakeMonitor second(port);
    QTRY_VERIFY_WITH_TIMEOUT(second.accepted(), catslab::testing::scaledMs(30000));
    QTRY_VERIFY_WITH_TIMEOUT(second.pump().size() >= 2, catslab::testing::scaledMs(20000));
    QVERIFY2(second.pump().front().has_header(), "a new stream starts with the header");
    QVERIFY(second.pump()[1].has_node_up() && second.pump()[1].node() == "n1");
    n1.send(QStringLiteral("ping n2"));
    QTRY_VERIFY_WITH_TIMEOUT(second.sawPingTo("n2"), catslab::testing::scaledMs(20000));
    // Commands flow the other way again, and the node's status says so.
    mark = n1.lines().size();
    second.send("status");
    QVERIFY(
        n1.waitForLine(QStringLiteral("^monitor %1 connected; \\d+ records dropped").arg(address),
                       20000, mark) >= 0);
    QTRY_VERIFY_WITH_TIMEOUT(
        n1.countErrLines(QStringLiteral("monitor %1 connected after \\d+ failed attempts?; \\d+ "
                                        "records dropped while it was away")
                             .arg(address)) == 1,
        catslab::testing::scaledMs(20000));
    // One warning for the whole outage, however many attempts it took.
    QCOMPARE(n1.countErrLines(QStringLiteral("reconnects with back-off")), 1);
    n1.send(QStringLiteral("quit"));
    QCOMPARE(n1.waitForExit(), 0);
  }

  // A monitor that is not there when the node starts is found when it
  // appears, under a DNS name.
  void monitorThatStartsLateIsFoundByName() {
    QTemporaryDir dir;
    const QString topo = makeTopology(dir, QStringLiteral("ping3.json"));
    const quint16 port = freePort();
    NodeProcess n1;
    QVERIFY(n1.startNode(topo, QStringLiteral("n1"),
                         {QStringLiteral("--monitor"), QStringLiteral("localhost:%1").arg(port)}));
    QTRY_VERIFY_WITH_TIMEOUT(
        n1.countErrLines(QStringLiteral("cannot reach monitor localhost:%1").arg(port)) == 1,
        catslab::testing::scaledMs(20000));
    FakeMonitor late(port);
    QTRY_VERIFY_WITH_TIMEOUT(late.accepted(), catslab::testing::scaledMs(30000));
    QTRY_VERIFY_WITH_TIMEOUT(late.pump().size() >= 2, catslab::testing::scaledMs(20000));
    QVERIFY(late.pump().front().has_header());
    n1.send(QStringLiteral("quit"));
    QCOMPARE(n1.waitForExit(), 0);
  }
};

QTEST_MAIN(tst_node_monitor)
#include "tst_node_monitor.moc"
