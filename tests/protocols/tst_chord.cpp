// Chord on the simulator users run (catslab::sim::Simulation): the ring
// forms, survives churn (including restarts of the bootstrap node), and
// lookups return the responsible node; a variant without stabilization is
// caught by the same ring check. Each property runs over many seeds
// (CATSLAB_SEEDS=n for the long suite, CATSLAB_SEED=s to replay one), and
// every message is round-tripped through its wire codec.
#include <QTest>
#include <set>

#include "protocols/chord/chord.h"
#include "runtime/runtime.h"
#include "tests/protocols/sim_suite.h"

using namespace catslab::protocols::chord;
namespace sim = catslab::sim;

using protosim::healthError;
using protosim::nodeIds;

namespace {

// The bound on ring repair once churn stops. A dead successor is dropped
// after one unanswered stabilize round, a dead predecessor after a lease of
// 3 rounds, a joiner retries every 500 ms, and each stabilize round moves a
// correction one hop along the ring; with the default 200 ms period that
// adds up to about 2.5 s for the ten-node rings below. Twice that leaves
// room for several corrections in a row (and for lost retries of a join).
constexpr std::int64_t kRepairBoundNs = sim::seconds(5);

// n1..nN running chord with n1 as bootstrap, 1-10 ms links, none started.
std::unique_ptr<sim::Simulation> makeRing(std::uint64_t seed, int nodes,
                                          std::map<std::string, std::string> params = {}) {
  return protosim::makeGroup({.seed = seed,
                              .nodes = nodes,
                              .stack = "chord",
                              .params = std::move(params),
                              .link = protosim::uniformLink(1, 10),
                              .bootstrap = "n1",
                              .start = false});
}

std::vector<Address> liveAddresses(const sim::Simulation& s) {
  std::vector<Address> out;
  for (const auto& id : s.nodeIds()) {
    if (s.isUp(id)) out.push_back(Address{id});
  }
  return out;
}

// Crashes a node the test started or starts one it crashed; `up` is the
// set of nodes the test expects up.
catslab::runtime::Status toggle(sim::Simulation& s, std::set<std::string>& up,
                                const std::string& id) {
  if (up.erase(id)) return s.killNode(id);
  up.insert(id);
  return s.startNode(id);
}

// Empty if every live node's successor and predecessor are its true
// neighbours on the circle of live nodes; else what is wrong.
std::string ringError(sim::Simulation& s) {
  const auto ring = sortedByRing(liveAddresses(s));
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const auto& node = ring[i];
    const auto& next = ring[(i + 1) % ring.size()];
    const auto& prev = ring[(i + ring.size() - 1) % ring.size()];
    Chord* c = s.component<Chord>(node.id);
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

// Asks random live nodes to look up random keys; empty if every lookup gets
// exactly one answer and it names the responsible live node.
std::string lookupError(sim::Simulation& s, int lookups) {
  const auto live = liveAddresses(s);
  struct Asked {
    std::string node, key;
    std::uint64_t command;
  };
  std::vector<Asked> asked;
  for (int i = 0; i < lookups; ++i) {
    const auto& node = live[s.scenarioRandom().below(live.size())];
    const std::string key = "key" + std::to_string(s.scenarioRandom().below(1000000));
    const auto sent = s.command(node.id, "lookup " + key);
    if (!sent) return sent.error();
    asked.push_back({node.id, key, s.lastCommandId()});
  }
  s.runFor(sim::seconds(3));  // 3 attempts of 800 ms at most
  for (const auto& a : asked) {
    std::vector<std::string> answers;
    for (const auto& line : s.console(a.node)) {
      if (line.commandId == a.command) answers.push_back((line.error ? "!" : "") + line.text);
    }
    if (answers.size() != 1) {
      return "lookup " + a.key + " at " + a.node + " got " + std::to_string(answers.size()) +
             " answers";
    }
    const auto expected = responsibleFor(ringKey(a.key), live);
    const std::string want = "key " + std::to_string(ringKey(a.key)) + " -> " + expected->id + "(";
    if (answers[0].rfind(want, 0) != 0) {
      return "lookup " + a.key + " at " + a.node + " answered '" + answers[0] + "', expected " +
             expected->id;
    }
  }
  return {};
}

// Prints every live node's state (inspect()) when a check fails.
void dumpRing(sim::Simulation& s) {
  for (const auto& a : sortedByRing(liveAddresses(s))) {
    std::string line = a.id + ":";
    for (const auto& [k, v] : s.nodeState(a.id)) line += " " + k + "=" + v;
    qWarning("%s", line.c_str());
  }
}

// Ring and lookups correct now; else the error and how to replay the seed.
std::string ringAndLookupError(sim::Simulation& s, const std::set<std::string>& up,
                               const char* function) {
  std::string error = healthError(s, up);
  if (error.empty()) error = ringError(s);
  if (!error.empty()) dumpRing(s);
  if (error.empty()) error = lookupError(s, 5);
  if (error.empty()) return {};
  return error + " at " + std::to_string(s.now() / 1000000) + " ms; " +
         protosim::reproduce(s.seed(), "tst_chord", function);
}

// The bootstrap node crashes during churn and comes back, at once (as
// restartNode does) or `roundsDown` churn rounds later; empty if the ring
// and lookups are right kRepairBoundNs after churn stops.
std::string bootstrapRestartError(std::uint64_t seed, int roundsDown) {
  const auto ids = nodeIds(10);
  auto s = makeRing(seed, 10);
  s->startAll();
  std::set<std::string> up(ids.begin(), ids.end());
  s->runFor(sim::seconds(3));
  const int crashRound = static_cast<int>(s->scenarioRandom().below(4));
  for (int round = 0; round < 8; ++round) {
    const catslab::runtime::Status done =
        round == crashRound && roundsDown == 0 ? s->restartNode("n1")
        : round == crashRound || round == crashRound + roundsDown
            ? toggle(*s, up, "n1")
            : toggle(*s, up, ids[1 + s->scenarioRandom().below(ids.size() - 1)]);
    if (!done) return done.error();
    s->runFor(sim::ms(static_cast<double>(s->scenarioRandom().between(50, 500))));
  }
  if (!s->isUp("n1")) return "n1 is down after churn";
  s->runFor(kRepairBoundNs);
  const std::string function = std::string("'ringRepairsAfterBootstrapRestarts:") +
                               (roundsDown == 0 ? "restart at once'" : "down for three rounds'");
  return ringAndLookupError(*s, up, function.c_str());
}

}  // namespace

class tst_chord : public QObject {
  Q_OBJECT

