// Chord in simulation: the ring forms, survives churn, and lookups return
// the responsible node; a variant without stabilization is caught by the
// same ring check. Each property runs over many seeds (CATSLAB_SEEDS=n for
// the long suite, CATSLAB_SEED=s to replay one).
#include <QtTest>

#include "protocols/chord/chord.h"
#include "tests/protocols/part_b_sim.h"

using namespace catslab::protocols::chord;
using partb::World;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> nodeIds(int n) {
  std::vector<std::string> ids;
  for (int i = 1; i <= n; ++i) ids.push_back("n" + std::to_string(i));
  return ids;
}

void registerMessages() {
  World::copyable<FindSuccessor>();
  World::copyable<SuccessorFound>();
  World::copyable<GetPredecessor>();
  World::copyable<PredecessorIs>();
  World::copyable<Notify>();
}

// Empty if every live node's successor and predecessor are its true
// neighbours on the circle of live nodes; else what is wrong.
std::string ringError(World& w) {
  const auto ring = sortedByRing(w.liveAddresses());
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const auto& node = ring[i];
    const auto& next = ring[(i + 1) % ring.size()];
    const auto& prev = ring[(i + ring.size() - 1) % ring.size()];
    Chord* c = w.find<Chord>(node.id);
    if (!c) return node.id + " has no Chord component";
    if (!c->joined()) return node.id + " has not joined";
    if (!(c->successor() == next)) {
      return node.id + ".successor is " + c->successor().id + ", expected " + next.id;
    }
    if (ring.size() > 1 && (!c->predecessor() || !(*c->predecessor() == prev))) {
      return node.id + ".predecessor is " + (c->predecessor() ? c->predecessor()->id : "nil") +
             ", expected " + prev.id;
    }
  }
  return {};
}

// Asks random live nodes to look up random keys; empty if every answer
// names the responsible live node.
std::string lookupError(World& w, int lookups) {
  const auto live = w.liveAddresses();
  std::vector<std::pair<std::string, std::string>> asked;  // (node, key)
  std::map<std::string, std::size_t> before;
  for (const auto& a : live) before[a.id] = w.output(a.id).size();
  for (int i = 0; i < lookups; ++i) {
    const auto& node = live[w.random().below(live.size())];
    const std::string key = "key" + std::to_string(w.random().below(1000000));
    asked.emplace_back(node.id, key);
    w.command(node.id, "lookup " + key);
  }
  w.runFor(3s);
  std::map<std::string, std::vector<std::string>> answers;
  for (const auto& a : live) {
    const auto& lines = w.output(a.id);
    answers[a.id].assign(lines.begin() + static_cast<long>(before[a.id]), lines.end());
  }
  std::map<std::string, std::size_t> cursor;
  for (const auto& [node, key] : asked) {
    const auto& lines = answers[node];
    const std::string prefix = "key " + std::to_string(ringKey(key)) + " -> ";
    const auto expected = responsibleFor(ringKey(key), live);
    bool found = false;
    for (const auto& l : lines) {
      if (l.rfind(prefix, 0) != 0) continue;
      found = true;
      const std::string who = l.substr(prefix.size(), l.find('(', prefix.size()) - prefix.size());
      if (who != expected->id) {
        return "lookup " + key + " at " + node + " returned " + who + ", expected " + expected->id;
      }
    }
    if (!found) return "lookup " + key + " at " + node + " got no answer";
  }
  return {};
}

// Prints every live node's state (inspect()) when a check fails.
void dumpRing(World& w) {
  for (const auto& a : sortedByRing(w.liveAddresses())) {
    catslab::runtime::MapStateWriter state;
    w.find<Chord>(a.id)->inspect(state);
    std::string line = a.id + ":";
    for (const auto& [k, v] : state.entries()) line += " " + k + "=" + v;
    qWarning("%s", line.c_str());
  }
}

}  // namespace

