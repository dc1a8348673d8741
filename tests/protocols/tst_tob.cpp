// Uniform total-order broadcast ("tob" stack) on the real simulator: uniform
// total order, agreement, validity, no duplication and no creation, with a
// minority of processes crashing (possibly while their messages are being
// ordered) and random latencies; every message crosses the network through
// its wire codec.
#include <QtTest>
#include <algorithm>
#include <set>

#include "protocols/tob/consensus_tob.h"
#include "runtime/runtime.h"
#include "sim_suite.h"

using namespace protosim;

namespace {

// What a node delivered, in order, from its console ("tob-deliver <k> <origin>: <text>").
std::vector<std::string> deliveries(const sim::Simulation& s, const std::string& id) {
  std::vector<std::string> out;
  for (const auto& line : s.output(id)) {
    if (line.rfind("tob-deliver ", 0) != 0) continue;
    const auto space = line.find(' ', 12);
    out.push_back(line.substr(space + 1));
  }
  return out;
}

std::string checkRun(std::uint64_t seed) {
  const int n = 3 + static_cast<int>(seed % 3);
  auto sim = group(seed, n, "tob", uniformLink(1, 30));
  auto& rng = sim->scenarioRandom();
  std::map<std::string, std::vector<std::string>> sent;
  const int crashes = static_cast<int>(rng.below((n - 1) / 2 + 1));
  std::set<std::string> crashed;
  for (int step = 0; step < 24; ++step) {
    const auto live = upNodes(*sim);
    const std::string who = live[rng.below(live.size())];
    const std::string text = "m" + std::to_string(step);
    command(*sim, who, "broadcast " + text);
    sent[who].push_back(who + ": " + text);
    sim->runFor(sim::ms(rng.between(0, 40)));
    if (static_cast<int>(crashed.size()) < crashes && rng.chance(0.1)) {
      // Any live node, possibly one whose messages are still being ordered.
      const std::string victim = live[rng.below(live.size())];
      if (sim->isUp(victim)) (void)sim->killNode(victim);
      crashed.insert(victim);
    }
  }
  sim->runFor(sim::seconds(5));
  if (std::string bad = health(*sim, crashed); !bad.empty()) return bad;

  std::set<std::string> all;
  for (const auto& [who, texts] : sent) all.insert(texts.begin(), texts.end());
  std::vector<std::string> longest;
  for (const auto& id : sim->nodeIds()) {
    const auto seq = deliveries(*sim, id);
    if (seq.size() > longest.size()) longest = seq;
  }
  for (const auto& id : sim->nodeIds()) {
    const auto seq = deliveries(*sim, id);
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
    if (sim->isUp(id)) {
      if (seq.size() != longest.size()) return "correct " + id + " missed deliveries";
      for (const auto& sender : upNodes(*sim)) {
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
    auto sim = group(9, 3, "tob", uniformLink(1, 5));
    sim->runFor(sim::ms(300));
    command(*sim, "n2", "broadcast first");
    command(*sim, "n3", "broadcast second");
    sim->runFor(sim::seconds(1));
    QCOMPARE(deliveries(*sim, "n1").size(), std::size_t(2));
    QCOMPARE(deliveries(*sim, "n1"), deliveries(*sim, "n2"));
    QCOMPARE(deliveries(*sim, "n1"), deliveries(*sim, "n3"));
    command(*sim, "n1", "broadcast");
    QVERIFY(sim->console("n1").back().error);
    command(*sim, "n1", "order");
    QVERIFY(sim->console("n1").back().error);
    QCOMPARE(QString::fromStdString(health(*sim, {})), QString());
  }
};

QTEST_GUILESS_MAIN(tst_tob)
#include "tst_tob.moc"
