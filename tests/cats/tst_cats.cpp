// The CATS store on the real simulator (issue 10's property suite): 6-8
// nodes, r = 3, a dozen closed-loop clients on three hot keys, under steady
// state, churn (joins, crashes, restarts with durable state, graceful
// leaves), a partition that heals, and message loss. For every seed: the
// history of every key is linearizable; every operation of a live node is
// answered; after the faults stop, within the stated bound, every group's
// view is what the ring says, more than half of each view holds each key's
// newest version, and no node keeps data of a group it left; an isolated
// node answers only "unavailable". Deliberately broken variants must fail.
//
// CATSLAB_SEED=s replays one seed; CATSLAB_SEEDS=n runs n (the long suite).
#include <QTest>
#include <cstdint>
#include <vector>

#include "cats_sim.h"

using namespace catssim;

namespace {

enum class Scenario { Steady, Churn, Partition, Loss };

constexpr std::int64_t kSettle = sim::seconds(15);  // the stated convergence bound

std::string scenarioName(Scenario s) {
  switch (s) {
    case Scenario::Steady:
      return "steady";
    case Scenario::Churn:
      return "churn";
    case Scenario::Partition:
      return "partition";
    case Scenario::Loss:
      return "loss";
  }
  return "?";
}

struct RunResult {
  std::string failure;  // empty: every check held
  bool linearizable = true;
  std::size_t ops = 0, ok = 0, unavailable = 0;
};

void crash(Cluster& c, const std::string& id, const std::string& scope) {
  (void)c.sim().killNode(id, "crashed by the test");
  catslab::cats::MemoryStores::crash(scope + "/" + id);
  c.crashed.insert(id);
}

RunResult run(Scenario scenario, std::uint64_t seed, const std::string& broken = {}) {
  ClusterOptions o;
  o.seed = seed;
  o.scope = "tst_cats/" + scenarioName(scenario) + "/" + std::to_string(seed) + broken;
  o.params = {{"slices", "8"}, {"replication", "3"}};
  if (!broken.empty()) o.params["broken"] = broken;
  o.nodes = scenario == Scenario::Churn ? 8 : 6;
  o.startNodes = 6;
  std::int64_t faultsEnd = sim::seconds(8);
  o.workload.untilNs = faultsEnd;
  rt::Random dice(rt::Random::derive(seed, "tst_cats"));
  if (scenario == Scenario::Loss) o.link = protosim::uniformLink(1, 10, dice.uniform(0.05, 0.2));
  if (scenario == Scenario::Churn) faultsEnd = o.workload.untilNs = sim::seconds(20);
  if (scenario == Scenario::Partition) faultsEnd = o.workload.untilNs = sim::seconds(16);
  Cluster c(o);
  auto& s = c.sim();
  std::set<std::string> leaving;
  RunResult result;

  std::string isolated;
  std::int64_t partitionFrom = 0, partitionTo = 0;
  if (scenario == Scenario::Churn) {
    std::int64_t t = sim::seconds(3);
    int joined = 6;
    bool left = false;
    while (true) {
      t += sim::ms(static_cast<double>(dice.between(1000, 3000)));
      if (t >= faultsEnd) break;
      s.runUntil(t);
      const auto up = protosim::upNodes(s);
      const int action = static_cast<int>(dice.below(4));
      if (!c.crashed.empty()) {  // at most one node down at a time
        const std::string back = *c.crashed.begin();
        (void)s.startNode(back);  // restart with its durable state
        c.crashed.erase(back);
      } else if (action == 1 && joined < o.nodes) {
        (void)s.startNode("n" + std::to_string(++joined));
      } else if (action == 2 && !left) {
        std::string who = up[dice.below(up.size())];
        if (who != "n1") {
          (void)protosim::command(s, who, "leave");
          leaving.insert(who);
          left = true;
        }
      } else {
        std::vector<std::string> candidates;
        for (const auto& id : up) {
          if (!leaving.count(id)) candidates.push_back(id);
        }
        crash(c, candidates[dice.below(candidates.size())], o.scope);
      }
    }
    s.runUntil(faultsEnd);
    for (const auto& id : std::set<std::string>(c.crashed)) {
      (void)s.startNode(id);
      c.crashed.erase(id);
    }
  } else if (scenario == Scenario::Partition) {
    // Partition once the groups have formed, so that one node alone never
    // holds a majority of a view.
    for (int i = 0; i < 100 && !c.viewsMatchRing().empty(); ++i) s.runFor(sim::ms(100));
    isolated = "n" + std::to_string(2 + dice.below(5));
    std::vector<std::string> rest;
    for (const auto& id : s.nodeIds()) {
      if (id != isolated) rest.push_back(id);
    }
    partitionFrom = s.now();
    partitionTo = partitionFrom + sim::ms(static_cast<double>(dice.between(3000, 7000)));
    s.partition({isolated}, rest);
    s.runUntil(partitionTo);
    s.heal();
    s.runUntil(faultsEnd);
  } else {
    s.runUntil(faultsEnd);
    if (scenario == Scenario::Loss) s.setDefaultLink(protosim::uniformLink(1, 10));
  }
  s.runFor(kSettle);

  auto& rec = c.recorder();
  result.ops = rec.history.ops.size();
  result.ok = rec.ok;
  result.unavailable = rec.unavailable;
  const std::string health = protosim::healthError(s, [&] {
    std::set<std::string> up;
    for (const auto& id : s.nodeIds()) {
      if (s.isUp(id)) up.insert(id);
    }
    return up;
  }());
  if (!health.empty()) {
    result.failure = health;
    return result;
  }
  const auto report = checker::checkHistory(rec.history);
  if (report.verdict != checker::Verdict::Linearizable) {
    result.linearizable = false;
    result.failure = "history of " + std::to_string(result.ops) + " operations is " +
                     checker::toString(report.verdict) + ":\n" +
                     checker::formatReport(rec.history, report);
    return result;
  }
  // Termination: every operation of a node's current life is answered (ops
  // of a crashed life stay open, as they would for a real client).
  for (const auto& [key, index] : rec.open) {
    const std::string node = key.first.substr(0, key.first.find('#'));
    const std::string life = key.first.substr(key.first.find('#') + 1);
    if (!s.isUp(node) || life != std::to_string(c.incarnation(node))) continue;
    const auto& op = rec.history.ops[index];
    result.failure = "operation of " + op.client + " on key " + op.key + " invoked at " +
                     std::to_string(op.invokeTime / 1000000) + " ms was never answered";
    return result;
  }
  if (!isolated.empty()) {
    for (const auto& d : rec.done) {
      if (d.node == isolated && d.invokedNs > partitionFrom && d.completedNs < partitionTo &&
          d.status == catslab::cats::KvStatus::Ok) {
        result.failure = "the isolated node " + isolated + " answered an operation invoked at " +
                         std::to_string(d.invokedNs / 1000000) + " ms during the partition";
        return result;
      }
    }
  }
  if (auto e = c.viewsMatchRing(leaving); !e.empty()) {
    result.failure = "views do not match the ring " + std::to_string(kSettle / 1000000000) +
                     " s after the faults stopped: " + e + c.describeNodes();
    return result;
  }
  if (auto e = c.dataPlaced(); !e.empty()) {
    result.failure = "data misplaced after the faults stopped: " + e;
    return result;
  }
  return result;
}

}  // namespace

