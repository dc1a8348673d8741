// Gossip in simulation: every live node delivers every rumour (push-pull:
// all of them; push: nearly all, with a tolerance) and nobody delivers a
// rumour twice, through crashes.
#include <QtTest>

#include "protocols/cyclon/cyclon.h"
#include "protocols/gossip/gossip.h"
#include "tests/protocols/part_b_sim.h"

using namespace catslab::protocols;
using namespace std::chrono_literals;
using partb::World;

namespace {

std::vector<std::string> nodeIds(int n) {
  std::vector<std::string> ids;
  for (int i = 1; i <= n; ++i) ids.push_back("n" + std::to_string(i));
  return ids;
}

struct Outcome {
  std::string error;  // duplicate deliveries or a rumour lost at its origin
  int expected = 0;   // (live node, rumour) pairs
  int delivered = 0;
};

// 20 nodes; 4 crash; then 3 rumours from random live nodes.
Outcome spread(std::uint64_t seed, const std::map<std::string, std::string>& params) {
  World w({.seed = seed, .loss = 0.01});
  const auto ids = nodeIds(20);
  w.declare(ids, "n1");
  for (const auto& id : ids) w.start(id, "gossip", params);
  w.runFor(5s);
  for (int i = 0; i < 4; ++i) w.crash(ids[1 + w.random().below(19)]);
  w.runFor(1s);
  std::vector<std::string> origins;
  for (int i = 0; i < 3; ++i) {
    std::vector<std::string> live(w.live().begin(), w.live().end());
    origins.push_back(live[w.random().below(live.size())]);
    w.command(origins.back(), "gossip rumour " + std::to_string(i));
    w.runFor(100ms);
  }
  w.runFor(4s);
  Outcome o;
  for (const auto& id : w.live()) {
    const auto& got = w.find<gossip::GossipComponent>(id)->deliveries();
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
  void initTestCase() {
    World::copyable<cyclon::ShuffleRequest>();
    World::copyable<cyclon::ShuffleReply>();
    World::copyable<gossip::Rumour>();
    World::copyable<gossip::Digest>();
    World::copyable<gossip::DigestReply>();
  }

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
    for (std::uint64_t seed : partb::seeds(200)) {
      const Outcome o = spread(seed, params);
      const std::string where =
          "; " + partb::reproduce(seed, "tst_gossip", "everyLiveNodeDeliversEachRumourOnce");
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
    World w({.seed = 2});
    w.declare(nodeIds(5), "n1");
    for (const auto& id : nodeIds(5)) w.start(id, "gossip");
    w.runFor(3s);
    w.command("n3", "gossip hello world");
    w.runFor(2s);
    const auto& out = w.output("n4");
    QVERIFY(!out.empty());
    QCOMPARE(out.back(), std::string("delivered n3#1: hello world"));
    w.command("n4", "delivered");
    w.command("n4", "gossip");
    w.command("n4", "shout");
    QCOMPARE(w.output("n4").size(), out.size());
    const auto& all = w.output("n4");
    QCOMPARE(all[all.size() - 3], std::string("1 rumours: n3#1"));
    QCOMPARE(all[all.size() - 2], std::string("!error: usage: gossip <text>"));
    QCOMPARE(all[all.size() - 1], std::string("!error: unknown command 'shout' (try 'help')"));
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
