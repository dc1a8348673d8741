// TcpNetwork between two runtimes in one process, over loopback: order,
// link emulation, bounded queues, bad frames from strangers, peers that go
// away and come back. Waits are on conditions, never sleeps.
#include <QTest>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <condition_variable>
#include <mutex>

#include "runtime/net/tcp_network.h"
#include "runtime/runtime.h"
#include "tests/timeouts.h"

using namespace catslab;
using namespace std::chrono_literals;

namespace {

struct Seq : runtime::EventOf<Seq, runtime::Message> {
  Seq(runtime::Address s, runtime::Address d, std::uint64_t n)
      : Base(std::move(s), std::move(d)), n(n) {}
  std::uint64_t n;
};

const runtime::Serializers::Registration kSeq = runtime::codecFor<Seq>(
    "test.Seq", [](const Seq& m) { return std::to_string(m.n); },
    [](net::Address s, net::Address d, std::string_view p) -> runtime::DecodeResult<Seq> {
      return std::make_shared<const Seq>(std::move(s), std::move(d), std::stoull(std::string(p)));
    });

// A numbered message with padding: above the size the writer copies into
// one buffer, so a write mixes copied and referenced frames.
struct Padded : runtime::EventOf<Padded, runtime::Message> {
  Padded(runtime::Address s, runtime::Address d, std::uint64_t n, std::size_t padding)
      : Base(std::move(s), std::move(d)), n(n), padding(padding) {}
  std::uint64_t n;
  std::size_t padding;
};

const runtime::Serializers::Registration kPadded = runtime::codecFor<Padded>(
    "test.Padded",
    [](const Padded& m) { return std::to_string(m.n) + ":" + std::string(m.padding, 'x'); },
    [](net::Address s, net::Address d, std::string_view p) -> runtime::DecodeResult<Padded> {
      const std::size_t colon = p.find(':');
      if (colon == std::string_view::npos) return runtime::DecodeResult<Padded>::failure("no ':'");
      return std::make_shared<const Padded>(std::move(s), std::move(d),
                                            std::stoull(std::string(p.substr(0, colon))),
                                            p.size() - colon - 1);
    });

// What a node saw, shared with the test thread.
struct Seen {
  std::mutex mutex;
  std::vector<std::uint64_t> numbers;
  std::vector<std::pair<std::string, bool>> statuses;  // peer, up
  std::size_t count() {
    std::lock_guard lock(mutex);
    return numbers.size();
  }
  int ups(const std::string& peer) {
    std::lock_guard lock(mutex);
    int n = 0;
    for (auto& [p, u] : statuses) n += (p == peer && u) ? 1 : 0;
    return n;
  }
  bool sawStatus(const std::string& peer, bool up) {
    std::lock_guard lock(mutex);
    for (auto& [p, u] : statuses) {
      if (p == peer && u == up) return true;
    }
    return false;
  }
};

class Probe : public runtime::ComponentDefinition {
 public:
  explicit Probe(std::shared_ptr<Seen> seen) : seen_(std::move(seen)) {
    subscribe(net_, [this](const Seq& m) {
      std::lock_guard lock(seen_->mutex);
      seen_->numbers.push_back(m.n);
    });
    subscribe(net_, [this](const Padded& m) {
      std::lock_guard lock(seen_->mutex);
      seen_->numbers.push_back(m.n);
    });
    subscribe(net_, [this](const runtime::NetworkStatus& s) {
      std::lock_guard lock(seen_->mutex);
      seen_->statuses.emplace_back(s.peer.id, s.up);
    });
  }
  // From the test thread; routing is thread-safe.
  void send(const runtime::Address& from, const runtime::Address& to, std::uint64_t n) {
    trigger(Seq(from, to, n), net_);
  }
  void sendPadded(const runtime::Address& from, const runtime::Address& to, std::uint64_t n,
                  std::size_t padding) {
    trigger(Padded(from, to, n, padding), net_);
  }

