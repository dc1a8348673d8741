// Bootstrap server and clients on the simulator users run
// (catslab::sim::Simulation): after churn stops, the server's cache holds
// exactly the live clients once the eviction age has passed; samples never
// name the asker or an evicted peer. Every message is round-tripped through
// its wire codec.
#include <QTest>
#include <set>

#include "protocols/bootstrap/bootstrap_client.h"
#include "protocols/bootstrap/bootstrap_server.h"
#include "runtime/runtime.h"
#include "tests/protocols/sim_suite.h"

using namespace catslab::protocols::bootstrap;
namespace sim = catslab::sim;

using protosim::healthError;
using protosim::nodeIds;

namespace {

// n1 the server, n2..nN clients, 1-10 ms links, all started.
std::unique_ptr<sim::Simulation> makeGroup(std::uint64_t seed, int nodes) {
  return protosim::makeGroup({.seed = seed,
                              .nodes = nodes,
                              .stack = "bootstrap",
                              .link = protosim::uniformLink(1, 10),
                              .bootstrap = "n1"});
}

std::string cacheError(sim::Simulation& s) {
  auto* server = s.component<BootstrapServer>("n1");
  if (!server) return "n1 runs no server";
  std::set<std::string> expected;
  for (const auto& id : s.nodeIds()) {
    if (s.isUp(id) && id != "n1") expected.insert(id);
  }
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
  void cacheHoldsExactlyTheLivePeersAfterEviction() {
    const auto ids = nodeIds(10);
    for (std::uint64_t seed : protosim::seeds(200)) {
      auto s = makeGroup(seed, 10);
      std::set<std::string> up(ids.begin(), ids.end());
      s->runFor(sim::seconds(1));
      for (int round = 0; round < 8; ++round) {
        const std::string victim = ids[1 + s->scenarioRandom().below(ids.size() - 1)];
        QVERIFY(up.erase(victim) ? s->killNode(victim) : (up.insert(victim), s->startNode(victim)));
        s->runFor(sim::ms(static_cast<double>(s->scenarioRandom().between(10, 700))));
      }
      // Eviction age 2 s + one sweep (250 ms) + latency: 2.5 s is the bound.
      s->runFor(sim::ms(2500));
      std::string error = healthError(*s, up);
      if (error.empty()) error = cacheError(*s);
      QVERIFY2(error.empty(), (error + " at " + std::to_string(s->now() / 1000000) + " ms; " +
                               protosim::reproduce(seed, "tst_bootstrap",
                                                   "cacheHoldsExactlyTheLivePeersAfterEviction"))
                                  .c_str());
    }
  }

  void samplesNameLivePeersButNeverTheAsker() {
    auto s = makeGroup(3, 8);
    s->runFor(sim::seconds(1));
    QVERIFY(s->killNode("n5"));
    s->runFor(sim::seconds(3));
    QVERIFY(s->command("n2", "join"));
    s->runFor(sim::ms(100));
    const auto out = s->console("n2");
    QCOMPARE(out.size(), std::size_t(1));
    const std::string& line = out[0].text;
    QCOMPARE(out[0].commandId, s->lastCommandId());
    QVERIFY2(line.rfind("5 peers:", 0) == 0, line.c_str());
    QVERIFY2(line.find("n2") == std::string::npos, line.c_str());
    QVERIFY2(line.find("n5") == std::string::npos, line.c_str());
    QVERIFY2(line.find("n1") == std::string::npos, line.c_str());  // server is not a peer
    auto* client = s->component<BootstrapClient>("n2");
    QVERIFY(client);
    QVERIFY(client->joined());
    QCOMPARE(client->peers().size(), std::size_t(5));
  }

  void consoleAnswersEveryCommand() {
    auto s = makeGroup(1, 3);
    s->runFor(sim::seconds(1));
    for (const char* line : {"peers", "help", "bogus"}) QVERIFY(s->command("n1", line));
    for (const char* line : {"peers", "bogus"}) QVERIFY(s->command("n3", line));
    s->runFor(sim::ms(10));
    const auto server = s->console("n1");
    QCOMPARE(server.size(), std::size_t(3));
    QVERIFY2(server[0].text.rfind("2 live peers: n2(", 0) == 0, server[0].text.c_str());
    QCOMPARE(server[2].text, std::string("error: unknown command 'bogus' (try 'help')"));
    QVERIFY(server[2].error);
    const auto client = s->console("n3");
    QCOMPARE(client.size(), std::size_t(2));
    QVERIFY2(
        client[0].text.rfind("1 peers: n2", 0) == 0 || client[0].text.rfind("0 peers:", 0) == 0,
        client[0].text.c_str());
    QCOMPARE(client[1].text, std::string("error: unknown command 'bogus' (try 'help')"));
    QCOMPARE(client[1].commandId, s->lastCommandId());
  }

  void inspectShowsTheCache() {
    auto s = makeGroup(2, 4);
    s->runFor(sim::seconds(1));
    std::string all;
    for (const auto& [k, v] : s->nodeState("n1")) all += k + "=" + v + " ";
    for (const char* id : {"n2", "n3", "n4"}) {
      QVERIFY2(all.find(id) != std::string::npos, all.c_str());
    }
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
