// Gossip on the simulator users run (catslab::sim::Simulation): every live
// node delivers every rumour (push-pull: all of them; push: nearly all,
// with a tolerance) and nobody delivers a rumour twice, through crashes and
// 1% message loss. Every message is round-tripped through its wire codec.
#include <QTest>
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
  int fewestReached = 0;  // live nodes that delivered the least spread rumour
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
  std::vector<std::string> origins;
  for (int i = 0; i < 3; ++i) {
    const auto up = protosim::upNodes(*s);
    const std::string origin = up[s->scenarioRandom().below(up.size())];
    const auto sent = s->command(origin, "gossip rumour " + std::to_string(i));
    if (!sent) o.error = sent.error();
    origins.push_back(origin);
    s->runFor(sim::ms(100));
  }
  s->runFor(sim::seconds(4));
  if (o.error.empty()) o.error = healthError(*s, up);
  std::map<gossip::RumourId, int> reached;
  for (const auto& id : protosim::upNodes(*s)) {
    const auto& got = s->component<gossip::GossipComponent>(id)->deliveries();
    for (const auto& [rumour, count] : got) {
      if (count != 1)
        o.error = id + " delivered " + rumour.origin + "#" + std::to_string(rumour.seq) + " " +
                  std::to_string(count) + " times";
      ++reached[rumour];
    }
    o.expected += 3;
    o.delivered += static_cast<int>(got.size());
  }
  // Every rumour is delivered at least where it was gossiped.
  std::map<std::string, int> gossiped;
  for (const auto& origin : origins) ++gossiped[origin];
  for (const auto& [origin, n] : gossiped) {
    int own = 0;
    for (const auto& [rumour, count] : s->component<gossip::GossipComponent>(origin)->deliveries())
      own += rumour.origin == origin ? 1 : 0;
    if (own != n && o.error.empty())
      o.error = origin + " gossiped " + std::to_string(n) + " rumours and delivered " +
                std::to_string(own) + " of them";
  }
  o.fewestReached = static_cast<int>(up.size());
  for (const auto& [rumour, n] : reached) o.fewestReached = std::min(o.fewestReached, n);
  if (reached.size() < origins.size()) o.fewestReached = 0;
  return o;
}

}  // namespace

class tst_gossip : public QObject {
  Q_OBJECT

 private slots:
  // Per seed: no duplicate delivery, every rumour delivered where it was
  // gossiped, and (push-pull) by every live node. Over a run of at least
  // kStatisticMinSeeds seeds: the fraction of (live node, rumour) pairs
  // delivered; one seed cannot show that, so a replayed seed checks only
  // the per-seed properties and a failing fraction replays as the run.
  void everyLiveNodeDeliversEachRumourOnce_data() {
    QTest::addColumn<QString>("mode");
    QTest::addColumn<double>("minimumFraction");  // over all seeds of a run
    QTest::addColumn<double>("minimumPerRun");
    QTest::addColumn<QString>("fanout");
    // Push-pull repairs what pushes miss: everyone, every run.
    QTest::newRow("push-pull") << "push-pull" << 1.0 << 1.0 << "3";
    // Pure push (infect and die) misses a node with probability about
    // e^-fanout: fanout 5 in 16 live nodes reaches nearly all. A pushed
    // rumour can still die out early in an unlucky run (seed 1058 of 2,000
    // reached 33 of 48), so push has no per-run fraction, only the run's.
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
    const std::string function = "everyLiveNodeDeliversEachRumourOnce:" + mode.toStdString();
    long expected = 0, delivered = 0;
    int fewest = 1 << 30;
    const auto all = protosim::seeds(200);
    for (std::uint64_t seed : all) {
      const Outcome o = spread(seed, params);
      const std::string where = "; " + protosim::reproduce(seed, "tst_gossip", function);
      QVERIFY2(o.error.empty(), (o.error + where).c_str());
      const double fraction = double(o.delivered) / o.expected;
      if (minimumPerRun > 0) {
        QVERIFY2(fraction >= minimumPerRun, ("delivered " + std::to_string(o.delivered) + " of " +
                                             std::to_string(o.expected) + where)
                                                .c_str());
      }
      expected += o.expected;
      delivered += o.delivered;
      fewest = std::min(fewest, o.fewestReached);
    }
    const double overall = double(delivered) / double(expected);
    qInfo("%s: delivered %ld of %ld (%.4f) over %zu seeds; least spread rumour reached %d nodes",
          qPrintable(mode), delivered, expected, overall, all.size(), fewest);
    if (all.size() < protosim::kStatisticMinSeeds) return;
    QVERIFY2(
        overall >= minimumFraction,
        ("delivered " + std::to_string(delivered) + " of " + std::to_string(expected) + " over " +
         std::to_string(all.size()) + " seeds; " + protosim::reproduceRun("tst_gossip", function))
            .c_str());
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