class tst_cats : public QObject {
  Q_OBJECT

 private slots:
  void propertiesHoldOnEverySeed_data() {
    QTest::addColumn<int>("scenario");
    QTest::newRow("steady") << static_cast<int>(Scenario::Steady);
    QTest::newRow("churn") << static_cast<int>(Scenario::Churn);
    QTest::newRow("partition") << static_cast<int>(Scenario::Partition);
    QTest::newRow("loss") << static_cast<int>(Scenario::Loss);
  }
  void propertiesHoldOnEverySeed() {
    QFETCH(int, scenario);
    std::size_t ops = 0, ok = 0, unavailable = 0;
    for (const auto seed : protosim::seeds(200)) {
      const auto r = run(static_cast<Scenario>(scenario), seed);
      if (!r.failure.empty()) {
        QFAIL(qPrintable(QString::fromStdString(
            "seed " + std::to_string(seed) + ": " + r.failure + "\n" +
            protosim::reproduce(
                seed, "build/tests/tst_cats",
                "propertiesHoldOnEverySeed:" + scenarioName(static_cast<Scenario>(scenario))))));
      }
      ops += r.ops;
      ok += r.ok;
      unavailable += r.unavailable;
    }
    qInfo("%zu operations, %zu ok, %zu unavailable", ops, ok, unavailable);
    QVERIFY2(ok > ops / 2, "most operations must succeed");
  }

