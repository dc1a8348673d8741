// MonitorClient (app/catslab_node/monitor_client.h) in-process, against a
// monitor that is not there and then appears: the node's records wait in a
// bounded buffer, the rest are dropped and counted, push() never blocks,
// and the reconnected stream starts with the header and NodeUp, carries
// what waited and reports the drops.
#include <QTest>
#include <boost/asio/executor_work_guard.hpp>
#include <mutex>
#include <thread>

#include "app/catslab_node/monitor_client.h"
#include "runtime/sim/trace_file.h"
#include "tests/free_port.h"
#include "tests/timeouts.h"

using namespace catslab;
namespace asio = boost::asio;

namespace {

trace::Record tree(std::size_t bytes) {
  trace::Record r;
  r.set_node("n1");
  r.mutable_tree()->set_json(std::string(bytes, 'x'));
  return r;
}

}  // namespace

class tst_monitor_client : public QObject {
  Q_OBJECT

 private slots:
  void waitsBoundedWhileAwayAndReportsDropsWhenBack() {
    asio::io_context io;
    auto guard = asio::make_work_guard(io);
    std::thread ioThread([&io] { io.run(); });
    std::mutex mutex;
    std::vector<std::string> logLines;
    const quint16 port = testing::freePort();
    auto client = std::make_shared<node::MonitorClient>(
        io, "127.0.0.1", port, [](const std::string&) {},
        [&](bool, const std::string& text) {
          std::lock_guard lock(mutex);
          logLines.push_back(text);
        });
    auto logged = [&](const std::string& part) {
      std::lock_guard lock(mutex);
      return std::count_if(logLines.begin(), logLines.end(),
                           [&](const std::string& l) { return l.find(part) != std::string::npos; });
    };
    trace::Record header;
    header.mutable_header()->set_profile("production");
    client->push(header);
    trace::Record up;
    up.set_node("n1");
    up.mutable_node_up()->set_address("n1@127.0.0.1:7001");
    client->push(up);
    client->start(nullptr);
    QTRY_COMPARE_WITH_TIMEOUT(logged("cannot reach monitor 127.0.0.1:"), 1,
                              catslab::testing::scaledMs(20000));

    // Away: 40 MiB of component trees (never rate-limited) and 10,000 log
    // records. At most 2 x 8 MiB wait; everything else is dropped.
    constexpr std::size_t kTree = 1u << 20;
    for (int i = 0; i < 40; ++i) client->push(tree(kTree));
    trace::Record line;
    line.set_node("n1");
    line.mutable_log()->set_text("hello");
    for (int i = 0; i < 10000; ++i) client->push(line);
    const std::uint64_t dropped = client->droppedRecords();
    QCOMPARE(dropped, std::uint64_t(24 + 10000));
    const auto status =
        QRegularExpression(QStringLiteral("away, reconnecting .*; 10024 records dropped, "
                                          "(\\d+) bytes waiting"))
            .match(QString::fromStdString(client->status()));
    QVERIFY2(status.hasMatch(), client->status().c_str());
    QVERIFY(status.captured(1).toULongLong() <= 2 * node::kMaxBufferedBytes + kTree + 64);

    // The monitor appears: the client finds it by itself.
    asio::io_context testIo;
    asio::ip::tcp::acceptor acceptor(testIo, {asio::ip::make_address("127.0.0.1"), port});
    acceptor.non_blocking(true);
    asio::ip::tcp::socket conn(testIo);
    boost::system::error_code ec;
    QTRY_VERIFY_WITH_TIMEOUT((acceptor.accept(conn, ec), conn.is_open()),
                             catslab::testing::scaledMs(30000));
    conn.non_blocking(true);
    std::string bytes;
    std::vector<trace::Record> records;
    auto pump = [&] {
      char buf[1 << 16];
      for (std::size_t n; (n = conn.read_some(asio::buffer(buf), ec)) > 0 && !ec;) {
        bytes.append(buf, n);
      }
      std::size_t offset = 0;
      while (true) {
        trace::Record r;
        auto used = sim::decodeRecord(bytes.data(), bytes.size(), offset, r);
        if (!used || *used == 0) break;
        offset += *used;
        records.push_back(std::move(r));
      }
      bytes.erase(0, offset);
      return records.size();
    };
    auto reported = [&] {
      pump();
      return std::any_of(records.begin(), records.end(), [](const trace::Record& r) {
        return r.has_log() && r.log().text().find("monitor: 10024 records dropped") == 0;
      });
    };
    QTRY_VERIFY_WITH_TIMEOUT(reported(), catslab::testing::scaledMs(30000));
    QVERIFY(records[0].has_header());
    QVERIFY(records[1].has_node_up());
    QCOMPARE(std::count_if(records.begin(), records.end(),
                           [](const trace::Record& r) { return r.has_tree(); }),
             16);
    QCOMPARE(logged("connected after "), 1);
    QCOMPARE(logged("10024 records dropped while it was away"), 1);

    client->stop();
    guard.reset();
    ioThread.join();
  }
};

QTEST_MAIN(tst_monitor_client)
#include "tst_monitor_client.moc"
