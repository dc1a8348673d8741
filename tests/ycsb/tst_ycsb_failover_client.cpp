// FailoverClient with nobody listening: a command costs one refused
// connection per node per round and a back-off between rounds that doubles
// up to its cap, until the command's timeout is spent — no busy loop of
// connection errors — and the failure names every node and why. (Failing
// over to a live node is tst_ycsb_failover, with real CATS nodes.) And a
// client that failed over goes back to its first node once that node answers
// PING again, but not to one that accepts connections and stays silent.
#include <QTest>

#include "bench/ycsb/failover_client.h"
#include "tests/free_port.h"
#include "tests/ycsb/fake_resp_server.h"

using catslab::testing::FakeRespServer;
using catslab::ycsb::Endpoint;
using catslab::ycsb::FailoverClient;
using namespace std::chrono_literals;

namespace {
// The client's waits: 50 ms doubling up to the cap, the last one cut to what
// is left of the command's budget. (How many there are depends on how long
// the refused connections took: the clock is real.)
void checkWaits(const std::vector<std::chrono::milliseconds>& waits,
                std::chrono::milliseconds budget) {
  QVERIFY(!waits.empty());
  std::chrono::milliseconds sum{0}, expected = FailoverClient::kFirstBackOff;
  for (size_t i = 0; i < waits.size(); ++i) {
    if (i + 1 < waits.size()) {
      QCOMPARE(waits[i], expected);
    } else {
      QVERIFY(waits[i] <= expected);
    }
    sum += waits[i];
    expected = std::min(expected * 2, FailoverClient::kMaxBackOff);
  }
  QVERIFY(sum <= budget);
}
}  // namespace

class tst_ycsb_failover_client : public QObject {
  Q_OBJECT

 private slots:
  // Messages name a node as the user would type it back.
  void addressesBracketIPv6Hosts() {
    QCOMPARE(Endpoint({"::1", 6379}).address(), std::string("[::1]:6379"));
    QCOMPARE(Endpoint({"[::1]", 6379}).address(), std::string("[::1]:6379"));
    QCOMPARE(Endpoint({"127.0.0.1", 6379}).address(), std::string("127.0.0.1:6379"));
    QCOMPARE(Endpoint({"db.example", 2379}).address(), std::string("db.example:2379"));
    QCOMPARE(catslab::ycsb::RespClient("fe80::1", 7000, 100).address(),
             std::string("[fe80::1]:7000"));
  }

  void noNodeUpBacksOffUntilTheTimeout() {
    // Free ports: nothing listens, so every connection is refused at once.
    const std::vector<Endpoint> nodes{{"127.0.0.1", catslab::testing::freePort()},
                                      {"127.0.0.1", catslab::testing::freePort()}};
    std::vector<std::string> log;
    FailoverClient client(nodes, 1, 2000, "", "thread 1",
                          [&](const std::string& line) { log.push_back(line); });
    std::vector<std::chrono::milliseconds> waits;
    client.setSleep([&](std::chrono::milliseconds d) {
      waits.push_back(d);
      std::this_thread::sleep_for(d);  // the client's own back-off, as in a run
    });

    const auto reply = client.call({"GET", "k"});
    QVERIFY(!reply);
    for (const Endpoint& n : nodes) {
      QVERIFY2(reply.error().find("cannot connect to " + n.address()) != std::string::npos,
               reply.error().c_str());
    }
    // 2 s of budget: waits of 50, 100, 200, 400, 800 ms and what is left,
    // a round (both nodes) before each wait and one after the last.
    checkWaits(waits, std::chrono::milliseconds(2000));
    if (QTest::currentTestFailed()) return;
    QVERIFY2(waits.size() >= 3, qPrintable(QString::number(waits.size())));
    const auto& c = client.counters();
    QCOMPARE(c.backOffs, int64_t(waits.size()));
    QCOMPARE(c.connectionErrors, 2 * (c.backOffs + 1));
    QCOMPARE(c.failovers, c.connectionErrors);  // each refusal moves to the other node
    QCOMPARE(c.noReply, int64_t(0));            // nothing was sent
    QVERIFY(c.answeredBy.empty());
    QCOMPARE(log.size(), size_t(c.failovers));
    QVERIFY2(log.front().rfind("thread 1: cannot connect to " + nodes[1].address(), 0) == 0,
             log.front().c_str());
    QVERIFY2(log.front().find("failing over from " + nodes[1].address() + " to " +
                              nodes[0].address()) != std::string::npos,
             log.front().c_str());
    QCOMPARE(client.current().address(), nodes[1].address());  // a round ends where it began
  }

  void backOffIsCapped() {
    const std::vector<Endpoint> nodes{{"127.0.0.1", catslab::testing::freePort()}};
    FailoverClient client(nodes, 0, 4000, "", "t", nullptr);
    std::vector<std::chrono::milliseconds> waits;
    // The clock is real: sleep the waits, 4 s in all.
    client.setSleep([&](std::chrono::milliseconds d) {
      waits.push_back(d);
      std::this_thread::sleep_for(d);
    });
    QVERIFY(!client.call({"GET", "k"}));
    // 50 ... 800 ms is 1.55 s; then 1 s at most, twice, and what is left.
    checkWaits(waits, std::chrono::milliseconds(4000));
    if (QTest::currentTestFailed()) return;
    QVERIFY2(waits.size() >= 7, qPrintable(QString::number(waits.size())));
    QCOMPARE(waits[5], FailoverClient::kMaxBackOff);
    QCOMPARE(client.counters().failovers, int64_t(0));  // one node: nowhere to go
  }

