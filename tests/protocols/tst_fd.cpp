// The eventually perfect failure detector ("fd" stack) in simulation: strong
// completeness and eventual strong accuracy over many seeds, with crashes,
// a partition that heals, and latencies above the initial timeout.
#include <QtTest>

#include "part_a_sim.h"
#include "protocols/fd/increasing_timeout_fd.h"

using namespace parta;

namespace {

std::string expectedSuspects(const Sim& sim) {
  std::set<std::string> crashed;
  for (const auto& id : sim.ids()) {
    if (!sim.isLive(id)) crashed.insert(id);
  }
  std::string out = "[";
  for (const auto& id : crashed) out += (out.size() > 1 ? ", " : "") + id;
  return out + "]";
}

}  // namespace

class tst_fd : public QObject {
  Q_OBJECT

 private slots:
  void completenessAndAccuracy() {
    for (std::uint64_t seed : seeds(200)) {
      Sim sim({.seed = seed, .minLatencyMs = 1, .maxLatencyMs = 1 + (seed % 5) * 50.0});
      sim.declare(4);
      sim.startAll("fd");
      auto& rng = sim.random();
      // Crash up to two nodes at random times; cut one node off for a while.
      const int crashes = static_cast<int>(rng.below(3));
      std::vector<std::string> order = sim.ids();
      std::shuffle(order.begin(), order.end(), rng);
      sim.runFor(std::chrono::milliseconds(rng.between(0, 500)));
      sim.partition({{order[3]}, {order[0], order[1], order[2]}});
      for (int i = 0; i < crashes; ++i) {
        sim.runFor(std::chrono::milliseconds(rng.between(0, 400)));
        sim.crash(order[i]);
      }
      sim.runFor(std::chrono::milliseconds(rng.between(100, 800)));
      // Global stabilisation time: from now on a round trip takes less than the
      // initial timeout, so once in-flight messages land no suspicion is wrong.
      sim.heal();
      sim.setLatency(1, 40);
      sim.runFor(3s);
      const std::string expected = expectedSuspects(sim);
      for (int check = 0; check < 2; ++check) {
        for (const auto& id : sim.live()) {
          const auto state = sim.inspect(id);
          if (state.at("suspects") != expected) {
            for (const auto& other : sim.live()) {
              rt::MapStateWriter detector;
              sim.find<catslab::protocols::IncreasingTimeoutFd>(other)->inspect(detector);
              for (const auto& [key, value] : detector.entries()) {
                qWarning("%s %s=%s", other.c_str(), key.c_str(), value.c_str());
              }
            }
            QFAIL(("seed " + std::to_string(seed) + ": " + id + " suspects " +
                   state.at("suspects") + ", expected " + expected + "; " +
                   reproduce(seed, "tst_fd", "completenessAndAccuracy"))
                      .c_str());
          }
        }
        sim.runFor(2s);  // "eventually permanently": the verdict must not change
      }
    }
  }

  // A round trip of 160 ms against a 100 ms initial timeout: every process is
  // suspected by mistake until the timeout has grown past the round trip.
  void timeoutGrowsUntilNoMistakes() {
    Sim sim({.seed = 11, .minLatencyMs = 80, .maxLatencyMs = 80});
    sim.declare(3);
    sim.startAll("fd");
    sim.runFor(3s);
    auto* fd = sim.find<catslab::protocols::IncreasingTimeoutFd>("n1");
    rt::MapStateWriter state;
    fd->inspect(state);
    // 100 ms is too short for a 160 ms round trip; the detector must have grown it.
    QVERIFY(std::stoi(state.entries().at("delayMs")) >= 150);
    QCOMPARE(QString::fromStdString(sim.inspect("n1").at("suspects")), QStringLiteral("[]"));
    const auto mistakes = sim.output("n1").size();
    QVERIFY(mistakes >= 2);  // suspect + restore at least once
    sim.runFor(3s);
    QCOMPARE(sim.output("n1").size(), mistakes);
  }

  void consolePrintsSuspicionAndRestore() {
    Sim sim({.seed = 7, .minLatencyMs = 1, .maxLatencyMs = 5});
    sim.declare(3);
    sim.startAll("fd");
    sim.runFor(500ms);
    sim.partition({{"n1"}, {"n2", "n3"}});
    sim.runFor(500ms);
    sim.heal();
    sim.runFor(1s);
    std::vector<std::string> lines;
    for (const auto& l : sim.output("n2")) lines.push_back(l.text);
    QVERIFY(std::find(lines.begin(), lines.end(), "suspect n1") != lines.end());
    QVERIFY(std::find(lines.begin(), lines.end(), "restore n1") != lines.end());
    const auto id = sim.command("n2", "suspects");
    QCOMPARE(QString::fromStdString(sim.output("n2").back().text), QStringLiteral("suspects []"));
    QCOMPARE(sim.output("n2").back().id, id);
  }

  void unknownCommandIsOneErrorLine() {
    Sim sim({.seed = 1});
    sim.declare(2);
    sim.startAll("fd");
    const auto before = sim.output("n1").size();
    sim.command("n1", "frobnicate now");
    QCOMPARE(sim.output("n1").size(), before + 1);
    QVERIFY(sim.output("n1").back().error);
    QCOMPARE(QString::fromStdString(sim.output("n1").back().text),
             QStringLiteral("error: unknown command 'frobnicate' (try 'help')"));
    sim.command("n1", "monitor n9");
    QVERIFY(sim.output("n1").back().error);
  }
};

QTEST_GUILESS_MAIN(tst_fd)
#include "tst_fd.moc"
