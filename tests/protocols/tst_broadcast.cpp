// Best-effort, eager reliable and majority-ack uniform reliable broadcast
// ("broadcast" stack) in simulation: validity, no duplication, no creation,
// agreement (RB) and uniform agreement (URB), with crashes — including a
// sender crashing in the middle of its broadcasts.
#include <QtTest>

#include "part_a_sim.h"

using namespace parta;

namespace {

std::vector<std::string> split(const std::string& list) {
  // setList renders "[a, b]"; entries here never contain ", ".
  std::vector<std::string> out;
  if (list.size() <= 2) return out;
  std::string body = list.substr(1, list.size() - 2);
  std::size_t pos = 0;
  while (true) {
    auto next = body.find(", ", pos);
    out.push_back(body.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
    if (next == std::string::npos) break;
    pos = next + 2;
  }
  return out;
}

}  // namespace

class tst_broadcast : public QObject {
  Q_OBJECT

 private slots:
  void properties_data() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("beb") << "beb";
    QTest::newRow("rb") << "rb";
    QTest::newRow("urb") << "urb";
  }

  void properties() {
    QFETCH(QString, kind);
    const std::string k = kind.toStdString();
    for (std::uint64_t seed : seeds(200)) {
      Sim sim({.seed = seed, .minLatencyMs = 1, .maxLatencyMs = 30});
      sim.declare(5);
      sim.startAll("broadcast");
      auto& rng = sim.random();
      // Each node broadcasts a few messages at random times; a minority
      // crashes at random times (possibly while its messages are in flight).
      std::map<std::string, std::set<std::string>> sent;  // by sender
      std::set<std::string> crashed;
      const int crashes = static_cast<int>(rng.below(3));
      for (int step = 0; step < 20; ++step) {
        std::vector<std::string> live(sim.live().begin(), sim.live().end());
        const std::string& who = live[rng.below(live.size())];
        const std::string text = who + "-m" + std::to_string(step);
        sim.command(who, k + " " + text);
        sent[who].insert(who + ": " + text);
        if (static_cast<int>(crashed.size()) < crashes && rng.chance(0.15)) {
          // Crash right after a broadcast: its messages may reach only some nodes.
          sim.runFor(std::chrono::microseconds(rng.between(0, 3000)));
          sim.crash(who);
          crashed.insert(who);
        }
        sim.runFor(std::chrono::milliseconds(rng.between(0, 20)));
      }
      sim.runFor(2s);

      const auto fail = [&](const std::string& what) {
        QFAIL(("seed " + std::to_string(seed) + " (" + k + "): " + what + "; " +
               reproduce(seed, "tst_broadcast", "properties:" + k))
                  .c_str());
      };
      std::set<std::string> allSent;
      for (const auto& [who, texts] : sent) allSent.insert(texts.begin(), texts.end());
      std::map<std::string, std::set<std::string>> delivered;
      for (const auto& id : sim.live()) {
        const auto list = split(sim.inspect(id).at(k));
        std::set<std::string> unique(list.begin(), list.end());
        if (unique.size() != list.size()) fail(id + " delivered a message twice");
        for (const auto& m : unique) {
          if (!allSent.count(m)) fail(id + " delivered '" + m + "', which nobody sent");
        }
        // Validity: a correct sender's messages reach every correct process.
        for (const auto& sender : sim.live()) {
          for (const auto& m : sent[sender]) {
            if (!unique.count(m)) fail(id + " never delivered '" + m + "' of correct " + sender);
          }
        }
        delivered[id] = unique;
      }
      if (k != "beb") {
        // Agreement among correct processes.
        for (const auto& [id, set] : delivered) {
          if (set != delivered.begin()->second) fail(id + " delivered a different set");
        }
      }
      if (QTest::currentTestFailed()) return;
    }
  }

  // Uniform agreement needs the majority-ack rule: a process that delivers and
  // then crashes must not have delivered anything the others will not.
  void urbDeliversOnlyWithMajority() {
    Sim sim({.seed = 5, .minLatencyMs = 5, .maxLatencyMs = 5});
    sim.declare(3);
    sim.startAll("broadcast");
    sim.partition({{"n1"}, {"n2", "n3"}});
    sim.command("n1", "urb lonely");
    sim.command("n1", "rb lonely");
    sim.runFor(1s);
    // Alone, n1 cannot collect a majority of acks: no URB delivery, but RB delivers locally.
    QCOMPARE(QString::fromStdString(sim.inspect("n1").at("urb")), QStringLiteral("[]"));
    QCOMPARE(QString::fromStdString(sim.inspect("n1").at("rb")), QStringLiteral("[n1: lonely]"));
    sim.heal();
    sim.command("n1", "urb together");
    sim.runFor(1s);
    QCOMPARE(QString::fromStdString(sim.inspect("n2").at("urb")), QStringLiteral("[n1: together]"));
  }
};

QTEST_GUILESS_MAIN(tst_broadcast)
#include "tst_broadcast.moc"
