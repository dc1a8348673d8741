// Bootstrap server and clients in simulation: after churn stops, the
// server's cache holds exactly the live clients once the eviction age has
// passed; samples never name the asker or an evicted peer.
#include <QtTest>

#include "protocols/bootstrap/bootstrap_client.h"
#include "protocols/bootstrap/bootstrap_server.h"
#include "tests/protocols/part_b_sim.h"

using namespace catslab::protocols::bootstrap;
using namespace std::chrono_literals;
using partb::World;

namespace {

std::vector<std::string> nodeIds(int n) {
  std::vector<std::string> ids;
  for (int i = 1; i <= n; ++i) ids.push_back("n" + std::to_string(i));
  return ids;
}

std::string cacheError(World& w) {
  auto* server = w.find<BootstrapServer>("n1");
  if (!server) return "n1 runs no server";
  std::set<std::string> expected(w.live().begin(), w.live().end());
  expected.erase("n1");
  std::set<std::string> cached;
  for (const auto& [id, e] : server->cache()) cached.insert(id);
  if (cached == expected) return {};
  std::string text = "cache {";
  for (const auto& id : cached) text += " " + id;
  text += " } but live clients {";
  for (const auto& id : expected) text += " " + id;
  return text + " }";
}

}  // namespace

class tst_bootstrap : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    World::copyable<JoinRequest>();
    World::copyable<PeerSample>();
    World::copyable<KeepAlive>();
  }

  void cacheHoldsExactlyTheLivePeersAfterEviction() {
    for (std::uint64_t seed : partb::seeds(200)) {
      World w({.seed = seed});
      const auto ids = nodeIds(10);
      w.declare(ids, "n1");
      for (const auto& id : ids) w.start(id, "bootstrap");
      w.runFor(1s);
      for (int round = 0; round < 8; ++round) {
        const std::string victim = ids[1 + w.random().below(ids.size() - 1)];
        if (w.live().count(victim)) {
          w.crash(victim);
        } else {
          w.start(victim, "bootstrap");
        }
        w.runFor(std::chrono::milliseconds(w.random().between(10, 700)));
      }
      // Eviction age 2 s + one sweep (250 ms) + latency: 2.5 s is the bound.
      w.runFor(2500ms);
      const std::string error = cacheError(w);
      QVERIFY2(error.empty(), (error + "; " +
                               partb::reproduce(seed, "tst_bootstrap",
                                                "cacheHoldsExactlyTheLivePeersAfterEviction"))
                                  .c_str());
    }
  }

  void samplesNameLivePeersButNeverTheAsker() {
    World w({.seed = 3});
    const auto ids = nodeIds(8);
    w.declare(ids, "n1");
    for (const auto& id : ids) w.start(id, "bootstrap");
    w.runFor(1s);
    w.crash("n5");
    w.runFor(3s);
    w.command("n2", "join");
    w.runFor(100ms);
    const auto& out = w.output("n2");
    QCOMPARE(out.size(), std::size_t(1));
    QVERIFY2(out[0].rfind("5 peers:", 0) == 0, out[0].c_str());
    QVERIFY2(out[0].find("n2") == std::string::npos, out[0].c_str());
    QVERIFY2(out[0].find("n5") == std::string::npos, out[0].c_str());
    QVERIFY2(out[0].find("n1") == std::string::npos, out[0].c_str());  // server is not a peer
    auto* client = w.find<BootstrapClient>("n2");
    QVERIFY(client->joined());
    QCOMPARE(client->peers().size(), std::size_t(5));
  }

  void consoleAnswersEveryCommand() {
    World w({.seed = 1});
    w.declare(nodeIds(3), "n1");
    for (const auto& id : nodeIds(3)) w.start(id, "bootstrap");
    w.runFor(1s);
    w.command("n1", "peers");
    w.command("n1", "help");
    w.command("n1", "bogus");
    w.command("n3", "peers");
    w.command("n3", "bogus");
    w.runFor(10ms);
    QCOMPARE(w.output("n1").size(), std::size_t(3));
    QVERIFY2(w.output("n1")[0].rfind("2 live peers: n2(", 0) == 0, w.output("n1")[0].c_str());
    QCOMPARE(w.output("n1")[2], std::string("!error: unknown command 'bogus' (try 'help')"));
    QCOMPARE(w.output("n3").size(), std::size_t(2));
    QVERIFY2(w.output("n3")[0].rfind("1 peers: n2", 0) == 0 ||
                 w.output("n3")[0].rfind("0 peers:", 0) == 0,
             w.output("n3")[0].c_str());
    QCOMPARE(w.output("n3")[1], std::string("!error: unknown command 'bogus' (try 'help')"));
  }

  void badParametersAreReported_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("zero") << "keepalive_ms"
                          << "0";
    QTest::newRow("text") << "sample"
                          << "lots";
    QTest::newRow("eviction shorter than keep-alive") << "evict_ms"
                                                      << "100";
  }
  void badParametersAreReported() {
    QFETCH(QString, key);
    QFETCH(QString, value);
    auto config = BootstrapConfig::fromParams({{key.toStdString(), value.toStdString()}});
    QVERIFY(!config);
    QVERIFY2(config.error().find(key.toStdString()) != std::string::npos, config.error().c_str());
  }
};

QTEST_MAIN(tst_bootstrap)
#include "tst_bootstrap.moc"