 private slots:
  void ringFormsAndLookupsAreCorrect() {
    for (std::uint64_t seed : protosim::seeds(200)) {
      auto s = makeRing(seed, 8);
      std::set<std::string> up;
      for (const auto& id : nodeIds(8)) {
        QVERIFY(toggle(*s, up, id));
        s->runFor(sim::ms(static_cast<double>(s->scenarioRandom().between(0, 300))));
      }
      s->runFor(sim::seconds(6));
      const std::string error = ringAndLookupError(*s, up, "ringFormsAndLookupsAreCorrect");
      QVERIFY2(error.empty(), error.c_str());
    }
  }

  // Crashes and restarts other nodes for a while, then checks the ring
  // within kRepairBoundNs after churn stops.
  void ringRepairsAfterChurn() {
    const auto ids = nodeIds(10);
    for (std::uint64_t seed : protosim::seeds(200)) {
      auto s = makeRing(seed, 10);
      s->startAll();
      std::set<std::string> up(ids.begin(), ids.end());
      s->runFor(sim::seconds(3));
      for (int round = 0; round < 6; ++round) {
        QVERIFY(toggle(*s, up, ids[1 + s->scenarioRandom().below(ids.size() - 1)]));
        s->runFor(sim::ms(static_cast<double>(s->scenarioRandom().between(50, 500))));
      }
      s->runFor(kRepairBoundNs);
      const std::string error = ringAndLookupError(*s, up, "ringRepairsAfterChurn");
      QVERIFY2(error.empty(), error.c_str());
    }
  }

  // The bootstrap node crashes during churn and comes back, at once (as
  // restartNode does) or a few churn rounds later; nodes that restart
  // meanwhile must join through someone else, and the restarted bootstrap
  // node must rejoin the ring that exists rather than found a second one
  // (Chord never merges rings).
  void ringRepairsAfterBootstrapRestarts_data() {
    QTest::addColumn<int>("roundsDown");
    QTest::newRow("restart at once") << 0;
    QTest::newRow("down for three rounds") << 3;
  }
  void ringRepairsAfterBootstrapRestarts() {
    QFETCH(int, roundsDown);
    for (std::uint64_t seed : protosim::seeds(200)) {
      const std::string error = bootstrapRestartError(seed, roundsDown);
      QVERIFY2(error.empty(), error.c_str());
    }
  }

