// The eventually perfect failure detector ("fd" stack) on the real simulator:
// strong completeness and eventual strong accuracy over many seeds, with
// crashes, a partition that heals, and latencies above the initial timeout.
// Heartbeats cross the network through their wire codec on every hop.
#include <QTest>
#include <algorithm>
#include <set>

#include "protocols/fd/increasing_timeout_fd.h"
#include "runtime/runtime.h"
#include "sim_suite.h"

using namespace protosim;

namespace {

std::string suspectsOf(const sim::Simulation& s, const std::string& id) {
  return s.nodeState(id).at("fd.suspects");
}

}  // namespace

class tst_fd : public QObject {
  Q_OBJECT

 private slots:
  void completenessAndAccuracy() {
    for (std::uint64_t seed : seeds(200)) {
      auto sim = group(seed, 4, "fd", uniformLink(1, 1 + (seed % 5) * 50.0));
      auto& rng = sim->scenarioRandom();
      // Crash up to two nodes at random times; cut one node off for a while.
      const int crashes = static_cast<int>(rng.below(3));
      std::vector<std::string> order = sim->nodeIds();
      std::shuffle(order.begin(), order.end(), rng);
      sim->runFor(sim::ms(rng.between(0, 500)));
      sim->partition({order[3]}, {order[0], order[1], order[2]});
      std::set<std::string> crashed;
      for (int i = 0; i < crashes; ++i) {
        sim->runFor(sim::ms(rng.between(0, 400)));
        QVERIFY(sim->killNode(order[i]));
        crashed.insert(order[i]);
      }
      sim->runFor(sim::ms(rng.between(100, 800)));
      // Global stabilisation time: from now on a round trip takes less than the
      // initial timeout, so once in-flight messages land no suspicion is wrong.
      sim->heal();
      sim->setDefaultLink(uniformLink(1, 40));
      sim->runFor(sim::seconds(3));
      std::string expected = "[";
      for (const auto& id : crashed) expected += (expected.size() > 1 ? ", " : "") + id;
      expected += "]";
      const auto fail = [&](const std::string& what) {
        QFAIL(("seed " + std::to_string(seed) + ": " + what + "; " +
               reproduce(seed, "tst_fd", "completenessAndAccuracy"))
                  .c_str());
      };
      for (int check = 0; check < 2; ++check) {
        if (const std::string bad = health(*sim, crashed); !bad.empty()) fail(bad);
        for (const auto& id : upNodes(*sim)) {
          const std::string suspects = suspectsOf(*sim, id);
          if (suspects == expected) continue;
          for (const auto& other : upNodes(*sim)) {
            rt::MapStateWriter detector;
            sim->component<catslab::protocols::IncreasingTimeoutFd>(other)->inspect(detector);
            for (const auto& [key, value] : detector.entries()) {
              qWarning("%s %s=%s", other.c_str(), key.c_str(), value.c_str());
            }
          }
          fail(id + " suspects " + suspects + ", expected " + expected);
        }
        sim->runFor(sim::seconds(2));  // "eventually permanently": the verdict must not change
      }
    }
  }

  // A round trip of 160 ms against a 100 ms initial timeout: every process is
  // suspected by mistake until the timeout has grown past the round trip.
  void timeoutGrowsUntilNoMistakes() {
    sim::LinkModel slow;
    slow.latency = sim::LatencyModel::constant(80);
    auto sim = group(11, 3, "fd", slow);
    sim->runFor(sim::seconds(3));
    auto* fd = sim->component<catslab::protocols::IncreasingTimeoutFd>("n1");
    QVERIFY(fd);
    rt::MapStateWriter state;
    fd->inspect(state);
    // 100 ms is too short for a 160 ms round trip; the detector must have grown it.
    QVERIFY(std::stoi(state.entries().at("delayMs")) >= 150);
    QCOMPARE(QString::fromStdString(suspectsOf(*sim, "n1")), QStringLiteral("[]"));
    const auto mistakes = sim->console("n1").size();
    QVERIFY(mistakes >= 2);  // suspect + restore at least once
    sim->runFor(sim::seconds(3));
    QCOMPARE(sim->console("n1").size(), mistakes);
    QCOMPARE(QString::fromStdString(health(*sim, {})), QString());
  }

  void consolePrintsSuspicionAndRestore() {
    auto sim = group(7, 3, "fd", uniformLink(1, 5));
    sim->runFor(sim::ms(500));
    sim->partition({"n1"}, {"n2", "n3"});
    sim->runFor(sim::ms(500));
    sim->heal();
    sim->runFor(sim::seconds(1));
    const auto lines = sim->output("n2");
    QVERIFY(std::find(lines.begin(), lines.end(), "suspect n1") != lines.end());
    QVERIFY(std::find(lines.begin(), lines.end(), "restore n1") != lines.end());
    const auto id = command(*sim, "n2", "suspects");
    const auto last = sim->console("n2").back();
    QCOMPARE(QString::fromStdString(last.text), QStringLiteral("suspects []"));
    QCOMPARE(last.commandId, id);
    QVERIFY(!last.error);
  }

  void unknownCommandIsOneErrorLine() {
    auto sim = group(1, 2, "fd");
    const auto before = sim->console("n1").size();
    const auto id = command(*sim, "n1", "frobnicate now");
    QCOMPARE(sim->console("n1").size(), before + 1);
    QVERIFY(sim->console("n1").back().error);
    QCOMPARE(sim->console("n1").back().commandId, id);
    QCOMPARE(QString::fromStdString(sim->console("n1").back().text),
             QStringLiteral("error: unknown command 'frobnicate' (try 'help')"));
    command(*sim, "n1", "monitor n9");
    QVERIFY(sim->console("n1").back().error);
  }
};

QTEST_GUILESS_MAIN(tst_fd)
#include "tst_fd.moc"
