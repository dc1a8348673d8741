// Tombstone collection on the simulator (docs/cats.md, "Collecting
// tombstones"): deleted keys leave no tombstone behind once the horizon has
// passed, a key written after its tombstone was collected is newer than the
// delete, and collecting while clients run on keys that are deleted,
// rewritten and read, with crashes and message loss, keeps every history
// linearizable. The checks can fail: with collection off tombstones stay,
// and a replica that drops tombstones without asking the other members
// (broken=eager-tombstone-gc) is caught by the linearizability checker.
//
// CATSLAB_SEED=s replays one seed.
#include <QTest>

#include "cats_sim.h"

using namespace catssim;

namespace {

// Short times, so that tombstones are collected while the clients run: the
// horizon only has to exceed an operation's deadline plus message delays.
std::map<std::string, std::string> shortTimes() {
  return {{"slices", "8"},         {"replication", "3"},       {"deadline_ms", "400"},
          {"retransmit_ms", "60"}, {"tombstone_gc_ms", "600"}, {"fail_ms", "1000"}};
}

std::vector<std::string> manyKeys() {
  std::vector<std::string> keys;
  for (int i = 0; i < 16; ++i) keys.push_back("k" + std::to_string(i));
  return keys;
}

std::size_t storedTombstones(Cluster& c) {
  std::size_t n = 0;
  for (const auto& id : protosim::upNodes(c.sim())) n += c.node(id)->tombstoneCount();
  return n;
}

// Runs `line` on `node`; the first answer line (10 s of virtual time at most).
std::string ask(Cluster& c, const std::string& node, const std::string& line) {
  const auto id = protosim::command(c.sim(), node, line);
  for (int i = 0; i < 1000; ++i) {
    for (const auto& l : c.sim().console(node)) {
      if (l.commandId == id) return l.text;
    }
    c.sim().runFor(sim::ms(10));
  }
  return "(no answer)";
}

struct RunResult {
  std::string failure;
  std::size_t ops = 0, collected = 0;
};

// Clients on 16 keys with many deletes for 8 s; with `churn` one node at a
// time crashes and restarts; with `loss` 10 % of messages are lost. Then the
// history must be linearizable.
RunResult runUnderLoad(std::uint64_t seed, bool churn, bool loss, const std::string& broken = {}) {
  ClusterOptions o;
  o.seed = seed;
  o.scope = "tst_cats_tombstones/load/" + std::to_string(seed) + (churn ? "c" : "") +
            (loss ? "l" : "") + broken;
  o.params = shortTimes();
  if (!broken.empty()) o.params["broken"] = broken;
  o.nodes = o.startNodes = 5;
  o.workload.keys = manyKeys();
  o.workload.maxThinkMs = 150;
  o.workload.deletesInTen = 3;
  o.workload.untilNs = sim::seconds(8);
  if (loss) o.link = protosim::uniformLink(1, 10, 0.1);
  Cluster c(o);
  auto& s = c.sim();
  RunResult r;
  if (churn) {
    rt::Random dice(rt::Random::derive(seed, "tst_cats_tombstones"));
    for (std::int64_t t = sim::seconds(2); t < sim::seconds(8); t += sim::seconds(2)) {
      s.runUntil(t);
      const std::string victim = "n" + std::to_string(2 + dice.below(4));
      (void)s.killNode(victim, "crashed by the test");
      catslab::cats::MemoryStores::crash(o.scope + "/" + victim);
      s.runFor(sim::ms(static_cast<double>(dice.between(300, 1200))));
      (void)s.startNode(victim);
    }
  }
  s.runUntil(sim::seconds(8));
  if (loss) s.setDefaultLink(protosim::uniformLink(1, 10));
  s.runFor(sim::seconds(3));
  for (const auto& id : protosim::upNodes(s)) r.collected += c.node(id)->tombstonesCollected();
  r.ops = c.recorder().history.ops.size();
  const auto report = checker::checkHistory(c.recorder().history);
  if (report.verdict != checker::Verdict::Linearizable) {
    r.failure = "history of " + std::to_string(r.ops) + " operations is " +
                checker::toString(report.verdict) + ":\n" +
                checker::formatReport(c.recorder().history, report);
  }
  return r;
}

}  // namespace

class tst_cats_tombstones : public QObject {
  Q_OBJECT

