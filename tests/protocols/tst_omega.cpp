// Eventual leader election ("omega" stack) on the real simulator: eventually
// every correct process trusts the same correct process, and keeps trusting
// it. Heartbeats cross the network through their wire codec on every hop.
#include <QTest>
#include <algorithm>
#include <set>

#include "runtime/runtime.h"
#include "sim_suite.h"

using namespace protosim;

class tst_omega : public QObject {
  Q_OBJECT

 private slots:
  void eventuallyOneCommonCorrectLeader() {
    for (std::uint64_t seed : seeds(200)) {
      auto sim = group(seed, 5, "omega", uniformLink(1, 1 + (seed % 4) * 60.0));
      auto& rng = sim->scenarioRandom();
      // Crash a minority, leaders first half of the time (n1 leads initially).
      const int crashes = static_cast<int>(rng.below(3));
      std::vector<std::string> order = sim->nodeIds();
      if (rng.chance(0.5)) std::shuffle(order.begin(), order.end(), rng);
      std::set<std::string> crashed;
      for (int i = 0; i < crashes; ++i) {
        sim->runFor(sim::ms(rng.between(0, 600)));
        QVERIFY(sim->killNode(order[i]));
        crashed.insert(order[i]);
      }
      // A transient partition makes some nodes elect themselves for a while.
      sim->partition({order[3]}, {order[0], order[1], order[2], order[4]});
      sim->runFor(sim::ms(rng.between(100, 700)));
      // Global stabilisation time: round trips now stay below the initial timeout.
      sim->heal();
      sim->setDefaultLink(uniformLink(1, 40));
      sim->runFor(sim::seconds(4));
      std::set<std::string> leaders;
      std::string problem;
      for (int check = 0; check < 2; ++check) {
        if (problem.empty()) problem = health(*sim, crashed);
        for (const auto& id : sim->nodeIds()) {
          if (sim->isUp(id)) leaders.insert(sim->nodeState(id).at("omega.leader"));
        }
        sim->runFor(sim::seconds(2));
      }
      if (problem.empty() && leaders.size() != 1) {
        problem = std::to_string(leaders.size()) + " leaders (" + *leaders.begin() + ", ...)";
      }
      if (problem.empty() && !sim->isUp(*leaders.begin())) {
        problem = "the common leader " + *leaders.begin() + " has crashed";
      }
      QVERIFY2(problem.empty(), ("seed " + std::to_string(seed) + ": " + problem + "; " +
                                 reproduce(seed, "tst_omega", "eventuallyOneCommonCorrectLeader"))
                                    .c_str());
    }
  }

  void consoleReportsLeaderChanges() {
    auto sim = group(3, 3, "omega", uniformLink(1, 5));
    sim->runFor(sim::ms(500));
    const auto id = command(*sim, "n3", "leader");
    QCOMPARE(QString::fromStdString(sim->console("n3").back().text), QStringLiteral("leader n1"));
    QCOMPARE(sim->console("n3").back().commandId, id);
    QVERIFY(sim->killNode("n1"));
    sim->runFor(sim::seconds(1));
    command(*sim, "n3", "leader");
    QCOMPARE(QString::fromStdString(sim->console("n3").back().text), QStringLiteral("leader n2"));
    QCOMPARE(QString::fromStdString(sim->nodeState("n2").at("omega.leader")), QStringLiteral("n2"));
    command(*sim, "n3", "elect me");
    QVERIFY(sim->console("n3").back().error);
  }
};

QTEST_GUILESS_MAIN(tst_omega)
#include "tst_omega.moc"
