// One-hop routing in simulation: after churn, membership converges to the
// live set and every route reaches the responsible node in one hop.
#include <QtTest>

#include "protocols/onehop/onehop.h"
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

std::string membershipError(World& w) {
  for (const auto& id : w.live()) {
    std::set<std::string> known;
    for (const auto& a : w.find<onehop::OneHop>(id)->members()) known.insert(a.id);
    if (known != w.live()) {
      std::string text = id + " knows {";
      for (const auto& k : known) text += " " + k;
      return text + " }, live set has " + std::to_string(w.live().size());
    }
  }
  return {};
}

}  // namespace

class tst_onehop : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    World::copyable<onehop::MembershipExchange>();
    World::copyable<onehop::RouteRequest>();
    World::copyable<onehop::RouteReached>();
  }

  void membershipConvergesAndRoutesTakeOneHop() {
    for (std::uint64_t seed : partb::seeds(200)) {
      World w({.seed = seed});
      const auto ids = nodeIds(14);
      w.declare(ids, "n1");
      for (int i = 0; i < 10; ++i) w.start(ids[i], "onehop");
      w.runFor(3s);
      for (int round = 0; round < 8; ++round) {
        const std::string who = ids[1 + w.random().below(ids.size() - 1)];
        if (w.live().count(who)) {
          w.crash(who);
        } else {
          w.start(who, "onehop");
        }
        w.runFor(std::chrono::milliseconds(w.random().between(0, 400)));
      }
      // fail timeout 2 s + a few exchange periods.
      w.runFor(4s);
      const std::string where =
          "; " + partb::reproduce(seed, "tst_onehop", "membershipConvergesAndRoutesTakeOneHop");
      const std::string error = membershipError(w);
      QVERIFY2(error.empty(), (error + where).c_str());
      const auto live = w.liveAddresses();
      for (int i = 0; i < 5; ++i) {
        const std::string from = live[w.random().below(live.size())].id;
        const std::string key = "k" + std::to_string(w.random().below(100000));
        const auto before = w.output(from).size();
        w.command(from, "route " + key);
        w.runFor(100ms);
        const auto& out = w.output(from);
        QVERIFY2(out.size() == before + 1, ("no answer to route " + key + where).c_str());
        const auto owner = catslab::protocols::chord::responsibleFor(
            catslab::protocols::chord::ringKey(key), live);
        const int hops = owner->id == from ? 0 : 1;
        const std::string expected = "key " +
                                     std::to_string(catslab::protocols::chord::ringKey(key)) +
                                     " -> " + owner->id + " (" + std::to_string(hops) + " hops)";
        QVERIFY2(out.back() == expected, (out.back() + " expected " + expected + where).c_str());
      }
    }
  }

  void consoleListsMembers() {
    World w({.seed = 4});
    w.declare(nodeIds(3), "n1");
    for (const auto& id : nodeIds(3)) w.start(id, "onehop");
    w.runFor(2s);
    w.command("n3", "members");
    w.command("n3", "route");
    w.command("n3", "fly");
    const auto& out = w.output("n3");
    QCOMPARE(out.size(), std::size_t(3));
    QVERIFY2(out[0].rfind("3 members:", 0) == 0, out[0].c_str());
    QCOMPARE(out[1], std::string("!error: usage: route <key>"));
    QCOMPARE(out[2], std::string("!error: unknown command 'fly' (try 'help')"));
  }

  void badParametersAreReported() {
    auto r = onehop::OneHopConfig::fromParams({{"period_ms", "500"}, {"fail_ms", "600"}});
    QVERIFY(!r);
    QVERIFY(r.error().find("fail_ms") != std::string::npos);
  }
};

QTEST_MAIN(tst_onehop)
#include "tst_onehop.moc"