  // v4 [n1 n2 n6] -> v5 [n1 n2] -> v6 [n1]: a write completed on {n2, n6}
  // in v4 was on no member of v6, because the members that stayed through a
  // removal did not hand off (a stale read on the first seed; it failed
  // with "history of 6217 operations is NOT linearizable" on that code).
  // The others failed a first fix that made every removal a handoff:
  // "views do not match the ring 15 s after the faults stopped" (a member
  // that had collected was no source for the others, and a two-member
  // group removed its joiner and waited for it for ever).
  void writesSurviveRemovalsInARow_data() {
    QTest::addColumn<int>("scenario");
    QTest::addColumn<quint64>("seed");
    QTest::newRow("stale read, churn") << static_cast<int>(Scenario::Churn) << 942713026997ULL;
    QTest::newRow("stuck, churn") << static_cast<int>(Scenario::Churn) << 942713025461ULL;
    QTest::newRow("stuck, loss 1") << static_cast<int>(Scenario::Loss) << 942713025412ULL;
    QTest::newRow("stuck, loss 2") << static_cast<int>(Scenario::Loss) << 942713025509ULL;
  }
  void writesSurviveRemovalsInARow() {
    QFETCH(int, scenario);
    QFETCH(quint64, seed);
    const auto r = run(static_cast<Scenario>(scenario), seed);
    QVERIFY2(r.failure.empty(), r.failure.c_str());
  }

  // The checks are not vacuous: each broken variant is caught on some seed
  // of the 200. The search tries first the seed that caught it when the
  // row was written (`first`), then 1..200: the assertion is the same, but
  // an -O0 sanitizer build, where one run takes seconds, does not replay
  // the 68 seeds before serve-before-handoff's. If `first` stops catching
  // the variant, the test still passes on a later seed and says so.
  void brokenVariantsAreCaught_data() {
    QTest::addColumn<QString>("broken");
    QTest::addColumn<int>("scenario");
    QTest::addColumn<int>("first");
    QTest::newRow("plain-majority")
        << QStringLiteral("plain-majority") << static_cast<int>(Scenario::Churn) << 9;
    QTest::newRow("serve-before-handoff")
        << QStringLiteral("serve-before-handoff") << static_cast<int>(Scenario::Churn) << 69;
    QTest::newRow("get-without-impose")
        << QStringLiteral("get-without-impose") << static_cast<int>(Scenario::Loss) << 3;
  }
  void brokenVariantsAreCaught() {
    QFETCH(QString, broken);
    QFETCH(int, scenario);
    QFETCH(int, first);
    std::vector<std::uint64_t> order{static_cast<std::uint64_t>(first)};
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
      if (seed != order.front()) order.push_back(seed);
    }
    for (const std::uint64_t seed : order) {
      const auto r = run(static_cast<Scenario>(scenario), seed, broken.toStdString());
      if (!r.failure.empty()) {
        qInfo("caught on seed %llu: %s", static_cast<unsigned long long>(seed),
              r.failure.substr(0, r.failure.find('\n')).c_str());
        if (seed != order.front()) {
          qWarning("seed %d no longer catches %s: update the row's `first` to %llu", first,
                   qPrintable(broken), static_cast<unsigned long long>(seed));
        }
        return;
      }
    }
    QFAIL("the broken variant passed 200 seeds: the checks cannot see it");
  }
};

QTEST_APPLESS_MAIN(tst_cats)
#include "tst_cats.moc"
