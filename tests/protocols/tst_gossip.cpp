// Gossip on the simulator users run (catslab::sim::Simulation): every live
// node delivers every rumour (push-pull: all of them; push: nearly all,
// with a tolerance) and nobody delivers a rumour twice, through crashes and
// 1% message loss. Every message is round-tripped through its wire codec.
#include <QtTest>
#include <set>

#include "protocols/cyclon/cyclon.h"
#include "protocols/gossip/gossip.h"
#include "runtime/runtime.h"
#include "tests/protocols/sim_suite.h"

using namespace catslab::protocols;
namespace sim = catslab::sim;

using protosim::healthError;
using protosim::nodeIds;

namespace {

// n1..nN running gossip with n1 as bootstrap, 1-10 ms links, all started.
std::unique_ptr<sim::Simulation> makeGroup(std::uint64_t seed, int nodes,
                                           std::map<std::string, std::string> params, double loss) {
  return protosim::makeGroup({.seed = seed,
                              .nodes = nodes,
                              .stack = "gossip",
                              .params = std::move(params),
                              .link = protosim::uniformLink(1, 10, loss),
                              .bootstrap = "n1"});
}

struct Outcome {
  std::string error;  // duplicate deliveries, or a command refused
  int expected = 0;   // (live node, rumour) pairs
  int delivered = 0;
};

// 20 nodes; 4 crash; then 3 rumours from random live nodes.
Outcome spread(std::uint64_t seed, const std::map<std::string, std::string>& params) {
  auto s = makeGroup(seed, 20, params, 0.01);
  const auto ids = nodeIds(20);
  Outcome o;
  std::set<std::string> up(ids.begin(), ids.end());
  s->runFor(sim::seconds(5));
  for (int i = 0; i < 4; ++i) {
    const std::string victim = ids[1 + s->scenarioRandom().below(19)];
    if (up.erase(victim)) (void)s->killNode(victim);
  }
  s->runFor(sim::seconds(1));
  for (int i = 0; i < 3; ++i) {
    const auto up = protosim::upNodes(*s);
    const std::string origin = up[s->scenarioRandom().below(up.size())];
    const auto sent = s->command(origin, "gossip rumour " + std::to_string(i));
    if (!sent) o.error = sent.error();
    s->runFor(sim::ms(100));
  }
  s->runFor(sim::seconds(4));
  if (o.error.empty()) o.error = healthError(*s, up);
  for (const auto& id : protosim::upNodes(*s)) {
    const auto& got = s->component<gossip::GossipComponent>(id)->deliveries();
    for (const auto& [rumour, count] : got) {
      if (count != 1)
        o.error = id + " delivered " + rumour.origin + "#" + std::to_string(rumour.seq) + " " +
                  std::to_string(count) + " times";
    }
    o.expected += 3;
    o.delivered += static_cast<int>(got.size());
  }
  return o;
}

}  // namespace

class tst_gossip : public QObject {
  Q_OBJECT

 private slots:
  void everyLiveNodeDeliversEachRumourOnce_data() {
    QTest::addColumn<QString>("mode");
    QTest::addColumn<double>("minimumFraction");  // over all seeds
    QTest::addColumn<double>("minimumPerRun");
    QTest::addColumn<QString>("fanout");
    // Push-pull repairs what pushes miss: everyone, every run.
    QTest::newRow("push-pull") << "push-pull" << 1.0 << 1.0 << "3";
    // Pure push (infect and die) misses a node with probability about
    // e^-fanout: fanout 5 in 16 live nodes reaches nearly all.
    // A pushed rumour can still die out early in an unlucky run (seed 1058
    // of 2,000 reached 33 of 48), so push is checked over all seeds only.
    QTest::newRow("push") << "push" << 0.97 << 0.0 << "5";
  }
  void everyLiveNodeDeliversEachRumourOnce() {
    QFETCH(QString, mode);
    QFETCH(double, minimumFraction);
    QFETCH(double, minimumPerRun);
    QFETCH(QString, fanout);
    const std::map<std::string, std::string> params{{"view", "8"},
                                                    {"shuffle", "4"},
                                                    {"fanout", fanout.toStdString()},
                                                    {"ttl", "6"},
                                                    {"mode", mode.toStdString()}};
    long expected = 0, delivered = 0;
    for (std::uint64_t seed : protosim::seeds(200)) {
      const Outcome o = spread(seed, params);
      const std::string where =
          "; " + protosim::reproduce(seed, "tst_gossip", "everyLiveNodeDeliversEachRumourOnce");
      QVERIFY2(o.error.empty(), (o.error + where).c_str());
      const double fraction = double(o.delivered) / o.expected;
      if (minimumPerRun > 0) {
        QVERIFY2(fraction >= minimumPerRun, ("delivered " + std::to_string(o.delivered) + " of " +
                                             std::to_string(o.expected) + where)
                                                .c_str());
      }
      expected += o.expected;
      delivered += o.delivered;
    }
    const double overall = double(delivered) / double(expected);
    qInfo("%s: delivered %ld of %ld (%.4f)", qPrintable(mode), delivered, expected, overall);
    QVERIFY2(overall >= minimumFraction, qPrintable(QString::number(overall)));
  }

  void consoleGossipsAndLists() {
    auto s = makeGroup(2, 5, {}, 0);
    s->runFor(sim::seconds(3));
    QVERIFY(s->command("n3", "gossip hello world"));
    s->runFor(sim::seconds(2));
    const auto out = s->console("n4");
    QVERIFY(!out.empty());
    QCOMPARE(out.back().text, std::string("delivered n3#1: hello world"));
    QCOMPARE(out.back().commandId, std::uint64_t(0));  // unsolicited
    for (const char* line : {"delivered", "gossip", "shout"}) QVERIFY(s->command("n4", line));
    s->runFor(0);
    const auto all = s->console("n4");
    QCOMPARE(all.size(), out.size() + 3);
    QCOMPARE(all[all.size() - 3].text, std::string("1 rumours: n3#1"));
    QCOMPARE(all[all.size() - 2].text, std::string("error: usage: gossip <text>"));
    QVERIFY(all[all.size() - 2].error);
    QCOMPARE(all[all.size() - 1].text, std::string("error: unknown command 'shout' (try 'help')"));
    QCOMPARE(all[all.size() - 1].commandId, s->lastCommandId());
  }

  void inspectCountsDeliveries() {
    auto s = makeGroup(3, 4, {}, 0);
    s->runFor(sim::seconds(3));
    QVERIFY(s->command("n2", "gossip one"));
    s->runFor(sim::seconds(2));
    std::string all;
    for (const auto& [k, v] : s->nodeState("n4")) all += k + "=" + v + " ";
    QVERIFY2(all.find("n2#1") != std::string::npos, all.c_str());
  }

  void badParametersAreReported() {
    auto r = gossip::GossipConfig::fromParams({{"mode", "pull"}});
    QVERIFY(!r);
    QVERIFY(r.error().find("mode") != std::string::npos);
    QVERIFY(!gossip::GossipConfig::fromParams({{"fanout", "x"}}));
  }
};

QTEST_MAIN(tst_gossip)
#include "tst_gossip.moc"