  void firstConnectNamesEveryNode() {
    const std::vector<Endpoint> nodes{{"127.0.0.1", catslab::testing::freePort()},
                                      {"127.0.0.1", catslab::testing::freePort()}};
    FailoverClient client(nodes, 0, 1000, "", "t", nullptr);
    client.setSleep([](std::chrono::milliseconds) { QFAIL("connect() must not back off"); });
    const auto s = client.connect();
    QVERIFY(!s);
    const size_t first = s.error().find(nodes[0].address());
    const size_t second = s.error().find(nodes[1].address());
    QVERIFY2(first != std::string::npos && second != std::string::npos && first < second,
             s.error().c_str());
    QCOMPARE(client.counters().connectionErrors, int64_t(2));
  }

  void goesBackHomeOnceTheHomeAnswers() {
    const std::vector<Endpoint> nodes{{"127.0.0.1", catslab::testing::freePort()},
                                      {"127.0.0.1", catslab::testing::freePort()}};
    FakeRespServer other(static_cast<std::uint16_t>(nodes[1].port),
                         FakeRespServer::Mode::Answering);
    std::vector<std::string> log;
    FailoverClient client(nodes, 0, 2000, "", "thread 1",
                          [&](const std::string& line) { log.push_back(line); });
    auto now = std::chrono::steady_clock::now();
    client.setNow([&] { return now; });

    // Home (node 0) is down: the command goes to node 1.
    QVERIFY(client.call({"GET", "k"}));
    QCOMPARE(client.current().address(), nodes[1].address());
    QCOMPARE(client.counters().failovers, int64_t(1));

    // Home comes back, but the first probe is due only 1 s after leaving it.
    FakeRespServer home(static_cast<std::uint16_t>(nodes[0].port), FakeRespServer::Mode::Answering);
    now += 900ms;
    QVERIFY(client.call({"GET", "k"}));
    QCOMPARE(client.current().address(), nodes[1].address());
    QCOMPARE(home.accepted(), 0);

    now += 200ms;
    QVERIFY(client.call({"SET", "k", "v"}));
    QCOMPARE(client.current().address(), nodes[0].address());
    const auto& c = client.counters();
    QCOMPARE(c.failbacks, int64_t(1));
    QCOMPARE(c.answeredBy.at(nodes[0].address()), int64_t(1));  // the SET went home
    QCOMPARE(c.answeredBy.at(nodes[1].address()), int64_t(2));
    QCOMPARE(c.connectionErrors, int64_t(1));  // the probe is not an error
    QTRY_COMPARE(home.accepted(), 1);          // the probe's connection carried the SET
    QCOMPARE(log.size(), size_t(2));
    QCOMPARE(log.back(), "thread 1: " + nodes[0].address() + " answers again; back there from " +
                             nodes[1].address());
  }

  void aSilentHomeIsProbedWithBackOffNotSentCommands() {
    const std::vector<Endpoint> nodes{{"127.0.0.1", catslab::testing::freePort()},
                                      {"127.0.0.1", catslab::testing::freePort()}};
    // Home accepts connections and never answers (a SIGSTOPped node).
    FakeRespServer home(static_cast<std::uint16_t>(nodes[0].port), FakeRespServer::Mode::Silent);
    FakeRespServer other(static_cast<std::uint16_t>(nodes[1].port),
                         FakeRespServer::Mode::Answering);
    FailoverClient client(nodes, 0, 300, "", "t", nullptr);
    auto now = std::chrono::steady_clock::now();
    client.setNow([&] { return now; });

    QVERIFY(!client.call({"GET", "k"}));  // sent home, no reply: unknown, moves on
    QCOMPARE(client.counters().noReply, int64_t(1));
    QTRY_COMPARE(home.accepted(), 1);
    // Probes at 1 s, then 2 s and 4 s later: each a connection and a PING
    // that times out, never a command; every command is answered by node 1.
    const std::vector<std::pair<std::chrono::milliseconds, int>> steps{
        {1000ms, 2}, {1000ms, 2}, {1000ms, 3}, {2000ms, 3}, {2000ms, 4}};
    int answered = 0;
    for (const auto& [advance, probesSoFar] : steps) {
      now += advance;
      QVERIFY(client.call({"GET", "k"}));
      ++answered;
      QTRY_COMPARE(home.accepted(), probesSoFar);
      QCOMPARE(client.current().address(), nodes[1].address());
    }
    QCOMPARE(client.counters().answeredBy.at(nodes[1].address()), int64_t(answered));
    QCOMPARE(client.counters().failbacks, int64_t(0));
    QCOMPARE(client.counters().noReply, int64_t(1));
  }
};

QTEST_GUILESS_MAIN(tst_ycsb_failover_client)
#include "tst_ycsb_failover_client.moc"
