// Eventual leader election ("omega" stack) in simulation: eventually every
// correct process trusts the same correct process, and keeps trusting it.
#include <QtTest>

#include "part_a_sim.h"

using namespace parta;

class tst_omega : public QObject {
  Q_OBJECT

 private slots:
  void eventuallyOneCommonCorrectLeader() {
    for (std::uint64_t seed : seeds(200)) {
      Sim sim({.seed = seed, .minLatencyMs = 1, .maxLatencyMs = 1 + (seed % 4) * 60.0});
      sim.declare(5);
      sim.startAll("omega");
      auto& rng = sim.random();
      // Crash a minority, leaders first half of the time (n1 leads initially).
      const int crashes = static_cast<int>(rng.below(3));
      std::vector<std::string> order = sim.ids();
      if (rng.chance(0.5)) std::shuffle(order.begin(), order.end(), rng);
      for (int i = 0; i < crashes; ++i) {
        sim.runFor(std::chrono::milliseconds(rng.between(0, 600)));
        sim.crash(order[i]);
      }
      // A transient partition makes some nodes elect themselves for a while.
      sim.partition({{order[3]}, {order[0], order[1], order[2], order[4]}});
      sim.runFor(std::chrono::milliseconds(rng.between(100, 700)));
      // Global stabilisation time: round trips now stay below the initial timeout.
      sim.heal();
      sim.setLatency(1, 40);
      sim.runFor(4s);
      std::set<std::string> leaders;
      for (int check = 0; check < 2; ++check) {
        for (const auto& id : sim.live()) leaders.insert(sim.inspect(id).at("leader"));
        sim.runFor(2s);
      }
      const std::string why = "seed " + std::to_string(seed) + ": leaders " +
                              std::to_string(leaders.size()) + " (" + *leaders.begin() + "); " +
                              reproduce(seed, "tst_omega", "eventuallyOneCommonCorrectLeader");
      QVERIFY2(leaders.size() == 1, why.c_str());
      QVERIFY2(sim.isLive(*leaders.begin()), why.c_str());
    }
  }

  void consoleReportsLeaderChanges() {
    Sim sim({.seed = 3, .minLatencyMs = 1, .maxLatencyMs = 5});
    sim.declare(3);
    sim.startAll("omega");
    sim.runFor(500ms);
    sim.command("n3", "leader");
    QCOMPARE(QString::fromStdString(sim.output("n3").back().text), QStringLiteral("leader n1"));
    sim.crash("n1");
    sim.runFor(1s);
    sim.command("n3", "leader");
    QCOMPARE(QString::fromStdString(sim.output("n3").back().text), QStringLiteral("leader n2"));
    sim.command("n3", "elect me");
    QVERIFY(sim.output("n3").back().error);
  }
};

QTEST_GUILESS_MAIN(tst_omega)
#include "tst_omega.moc"