class tst_chord : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { registerMessages(); }

  void ringFormsAndLookupsAreCorrect() {
    for (std::uint64_t seed : partb::seeds(200)) {
      World w({.seed = seed});
      const auto ids = nodeIds(8);
      w.declare(ids, "n1");
      for (const auto& id : ids) {
        w.start(id, "chord");
        w.runFor(std::chrono::milliseconds(w.random().between(0, 300)));
      }
      w.runFor(6s);
      const std::string ring = ringError(w);
      QVERIFY2(ring.empty(),
               (ring + "; " + partb::reproduce(seed, "tst_chord", "ringFormsAndLookupsAreCorrect"))
                   .c_str());
      const std::string lookups = lookupError(w, 5);
      QVERIFY2(
          lookups.empty(),
          (lookups + "; " + partb::reproduce(seed, "tst_chord", "ringFormsAndLookupsAreCorrect"))
              .c_str());
    }
  }

  // Crashes and restarts for a while, then checks the ring within a bounded
  // time after churn stops. The bootstrap node stays up (see chord.h).
  void ringRepairsAfterChurn() {
    for (std::uint64_t seed : partb::seeds(200)) {
      World w({.seed = seed});
      const auto ids = nodeIds(10);
      w.declare(ids, "n1");
      for (const auto& id : ids) w.start(id, "chord");
      w.runFor(3s);
      for (int round = 0; round < 6; ++round) {
        const std::string victim = ids[1 + w.random().below(ids.size() - 1)];
        if (w.live().count(victim)) {
          w.crash(victim);
        } else {
          w.start(victim, "chord");
        }
        w.runFor(std::chrono::milliseconds(w.random().between(50, 500)));
      }
      w.runFor(10s);  // the bound: churn stopped 10 s ago
      const std::string ring = ringError(w);
      if (!ring.empty()) dumpRing(w);
      QVERIFY2(
          ring.empty(),
          (ring + "; " + partb::reproduce(seed, "tst_chord", "ringRepairsAfterChurn")).c_str());
      const std::string lookups = lookupError(w, 5);
      QVERIFY2(
          lookups.empty(),
          (lookups + "; " + partb::reproduce(seed, "tst_chord", "ringRepairsAfterChurn")).c_str());
    }
  }

  // Chord without stabilize: joiners set only their own successor, so
  // nobody points at them and the ring check must fail.
  void ringCheckCatchesMissingStabilization() {
    int caught = 0;
    const auto all = partb::seeds(200);
    for (std::uint64_t seed : all) {
      World w({.seed = seed});
      const auto ids = nodeIds(8);
      w.declare(ids, "n1");
      for (const auto& id : ids) w.start(id, "chord", {{"stabilize", "off"}});
      w.runFor(6s);
      if (!ringError(w).empty()) ++caught;
    }
    QCOMPARE(caught, static_cast<int>(all.size()));
  }

  void consoleAnswersEveryCommand() {
    World w({.seed = 7});
    w.declare(nodeIds(3), "n1");
    for (const auto& id : nodeIds(3)) w.start(id, "chord");
    w.runFor(4s);
    w.command("n2", "help");
    w.command("n2", "ring");
    w.command("n2", "fingers");
    w.command("n2", "frobnicate");
    w.command("n2", "lookup");
    w.command("n2", "lookup apple");
    w.runFor(1s);
    const auto& out = w.output("n2");
    QCOMPARE(out.size(), std::size_t(6));
    QVERIFY(out[0].find("lookup <key>") != std::string::npos);
    QVERIFY(out[1].rfind("self n2(", 0) == 0);
    QVERIFY(out[1].find("successors [") != std::string::npos);
    QVERIFY(out[2].rfind("fingers ", 0) == 0);
    QCOMPARE(out[3], std::string("!error: unknown command 'frobnicate' (try 'help')"));
    QVERIFY(out[4].rfind("!error: usage", 0) == 0);
    const auto owner = responsibleFor(ringKey("apple"), w.liveAddresses());
    QVERIFY2(out[5].find("-> " + owner->id + "(") != std::string::npos, out[5].c_str());
  }

  void badParametersAreReported_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("negative period") << "stabilize_ms"
                                     << "-5";
    QTest::newRow("not a number") << "successors"
                                  << "many";
    QTest::newRow("bad switch") << "stabilize"
                                << "maybe";
  }
  void badParametersAreReported() {
    QFETCH(QString, key);
    QFETCH(QString, value);
    auto config = ChordConfig::fromParams({{key.toStdString(), value.toStdString()}});
    QVERIFY(!config);
    QVERIFY(config.error().find(key.toStdString()) != std::string::npos);
    QVERIFY(config.error().find(value.toStdString()) != std::string::npos);
  }
};

QTEST_MAIN(tst_chord)
#include "tst_chord.moc"