 private:
  std::shared_ptr<Seen> seen_;
  runtime::Positive<runtime::Network> net_ = require<runtime::Network>();
};

class Host : public runtime::ComponentDefinition {
 public:
  Host(net::TcpNetworkConfig config, std::shared_ptr<Seen> seen) {
    net = createNamed<net::TcpNetwork>("net", std::move(config));
    probe = createNamed<Probe>("probe", std::move(seen));
    connect(net.positive<runtime::Network>(), probe.negative<runtime::Network>());
  }
  runtime::Component<net::TcpNetwork> net;
  runtime::Component<Probe> probe;
};

// One node: a runtime with a TcpNetwork on a free loopback port.
struct Node {
  explicit Node(const std::string& id, std::uint16_t port = 0,
                std::shared_ptr<net::LinkTable> links = nullptr, std::size_t maxQueued = 10000)
      : seen(std::make_shared<Seen>()), rt({.workers = 1}) {
    net::TcpNetworkConfig c;
    c.self = {id, "127.0.0.1", port};
    c.links = std::move(links);
    c.maxQueuedMessages = maxQueued;
    c.reconnectMin = 20ms;
    c.reconnectMax = 100ms;
    host = rt.createRoot<Host>(c, seen);
    address = host->net->boundAddress();
    rt.start();
  }
  ~Node() { stop(); }
  void stop() {
    if (stopped) return;
    stopped = true;
    rt.shutdown(0);
    rt.awaitTermination();
  }
  void send(const Node& to, std::uint64_t n) { host->probe->send(address, to.address, n); }
  void sendPadded(const Node& to, std::uint64_t n, std::size_t padding) {
    host->probe->sendPadded(address, to.address, n, padding);
  }
  net::NetworkTotals totals() { return host->net->totals(); }

  std::shared_ptr<Seen> seen;
  runtime::Runtime rt;
  runtime::Component<Host> host;
  runtime::Address address;
  bool stopped = false;
};

topology::LinkModel latency(double ms, double jitter = 0, double loss = 0) {
  topology::LinkModel m;
  m.mutable_latency()->set_mean_ms(ms);
  m.set_jitter_ms(jitter);
  m.set_loss(loss);
  return m;
}

// Raw bytes to a node from a stranger, then the connection is left open.
struct Stranger {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket{io};
  explicit Stranger(const runtime::Address& to) {
    socket.connect({boost::asio::ip::make_address(to.host), to.port});
  }
  void write(const std::string& bytes) { boost::asio::write(socket, boost::asio::buffer(bytes)); }
};

}  // namespace

class tst_tcp_network : public QObject {
  Q_OBJECT

 private slots:
  void messagesArriveInOrder() {
    Node a("a"), b("b");
    for (std::uint64_t i = 0; i < 2000; ++i) a.send(b, i);
    QTRY_COMPARE_WITH_TIMEOUT(b.seen->count(), std::size_t(2000),
                              catslab::testing::scaledMs(10000));
    std::lock_guard lock(b.seen->mutex);
    for (std::uint64_t i = 0; i < 2000; ++i) QCOMPARE(b.seen->numbers[i], i);
    QVERIFY(a.seen->sawStatus("b", true));
  }

  // A burst is handed to the I/O thread and written in batches; small
  // frames are copied into one buffer, large ones written where they are.
  // Order must survive both, whatever the mix.
  void batchedWritesKeepOrderAcrossFrameSizes() {
    Node a("a", 0, nullptr, 100000), b("b");
    constexpr std::uint64_t kCount = 5000;
    for (std::uint64_t i = 0; i < kCount; ++i) {
      if (i % 7 == 3) {
        a.sendPadded(b, i, 600 + i % 3000);  // above the copy threshold
      } else {
        a.send(b, i);
      }
    }
    QTRY_COMPARE_WITH_TIMEOUT(b.seen->count(), std::size_t(kCount),
                              catslab::testing::scaledMs(20000));
    std::lock_guard lock(b.seen->mutex);
    for (std::uint64_t i = 0; i < kCount; ++i) QCOMPARE(b.seen->numbers[i], i);
    QCOMPARE(a.totals().dropped, std::uint64_t(0));
  }

