// Tombstone collection on the simulator (docs/cats.md, "Collecting
// tombstones"): deleted keys leave no tombstone behind once the horizon has
// passed, a key written after its tombstone was collected is newer than the
// delete, and collecting while clients run on keys that are deleted,
// rewritten and read, with crashes and message loss, keeps every history
// linearizable. The checks can fail: with collection off tombstones stay,
// and a replica that drops tombstones without asking the other members
// (broken=eager-tombstone-gc) is caught by the linearizability checker.
// And a member cut off while a key was deleted and its tombstone collected
// does not bring the deleted value back when it re-joins the group: it drops
// what it still held of the slice before the handoff (with
// broken=keep-leftovers it does not, and the deleted value is read again).
//
// CATSLAB_SEED=s replays one seed.
#include <QTest>
#include <algorithm>

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

// The newest view of `slice` among `nodes` (by view id).
cats::View newestView(Cluster& c, const std::vector<std::string>& nodes, std::uint32_t slice) {
  cats::View newest;
  for (const auto& id : nodes) {
    const auto g = c.node(id)->group(slice);
    if (g.view.vid > newest.vid) newest = g.view;
  }
  return newest;
}

// Every node of `nodes` agrees that `slice`'s group is `want`, all ready.
bool groupIs(Cluster& c, const std::vector<std::string>& nodes, std::uint32_t slice,
             const std::vector<std::string>& want) {
  const cats::View newest = newestView(c, nodes, slice);
  if (newest.members != want) return false;
  for (const auto& m : want) {
    const auto g = c.node(m)->group(slice);
    if (g.view.vid != newest.vid || g.status != cats::GroupStatus::Ready) return false;
  }
  return true;
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

  // One group (one slice, 3 of 4 nodes). Member x holds k = old; x is cut
  // off, the group replaces it, k is deleted and its tombstone collected
  // (the other members hold nothing of k any more). Then the cut heals and
  // x re-joins the group. Its leftover "old" predates the delete: if it
  // kept it, a majority read with x in it would return the deleted value.
  // x must drop it before the handoff, and k reads as absent everywhere.
  // With broken=keep-leftovers the deleted value is read again: the check
  // sees the difference.
  void aReturningMemberDoesNotBringADeletedValueBack_data() {
    QTest::addColumn<QString>("broken");
    QTest::newRow("as designed") << QString();
    QTest::newRow("broken=keep-leftovers") << QStringLiteral("keep-leftovers");
  }
  void aReturningMemberDoesNotBringADeletedValueBack() {
    QFETCH(QString, broken);
    ClusterOptions o;
    o.seed = 5;
    o.scope = "tst_cats_tombstones/leftovers/" + broken.toStdString();
    o.params = shortTimes();
    o.params["slices"] = "1";
    if (!broken.isEmpty()) o.params["broken"] = broken.toStdString();
    o.nodes = o.startNodes = 4;
    o.workload.untilNs = 0;
    Cluster c(o);
    auto& s = c.sim();
    for (int i = 0; i < 300 && !c.viewsMatchRing().empty(); ++i) s.runFor(sim::ms(100));
    QVERIFY2(c.viewsMatchRing().empty(), c.viewsMatchRing().c_str());
    const std::vector<std::string> all{"n1", "n2", "n3", "n4"};
    const auto group = cats::desiredGroup(0, 1, all, 3);
    const std::string x = group.back();
    std::vector<std::string> rest;
    for (const auto& id : all) {
      if (id != x) rest.push_back(id);
    }
    const std::string other = rest.front();
    QVERIFY(ask(c, other, "put k old").starts_with("put k: ok"));
    s.runFor(sim::ms(200));  // the write reaches every member, x too
    QVERIFY(c.node(x)->store().get(0, "k").has_value());

    // x cut off: the other three form the group without it.
    s.partition({x}, rest);
    const auto without = cats::desiredGroup(0, 1, rest, 3);
    for (int i = 0; i < 300 && !groupIs(c, rest, 0, without); ++i) s.runFor(sim::ms(100));
    QVERIFY2(groupIs(c, rest, 0, without), newestView(c, rest, 0).describe().c_str());
    QVERIFY(ask(c, other, "del k").starts_with("del k: ok"));
    auto tombstones = [&] {
      std::size_t n = 0;
      for (const auto& id : rest) n += c.node(id)->tombstoneCount();
      return n;
    };
    for (int i = 0; i < 100 && tombstones() > 0; ++i) s.runFor(sim::ms(100));
    QCOMPARE(tombstones(), std::size_t{0});
    for (const auto& id : rest) QVERIFY2(!c.node(id)->store().get(0, "k"), id.c_str());
    const auto leftover = c.node(x)->store().get(0, "k");
    QVERIFY2(leftover && !leftover->tombstone, "x must still hold the old value while cut off");

    // Healed: x re-joins the group.
    s.heal();
    for (int i = 0; i < 300 && !c.viewsMatchRing().empty(); ++i) s.runFor(sim::ms(100));
    QVERIFY2(c.viewsMatchRing().empty(), c.viewsMatchRing().c_str());
    const auto mine = c.node(x)->store().get(0, "k");
    std::vector<std::string> answers;
    for (const auto& id : all) answers.push_back(id + ": " + ask(c, id, "get k"));
    if (!broken.isEmpty()) {
      // The check can fail: keeping the leftover brings "old" back.
      QVERIFY2(mine && !mine->tombstone, "keep-leftovers: x should still hold the old value");
      QVERIFY2(std::any_of(answers.begin(), answers.end(),
                           [](const std::string& a) { return a.find("get k = old") != a.npos; }),
               "keep-leftovers: no get returned the deleted value");
      return;
    }
    if (mine && !mine->tombstone) {
      QFAIL(
          (x + " holds " + cats::describe(*mine) + " of the deleted key after re-joining").c_str());
    }
    for (const auto& a : answers) QVERIFY2(a.find("get k: (nil)") != a.npos, a.c_str());
  }
};

QTEST_APPLESS_MAIN(tst_cats_tombstones)
#include "tst_cats_tombstones.moc"
