// Uniform total-order broadcast ("tob" stack) on the real simulator: uniform
// total order, agreement, validity, no duplication and no creation, with a
// minority of processes crashing (possibly while their messages are being
// ordered) and random latencies; every message crosses the network through
// its wire codec.
#include <QTest>
#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "protocols/broadcast/payload_codec.h"
#include "protocols/rsm/replicated_kv.h"
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

// What a node delivered from `fromNs` on (one life of a restarted node).
std::vector<std::string> deliveriesSince(
    const sim::Simulation& s, const std::string& id, std::int64_t fromNs,
    std::int64_t toNs = std::numeric_limits<std::int64_t>::max()) {
  std::vector<std::string> out;
  for (const auto& line : s.console(id)) {
    if (line.atNs < fromNs || line.atNs >= toNs || line.text.rfind("tob-deliver ", 0) != 0) {
      continue;
    }
    out.push_back(line.text.substr(line.text.find(' ', 12) + 1));
  }
  return out;
}

// A node is killed, restarted with the same id, and total-order broadcasts
// again; the others keep broadcasting around it. The restarted node is a new
// process, correct from its restart on.
//
// Paxos acceptors keep no state across a restart (that needs stable
// storage), so a node that restarts while an instance it voted in is still
// open could let that instance decide twice. The victim therefore comes back
// only after everything broadcast before its crash has been delivered by
// every live node (its instances are decided); catching up, it re-learns
// those decisions through Paxos (the leader answers with the decided value).
std::string checkRestartRun(std::uint64_t seed) {
  const int n = 3 + static_cast<int>(seed % 3);
  auto sim = group(seed, n, "tob", uniformLink(1, 30));
  auto& rng = sim->scenarioRandom();
  std::set<std::string> all;       // every line sent, as delivered: "origin: text"
  std::vector<std::string> fresh;  // what the victim sent after its restart
  int step = 0;
  const auto broadcastSome = [&](int count) {
    for (int i = 0; i < count; ++i, ++step) {
      const auto live = upNodes(*sim);
      const std::string who = live[rng.below(live.size())];
      const std::string text = "m" + std::to_string(step);
      command(*sim, who, "broadcast " + text);
      all.insert(who + ": " + text);
      sim->runFor(sim::ms(rng.between(0, 40)));
    }
  };
  broadcastSome(static_cast<int>(rng.between(3, 10)));
  const auto nodes = sim->nodeIds();
  const std::string victim = nodes[rng.below(nodes.size())];
  (void)sim->killNode(victim);
  broadcastSome(static_cast<int>(rng.between(0, 6)));
  sim->runFor(sim::seconds(3));  // the victim's instances are decided
  if (!sim->restartNode(victim)) return "could not restart " + victim;
  const std::int64_t reborn = sim->now();
  sim->runFor(sim::ms(rng.between(0, 400)));
  for (int i = 0; i < 3; ++i) {
    // Numbered 1, 2, 3 again by the new life: the old code dropped them.
    const std::string text = victim + "-again" + std::to_string(i);
    command(*sim, victim, "broadcast " + text);
    all.insert(victim + ": " + text);
    fresh.push_back(victim + ": " + text);
    broadcastSome(static_cast<int>(rng.between(0, 3)));
  }
  sim->runFor(sim::seconds(6));
  if (std::string bad = health(*sim, {}); !bad.empty()) return bad;

  // Each life's delivery sequence: the victim has two.
  std::map<std::string, std::vector<std::string>> lives;
  for (const auto& id : nodes) {
    if (id == victim) {
      lives[id + " (first life)"] = deliveriesSince(*sim, id, 0, reborn);
      lives[id + " (restarted)"] = deliveriesSince(*sim, id, reborn);
    } else {
      lives[id] = deliveriesSince(*sim, id, 0);
    }
  }
  std::vector<std::string> longest;
  for (const auto& [who, seq] : lives) {
    if (seq.size() > longest.size()) longest = seq;
  }
  for (const auto& [who, seq] : lives) {
    std::set<std::string> unique(seq.begin(), seq.end());
    if (unique.size() != seq.size()) return who + " delivered a message twice";
    for (const auto& m : seq) {
      if (!all.count(m)) return who + " delivered '" + m + "', which nobody sent";
    }
    if (!std::equal(seq.begin(), seq.end(), longest.begin())) {
      return who + " delivered in a different order";
    }
    if (who == victim + " (first life)") continue;  // crashed
    if (seq.size() != longest.size()) return "correct " + who + " missed deliveries";
    for (const auto& m : fresh) {
      if (!unique.count(m)) return who + " never delivered '" + m + "' of the restarted node";
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

  // Regression: TobMessages were identified by (origin, seq), so a node
  // restarted with the same id numbered its messages 1, 2, ... again and
  // every node dropped them as already delivered.
  void restartedNodeIsOrdered() {
    for (std::uint64_t seed : seeds(200)) {
      const std::string violation = checkRestartRun(seed);
      QVERIFY2(violation.empty(), ("seed " + std::to_string(seed) + ": " + violation + "; " +
                                   reproduce(seed, "tst_tob", "restartedNodeIsOrdered"))
                                      .c_str());
    }
  }

  // The same identity bug one layer up: a ReplicatedKv replica ("rsm" stack,
  // state-machine replication over this TOB) recognised its own commands by
  // (origin, local number). Restarted, it re-learns the whole command log and
  // took its earlier life's command 1 for its new command 1, answering the
  // client with the wrong result.
  void restartedReplicaAnswersItsOwnCommand() {
    sim::LinkModel link;
    link.latency = sim::LatencyModel::constant(5);
    auto sim = group(4, 3, "rsm", link);
    sim->runFor(sim::ms(300));
    command(*sim, "n3", "put colour red");
    sim->runFor(sim::seconds(1));
    QVERIFY(sim->killNode("n3"));
    sim->runFor(sim::seconds(1));
    QVERIFY(sim->restartNode("n3"));
    sim->runFor(sim::seconds(1));
    const std::uint64_t get = command(*sim, "n3", "get colour");
    sim->runFor(sim::seconds(2));
    QStringList answers;
    for (const auto& line : sim->console("n3")) {
      if (line.commandId == get) answers << QString::fromStdString(line.text);
    }
    QCOMPARE(answers, QStringList{"red"});
    // Both lives' commands in the replica's log, told apart.
    rt::MapStateWriter out;
    sim->component<catslab::protocols::ReplicatedKv>("n3")->inspect(out);
    const QString log = QString::fromStdString(out.entries().at("log"));
    QVERIFY2(log.contains(QRegularExpression("n3\\.[0-9a-f]{4}#1 put colour red.*"
                                             "n3\\.[0-9a-f]{4}#1 get colour")),
             qPrintable(log));
    // So does TOB's own inspect(): "n3.<tag>#1" twice, with different tags.
    rt::MapStateWriter tobOut;
    sim->component<catslab::protocols::ConsensusTob>("n3")->inspect(tobOut);
    const QString tobLog = QString::fromStdString(tobOut.entries().at("delivered"));
    const QRegularExpression life("n3\\.([0-9a-f]{4})#1");
    QStringList tags;
    for (const auto& m : life.globalMatch(tobLog)) tags << m.captured(1);
    QVERIFY2(tags.size() == 2 && tags[0] != tags[1], qPrintable(tobLog));
    QCOMPARE(QString::fromStdString(health(*sim, {})), QString());
  }

  void batchEncodingSurvivesAnyText() {
    using catslab::protocols::TobEntry;
    const std::vector<TobEntry> batch = {{"n1", 0xfedcba9876543210ULL, 1, "plain"},
                                         {"n2", 5, 7, "with:colons 12:and digits"},
                                         {"n3", 0, 2, ""}};
    QVERIFY(catslab::protocols::decodeBatch(catslab::protocols::encodeBatch(batch)) == batch);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, catslab::protocols::decodeBatch("5:ab"));
    // A damaged number is refused with what was wrong, not a bare stoull error.
    try {
      (void)catslab::protocols::decodeBatch("2:n11:x1:11:t");
      QFAIL("a non-numeric incarnation was accepted");
    } catch (const std::runtime_error& e) {
      QCOMPARE(QString::fromUtf8(e.what()),
               QStringLiteral("malformed total-order batch: bad incarnation 'x'"));
    }
  }

  // The incarnation crosses the wire (catslab-node peers must tell lives
  // apart too), and a damaged message is refused with its codec's name.
  void messageCodecKeepsIncarnation() {
    using namespace catslab::protocols;
    const std::uint64_t life = 0xfedcba9876543210ULL;
    const TobMessage message("n1", life, 4, "hello");
    QCOMPARE(QString::fromStdString(message.describe()), QStringLiteral("TobMessage n1#4 hello"));
    FieldWriter out;
    encodePayload(message, out);
    const std::string bytes = out.take();
    FieldReader whole(bytes);
    auto back = decodePayload(whole);
    QVERIFY(back);
    auto m = payloadAs<TobMessage>(*back);
    QVERIFY(m);
    QCOMPARE(m->incarnation, life);
    QCOMPARE(m->seq, std::uint64_t(4));
    QCOMPARE(QString::fromStdString(m->text), QStringLiteral("hello"));
    FieldReader truncated(std::string_view(bytes).substr(0, bytes.size() - 3));
    auto damaged = decodePayload(truncated);
    QVERIFY(!damaged);
    QCOMPARE(QString::fromStdString(damaged.error()),
             QStringLiteral("malformed payload tob.Message"));
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