  // The receiver goes away while batches are being written to it: what it
  // got is a gapless prefix in order, every message is accounted for as
  // sent or dropped, and the peer is reported down.
  void peerVanishingMidBatchLosesOnlyTheTail() {
    Node a("a", 0, nullptr, 100000);
    auto b = std::make_unique<Node>("b");
    a.send(*b, 0);
    QTRY_COMPARE_WITH_TIMEOUT(b->seen->count(), std::size_t(1), catslab::testing::scaledMs(5000));
    constexpr std::uint64_t kCount = 20000;
    for (std::uint64_t i = 1; i <= kCount; ++i) a.sendPadded(*b, i, 2048);
    QTRY_VERIFY_WITH_TIMEOUT(b->seen->count() > 100, catslab::testing::scaledMs(10000));
    b->stop();
    QTRY_VERIFY_WITH_TIMEOUT(a.seen->sawStatus("b", false), catslab::testing::scaledMs(10000));
    QTRY_COMPARE_WITH_TIMEOUT(a.totals().sent + a.totals().dropped, kCount + 1,
                              catslab::testing::scaledMs(20000));
    std::lock_guard lock(b->seen->mutex);
    // How much of the burst the peer took before it went (varies by run).
    qInfo("b received %zu of %llu; a wrote %llu and dropped %llu", b->seen->numbers.size(),
          static_cast<unsigned long long>(kCount + 1),
          static_cast<unsigned long long>(a.totals().sent),
          static_cast<unsigned long long>(a.totals().dropped));
    QVERIFY(b->seen->numbers.size() <= kCount + 1);
    for (std::size_t i = 0; i < b->seen->numbers.size(); ++i) {
      QCOMPARE(b->seen->numbers[i], std::uint64_t(i));
    }
  }

  void jitteredLinkKeepsOrderAndDelays() {
    auto links = std::make_shared<net::LinkTable>();
    links->set("b", latency(30, 20));
    Node a("a", 0, links), b("b");
    const auto start = std::chrono::steady_clock::now();
    for (std::uint64_t i = 0; i < 200; ++i) a.send(b, i);
    QTRY_COMPARE_WITH_TIMEOUT(b.seen->count(), std::size_t(200), catslab::testing::scaledMs(10000));
    // Nothing can beat the link's latency.
    QVERIFY(std::chrono::steady_clock::now() - start >= 30ms);
    std::lock_guard lock(b.seen->mutex);
    for (std::uint64_t i = 0; i < 200; ++i) QCOMPARE(b.seen->numbers[i], i);
  }

  void lossyLinkLosesAboutItsShare() {
    auto links = std::make_shared<net::LinkTable>();
    links->set("b", latency(0, 0, 0.5));
    Node a("a", 0, links), b("b");
    for (std::uint64_t i = 0; i < 1000; ++i) a.send(b, i);
    QTRY_COMPARE_WITH_TIMEOUT(a.totals().sent + a.totals().dropped, std::uint64_t(1000),
                              catslab::testing::scaledMs(10000));
    QTRY_COMPARE_WITH_TIMEOUT(b.seen->count(), std::size_t(a.totals().sent),
                              catslab::testing::scaledMs(10000));
    QVERIFY2(b.seen->count() > 350 && b.seen->count() < 650,
             qPrintable(QString::number(b.seen->count())));
  }

  void linkDownDropsEverything() {
    auto links = std::make_shared<net::LinkTable>();
    topology::LinkModel down;
    down.set_down(true);
    links->set("b", down);
    Node a("a", 0, links), b("b");
    for (std::uint64_t i = 0; i < 10; ++i) a.send(b, i);
    QTRY_COMPARE_WITH_TIMEOUT(a.totals().dropped, std::uint64_t(10),
                              catslab::testing::scaledMs(5000));
    links->set("b", latency(0));
    a.send(b, 99);
    QTRY_COMPARE_WITH_TIMEOUT(b.seen->count(), std::size_t(1), catslab::testing::scaledMs(5000));
    std::lock_guard lock(b.seen->mutex);
    QCOMPARE(b.seen->numbers[0], std::uint64_t(99));
  }