 private slots:
  // Deletes of 20 keys on a quiet cluster: once the horizon has passed no
  // replica stores a tombstone; the keys read as absent from any node; a
  // key written again reads back with its new value (the slice's floor
  // makes the new write newer than the collected delete). With collection
  // off (tombstone_gc_ms=0) the same count stays at 3 per key: the check
  // sees it.
  void deletedKeysLeaveNoTombstones_data() {
    QTest::addColumn<QString>("horizon");
    QTest::addColumn<bool>("collects");
    QTest::newRow("collection on") << QStringLiteral("600") << true;
    QTest::newRow("collection off") << QStringLiteral("0") << false;
  }
  void deletedKeysLeaveNoTombstones() {
    QFETCH(QString, horizon);
    QFETCH(bool, collects);
    ClusterOptions o;
    o.seed = 11;
    o.scope = "tst_cats_tombstones/quiet/" + horizon.toStdString();
    o.params = shortTimes();
    o.params["tombstone_gc_ms"] = horizon.toStdString();
    o.workload.untilNs = 0;  // no background clients
    Cluster c(o);
    for (int i = 0; i < 300 && !c.viewsMatchRing().empty(); ++i) c.sim().runFor(sim::ms(100));
    QVERIFY2(c.viewsMatchRing().empty(), c.viewsMatchRing().c_str());
    for (int i = 0; i < 20; ++i) {
      const std::string k = "gone" + std::to_string(i);
      QVERIFY(ask(c, "n" + std::to_string(1 + i % 6), "put " + k + " v" + std::to_string(i))
                  .starts_with("put " + k + ": ok"));
      QVERIFY(ask(c, "n" + std::to_string(1 + (i + 1) % 6), "del " + k)
                  .starts_with("del " + k + ": ok"));
    }
    c.sim().runFor(sim::seconds(3));  // the horizon, plus a few rounds
    const std::size_t left = storedTombstones(c);
    if (!collects) {
      QCOMPARE(left, std::size_t{60});  // 20 keys, 3 replicas each
      return;
    }
    QCOMPARE(left, std::size_t{0});
    for (int i = 0; i < 20; ++i) {
      const std::string k = "gone" + std::to_string(i);
      const auto got = ask(c, "n" + std::to_string(1 + (i + 2) % 6), "get " + k);
      QVERIFY2(got.starts_with("get " + k + ": (nil)"), got.c_str());
    }
    QVERIFY(ask(c, "n3", "put gone7 again").starts_with("put gone7: ok"));
    const auto again = ask(c, "n5", "get gone7");
    QVERIFY2(again.starts_with("get gone7 = again "), again.c_str());
    QVERIFY2(c.dataPlaced().empty(), c.dataPlaced().c_str());
  }

  // Collection while clients delete, rewrite and read: linearizable on
  // every seed, and tombstones are collected along the way.
  void collectingUnderLoadStaysLinearizable_data() {
    QTest::addColumn<bool>("churn");
    QTest::addColumn<bool>("loss");
    QTest::newRow("steady") << false << false;
    QTest::newRow("crash-restart") << true << false;
    QTest::newRow("loss") << false << true;
  }
  void collectingUnderLoadStaysLinearizable() {
    QFETCH(bool, churn);
    QFETCH(bool, loss);
    std::size_t ops = 0, collected = 0;
    for (const auto seed : protosim::seeds(20)) {
      const auto r = runUnderLoad(seed, churn, loss);
      if (!r.failure.empty()) {
        QFAIL(qPrintable(
            QString::fromStdString("seed " + std::to_string(seed) + ": " + r.failure + "\n" +
                                   protosim::reproduce(seed, "build/tests/tst_cats_tombstones",
                                                       "collectingUnderLoadStaysLinearizable"))));
      }
      ops += r.ops;
      collected += r.collected;
    }
    qInfo("%zu operations, %zu tombstones collected", ops, collected);
    QVERIFY2(collected > 0, "the runs must collect tombstones, or they test nothing");
  }

  // Dropping a tombstone at the first collection round (no confirmation
  // from the other members, no horizon, no floor) lets an older value come
  // back where a lost message left one replica without the tombstone: the
  // checker sees it on one of the first 50 seeds with 10 % loss (seed 1).
  // (Taking out only the floor is caught too: crash-restart seed 4 of the
  // load test; only the confirmation: loss seed 19.)
  void eagerCollectionIsCaught() {
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
      const auto r = runUnderLoad(seed, false, true, "eager-tombstone-gc");
      if (!r.failure.empty()) {
        qInfo("caught on seed %llu: %s", static_cast<unsigned long long>(seed),
              r.failure.substr(0, r.failure.find('\n')).c_str());
        return;
      }
    }
    QFAIL("eager tombstone collection passed 50 seeds: the checks cannot see it");
  }
};

QTEST_APPLESS_MAIN(tst_cats_tombstones)
#include "tst_cats_tombstones.moc"
