// Uniform total-order broadcast ("tob" stack) in simulation: uniform total
// order, agreement, validity, no duplication and no creation, with a
// minority of processes crashing (possibly while their messages are being
// ordered) and random latencies.
#include <QtTest>

#include "part_a_sim.h"
#include "protocols/tob/consensus_tob.h"

using namespace parta;

namespace {

// What a node delivered, in order, from its console ("tob-deliver <k> <origin>: <text>").
std::vector<std::string> deliveries(Sim& sim, const std::string& id) {
  std::vector<std::string> out;
  for (const auto& line : sim.output(id)) {
    if (line.text.rfind("tob-deliver ", 0) != 0) continue;
    const auto space = line.text.find(' ', 12);
    out.push_back(line.text.substr(space + 1));
  }
  return out;
}

std::string checkRun(std::uint64_t seed) {
  Sim sim({.seed = seed, .minLatencyMs = 1, .maxLatencyMs = 30});
  const int n = 3 + static_cast<int>(seed % 3);
  sim.declare(n);
  sim.startAll("tob");
  auto& rng = sim.random();
  std::map<std::string, std::vector<std::string>> sent;
  const int crashes = static_cast<int>(rng.below((n - 1) / 2 + 1));
  int crashed = 0;
  for (int step = 0; step < 24; ++step) {
    std::vector<std::string> live(sim.live().begin(), sim.live().end());
    const std::string& who = live[rng.below(live.size())];
    const std::string text = "m" + std::to_string(step);
    sim.command(who, "broadcast " + text);
    sent[who].push_back(who + ": " + text);
    sim.runFor(std::chrono::milliseconds(rng.between(0, 40)));
    if (crashed < crashes && rng.chance(0.1)) sim.crash(live[rng.below(live.size())]), ++crashed;
  }
  sim.runFor(5s);

  std::set<std::string> all;
  for (const auto& [who, texts] : sent) all.insert(texts.begin(), texts.end());
  std::vector<std::string> longest;
  for (const auto& id : sim.ids()) {
    const auto seq = deliveries(sim, id);
    if (seq.size() > longest.size()) longest = seq;
  }
  for (const auto& id : sim.ids()) {
    const auto seq = deliveries(sim, id);
    std::set<std::string> unique(seq.begin(), seq.end());
    if (unique.size() != seq.size()) return id + " delivered a message twice";
    for (const auto& m : seq) {
      if (!all.count(m)) return id + " delivered '" + m + "', which nobody sent";
    }
    // Uniform total order (and, for correct processes, agreement): every
    // sequence, even a crashed process's, is a prefix of one common sequence.
    if (!std::equal(seq.begin(), seq.end(), longest.begin())) {
      return id + " delivered in a different order";
    }
    if (sim.isLive(id)) {
      if (seq.size() != longest.size()) return "correct " + id + " missed deliveries";
      for (const auto& sender : sim.live()) {
        for (const auto& m : sent[sender]) {
          if (!unique.count(m)) return id + " never delivered '" + m + "' of correct " + sender;
        }
      }
    }
  }
  return {};
}

}  // namespace

class tst_tob : public QObject {
  Q_OBJECT

 private slots:
  void totalOrderAndAgreement() {
    for (std::uint64_t seed : seeds(200)) {
      const std::string violation = checkRun(seed);
      QVERIFY2(violation.empty(), ("seed " + std::to_string(seed) + ": " + violation + "; " +
                                   reproduce(seed, "tst_tob", "totalOrderAndAgreement"))
                                      .c_str());
    }
  }

  void batchEncodingSurvivesAnyText() {
    using catslab::protocols::TobEntry;
    const std::vector<TobEntry> batch = {
        {"n1", 1, "plain"}, {"n2", 7, "with:colons 12:and digits"}, {"n3", 2, ""}};
    QVERIFY(catslab::protocols::decodeBatch(catslab::protocols::encodeBatch(batch)) == batch);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, catslab::protocols::decodeBatch("5:ab"));
  }

  void consoleCommands() {
    Sim sim({.seed = 9, .minLatencyMs = 1, .maxLatencyMs = 5});
    sim.declare(3);
    sim.startAll("tob");
    sim.runFor(300ms);
    sim.command("n2", "broadcast first");
    sim.command("n3", "broadcast second");
    sim.runFor(1s);
    QCOMPARE(deliveries(sim, "n1").size(), std::size_t(2));
    QCOMPARE(deliveries(sim, "n1"), deliveries(sim, "n2"));
    sim.command("n1", "broadcast");
    QVERIFY(sim.output("n1").back().error);
    sim.command("n1", "order");
    QVERIFY(sim.output("n1").back().error);
  }
};

QTEST_GUILESS_MAIN(tst_tob)
#include "tst_tob.moc"