  void fullQueueDropsNewMessages() {
    auto links = std::make_shared<net::LinkTable>();
    links->set("b", latency(300));
    Node a("a", 0, links, 10), b("b");
    for (std::uint64_t i = 0; i < 50; ++i) a.send(b, i);
    QTRY_COMPARE_WITH_TIMEOUT(b.seen->count(), std::size_t(10), catslab::testing::scaledMs(5000));
    QCOMPARE(a.totals().dropped, std::uint64_t(40));
    std::lock_guard lock(b.seen->mutex);
    for (std::uint64_t i = 0; i < 10; ++i) QCOMPARE(b.seen->numbers[i], i);  // the oldest survive
  }

  void badFramesCloseOnlyThatConnection_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("closeAfter");
    QTest::newRow("garbage") << QByteArray("GET / HTTP/1.1\r\n\r\n") << false;
    QTest::newRow("oversized") << QByteArray("\x10\x00\x00\x00", 4) << false;
    QTest::newRow("not an envelope") << QByteArray("\x00\x00\x00\x03\xff\xff\xff", 7) << false;
    wire::Envelope unknown;
    unknown.set_type("nobody.Knows");
    unknown.mutable_destination()->set_id("b");
    std::string f;
    net::appendFrame(unknown, f);
    QTest::newRow("unknown type") << QByteArray(f.data(), int(f.size())) << false;
    QTest::newRow("truncated") << QByteArray("\x00\x00\x00\x40partial", 11) << true;
  }
  void badFramesCloseOnlyThatConnection() {
    QFETCH(QByteArray, bytes);
    QFETCH(bool, closeAfter);
    Node a("a"), b("b");
    a.send(b, 1);
    QTRY_COMPARE_WITH_TIMEOUT(b.seen->count(), std::size_t(1), catslab::testing::scaledMs(5000));
    {
      Stranger s(b.address);
      s.write(bytes.toStdString());
      if (closeAfter) s.socket.close();
      QTRY_COMPARE_WITH_TIMEOUT(b.totals().rejectedConnections, std::uint64_t(1),
                                catslab::testing::scaledMs(5000));
    }
    a.send(b, 2);
    QTRY_COMPARE_WITH_TIMEOUT(b.seen->count(), std::size_t(2), catslab::testing::scaledMs(5000));
  }

  void peerThatVanishesIsReportedDownThenUp() {
    Node a("a");
    auto b = std::make_unique<Node>("b");
    const std::uint16_t port = b->address.port;
    a.send(*b, 1);
    QTRY_COMPARE_WITH_TIMEOUT(b->seen->count(), std::size_t(1), catslab::testing::scaledMs(5000));
    b->stop();
    QTRY_VERIFY_WITH_TIMEOUT(a.seen->sawStatus("b", false), catslab::testing::scaledMs(5000));
    a.send(*b, 2);  // dropped: the peer is down
    b.reset();
    Node again("b", port);
    QTRY_COMPARE_WITH_TIMEOUT(a.seen->ups("b"), 2, catslab::testing::scaledMs(5000));
    a.send(again, 3);
    QTRY_COMPARE_WITH_TIMEOUT(again.seen->count(), std::size_t(1),
                              catslab::testing::scaledMs(5000));
    std::lock_guard lock(again.seen->mutex);
    QCOMPARE(again.seen->numbers[0], std::uint64_t(3));
  }

  void selfSendsAreDeliveredLocally() {
    Node a("a");
    a.send(a, 7);
    QTRY_COMPARE_WITH_TIMEOUT(a.seen->count(), std::size_t(1), catslab::testing::scaledMs(5000));
  }

  void portInUseIsAClearError() {
    Node a("a");
    runtime::Runtime rt({.workers = 1});
    net::TcpNetworkConfig c;
    c.self = {"x", "127.0.0.1", a.address.port};
    try {
      rt.createRoot<net::TcpNetwork>(c);
      QFAIL("binding a used port succeeded");
    } catch (const std::runtime_error& e) {
      QVERIFY2(QString::fromUtf8(e.what()).contains("cannot listen on 127.0.0.1:"), e.what());
    }
  }
};

QTEST_MAIN(tst_tcp_network)
#include "tst_tcp_network.moc"