  // When the bootstrap node came back alone and a restarted node joined
  // through it, two rings formed; ring unification found the other ring,
  // but the next stabilize round dropped the new successor as silent (the
  // unanswered request had gone to the old one), so the rings never stayed
  // merged and the ring was still wrong 5 s after churn (issue 17). These
  // seeds failed on that code.
  void mergedRingsAreNotSplitAgainByStabilize_data() {
    QTest::addColumn<int>("roundsDown");
    QTest::addColumn<quint64>("seed");
    QTest::newRow("seed 30044, down for three rounds") << 3 << quint64(30044);
    QTest::newRow("seed 30129, down for three rounds") << 3 << quint64(30129);
    QTest::newRow("seed 31370, restart at once") << 0 << quint64(31370);
  }
  void mergedRingsAreNotSplitAgainByStabilize() {
    QFETCH(int, roundsDown);
    QFETCH(quint64, seed);
    const std::string error = bootstrapRestartError(seed, roundsDown);
    QVERIFY2(error.empty(), error.c_str());
  }

  // A node whose successors and fingers had all failed left the ring to join
  // again and went silent; its predecessor, its own list emptied by the same
  // churn, took it for dead and left too, and so on backwards: seven of nine
  // nodes off the ring, still wrong 5 s after churn (issue 17; the first
  // seed failed on that code with "n3.successor is n6, expected n2"). A
  // cut-off node now stays on the ring and asks every peer. The other seeds
  // failed fixes tried on the way (standing on the predecessor alone; asking
  // the bootstrap node once).
  void aCutOffNodeStaysOnTheRing_data() {
    QTest::addColumn<quint64>("seed");
    for (quint64 seed : {454385918510ULL, 454385911580ULL, 454385927631ULL, 454385930664ULL}) {
      QTest::addRow("seed %llu", static_cast<unsigned long long>(seed)) << seed;
    }
  }
  void aCutOffNodeStaysOnTheRing() {
    QFETCH(quint64, seed);
    for (int roundsDown : {0, 3}) {
      const std::string error = bootstrapRestartError(seed, roundsDown);
      QVERIFY2(error.empty(), error.c_str());
    }
  }

  // Chord without stabilize: joiners set only their own successor, so
  // nobody points at them and the ring check must fail on every seed.
  void ringCheckCatchesMissingStabilization() {
    int caught = 0;
    const auto all = protosim::seeds(200);
    for (std::uint64_t seed : all) {
      auto s = makeRing(seed, 8, {{"stabilize", "off"}});
      s->startAll();
      s->runFor(sim::seconds(6));
      if (!ringError(*s).empty()) ++caught;
    }
    QCOMPARE(caught, static_cast<int>(all.size()));
  }

  void consoleAnswersEveryCommand() {
    auto s = makeRing(7, 3);
    s->startAll();
    s->runFor(sim::seconds(4));
    for (const char* line : {"help", "ring", "fingers", "frobnicate", "lookup", "lookup apple"}) {
      QVERIFY(s->command("n2", line));
    }
    s->runFor(sim::seconds(1));
    const auto out = s->console("n2");
    QCOMPARE(out.size(), std::size_t(6));
    for (std::size_t i = 0; i < out.size(); ++i) {
      QCOMPARE(out[i].commandId, s->lastCommandId() - 5 + i);
      QCOMPARE(out[i].error, i == 3 || i == 4);
    }
    QVERIFY(out[0].text.find("lookup <key>") != std::string::npos);
    QVERIFY(out[1].text.rfind("self n2(", 0) == 0);
    QVERIFY(out[1].text.find("successors [") != std::string::npos);
    QVERIFY(out[2].text.rfind("fingers ", 0) == 0);
    QCOMPARE(out[3].text, std::string("error: unknown command 'frobnicate' (try 'help')"));
    QVERIFY(out[4].text.rfind("error: usage", 0) == 0);
    const auto owner = responsibleFor(ringKey("apple"), liveAddresses(*s));
    QVERIFY2(out[5].text.find("-> " + owner->id + "(") != std::string::npos, out[5].text.c_str());
  }

  void inspectShowsTheRing() {
    auto s = makeRing(3, 4);
    s->startAll();
    s->runFor(sim::seconds(4));
    QVERIFY2(ringError(*s).empty(), ringError(*s).c_str());
    const auto state = s->nodeState("n3");
    auto* c = s->component<Chord>("n3");
    QVERIFY(c);
    QCOMPARE(state.at("chord.joined"), std::string("true"));
    QVERIFY2(state.at("chord.successor").rfind(c->successor().id + "(", 0) == 0,
             state.at("chord.successor").c_str());
    QVERIFY2(state.at("chord.predecessor").rfind(c->predecessor()->id + "(", 0) == 0,
             state.at("chord.predecessor").c_str());
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

  // A bad parameter in a topology reaches the user when the node starts.
  void badParameterFailsTheNodeStart() {
    auto s = makeRing(1, 2, {{"successors", "0"}});
    const auto started = s->startNode("n2");
    QVERIFY(!started);
    QVERIFY2(started.error().find("successors") != std::string::npos, started.error().c_str());
  }
};

QTEST_MAIN(tst_chord)
#include "tst_chord.moc"
