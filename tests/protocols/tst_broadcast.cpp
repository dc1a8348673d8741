// Best-effort, eager reliable and majority-ack uniform reliable broadcast
// ("broadcast" stack) on the real simulator: validity, no duplication, no
// creation, agreement (RB) and uniform agreement (URB), with crashes —
// including a sender crashing in the middle of its broadcasts. Every message
// crosses the network through its wire codec.
#include <QtTest>
#include <set>

#include "runtime/runtime.h"
#include "sim_suite.h"

using namespace protosim;

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

// What node `id` delivered with broadcast `kind` (beb, rb, urb), as inspected.
std::string delivered(const sim::Simulation& s, const std::string& id, const std::string& kind) {
  return s.nodeState(id).at("broadcast." + kind);
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
      auto sim = group(seed, 5, "broadcast", uniformLink(1, 30));
      auto& rng = sim->scenarioRandom();
      // Each node broadcasts a few messages at random times; a minority
      // crashes at random times (possibly while its messages are in flight).
      std::map<std::string, std::set<std::string>> sent;  // by sender
      std::set<std::string> crashed;
      const int crashes = static_cast<int>(rng.below(3));
      for (int step = 0; step < 20; ++step) {
        const auto live = upNodes(*sim);
        const std::string who = live[rng.below(live.size())];
        const std::string text = who + "-m" + std::to_string(step);
        command(*sim, who, k + " " + text);
        sent[who].insert(who + ": " + text);
        if (static_cast<int>(crashed.size()) < crashes && rng.chance(0.15)) {
          // Crash right after a broadcast: its messages may reach only some nodes.
          sim->runFor(rng.between(0, sim::ms(3)));
          QVERIFY(sim->killNode(who));
          crashed.insert(who);
        }
        sim->runFor(sim::ms(rng.between(0, 20)));
      }
      sim->runFor(sim::seconds(2));

      const auto fail = [&](const std::string& what) {
        QFAIL(("seed " + std::to_string(seed) + " (" + k + "): " + what + "; " +
               reproduce(seed, "tst_broadcast", "properties:" + k))
                  .c_str());
      };
      if (const std::string bad = health(*sim, crashed); !bad.empty()) fail(bad);
      std::set<std::string> allSent;
      for (const auto& [who, texts] : sent) allSent.insert(texts.begin(), texts.end());
      std::map<std::string, std::set<std::string>> deliveredBy;
      for (const auto& id : upNodes(*sim)) {
        const auto list = split(delivered(*sim, id, k));
        std::set<std::string> unique(list.begin(), list.end());
        if (unique.size() != list.size()) fail(id + " delivered a message twice");
        for (const auto& m : unique) {
          if (!allSent.count(m)) fail(id + " delivered '" + m + "', which nobody sent");
        }
        // Validity: a correct sender's messages reach every correct process.
        for (const auto& sender : upNodes(*sim)) {
          for (const auto& m : sent[sender]) {
            if (!unique.count(m)) fail(id + " never delivered '" + m + "' of correct " + sender);
          }
        }
        deliveredBy[id] = unique;
      }
      if (k != "beb") {
        // Agreement among correct processes.
        for (const auto& [id, set] : deliveredBy) {
          if (set != deliveredBy.begin()->second) fail(id + " delivered a different set");
        }
      }
      if (QTest::currentTestFailed()) return;
    }
  }

  // Uniform agreement needs the majority-ack rule: a process that delivers and
  // then crashes must not have delivered anything the others will not.
  void urbDeliversOnlyWithMajority() {
    sim::LinkModel link;
    link.latency = sim::LatencyModel::constant(5);
    auto sim = group(5, 3, "broadcast", link);
    sim->partition({"n1"}, {"n2", "n3"});
    command(*sim, "n1", "urb lonely");
    command(*sim, "n1", "rb lonely");
    sim->runFor(sim::seconds(1));
    // Alone, n1 cannot collect a majority of acks: no URB delivery, but RB delivers locally.
    QCOMPARE(QString::fromStdString(delivered(*sim, "n1", "urb")), QStringLiteral("[]"));
    QCOMPARE(QString::fromStdString(delivered(*sim, "n1", "rb")), QStringLiteral("[n1: lonely]"));
    sim->heal();
    command(*sim, "n1", "urb together");
    sim->runFor(sim::seconds(1));
    QCOMPARE(QString::fromStdString(delivered(*sim, "n2", "urb")),
             QStringLiteral("[n1: together]"));
    QCOMPARE(QString::fromStdString(health(*sim, {})), QString());
  }
};

QTEST_GUILESS_MAIN(tst_broadcast)
#include "tst_broadcast.moc"
