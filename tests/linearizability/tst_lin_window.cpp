// Windows (window.h): a violation proved inside a window of a long history is
// a violation of the history, and a window never refutes a history that is
// fine, because it forgets the past instead of pretending to know it.
#include <QTest>
#include <algorithm>
#include <random>

#include "history_builder.h"
#include "protocols/linearizability/checker.h"
#include "protocols/linearizability/search/frontier_search.h"
#include "protocols/linearizability/search/window.h"

using namespace catslab::checker;
using namespace lintest;

namespace {

Verdict sweepWindow(const History& h, std::int64_t from) {
  PartitionMembers all = splitByKey(h).front();
  return sweepRelaxed(buildPartition(h, all, "", {}, kNever, from)).verdict;
}

// Four clients, one op each in turn, overlapping their neighbours; a read in
// the middle returns a value overwritten long before.
History longHistoryWithStaleRead(std::uint32_t* culprit) {
  std::mt19937 rng(11);
  History h;
  std::string state;
  for (int i = 0; i < 2000; ++i) {
    std::string client = std::to_string(i % 4);
    bool doWrite = i == 0 || (i != 1000 && rng() % 2 == 0);
    Op op = doWrite ? write(client, std::to_string(i), 0, 0) : read(client, state, 0, 0);
    if (i == 1000) {
      op = read(client, "0", 0, 0);  // "0" was written once, by the first op
      *culprit = static_cast<std::uint32_t>(h.ops.size());
    }
    Operation o = makeHistory({op}).ops.front();
    // Each op overlaps the next one; positions are all distinct.
    o.invokeAt = o.invokeTime = 4 * i;
    o.completeAt = o.completeTime = 4 * i + 7;
    h.ops.push_back(o);
    if (doWrite) state = std::to_string(i);
  }
  return h;
}

}  // namespace

class tst_lin_window : public QObject {
  Q_OBJECT

 private slots:
  void opInFlightAtOpeningMayHaveTakenEffectBefore();
  void registerMayHoldAnyValueAtOpening();
  void staleReadIsRefutedInsideWindow();
  void longHistoryIsDecidedByAWindow();
  void scanFindsViolationAwayFromWhereSearchGotStuck();
};

void tst_lin_window::opInFlightAtOpeningMayHaveTakenEffectBefore() {
  // write 1 must precede write 2 (the last read sees 2), so it took effect
  // before position 50. A window opening at 50 that kept it as "returned ok,
  // so it takes effect in here" would wrongly refute the history.
  History h = makeHistory({write("a", "1", 0, 100), write("b", "2", 10, 20), read("c", "2", 60, 70),
                           read("c", "2", 110, 120)});
  QCOMPARE(checkHistory(h).verdict, Verdict::Linearizable);
  QCOMPARE(sweepWindow(h, 50), Verdict::Linearizable);
}

void tst_lin_window::registerMayHoldAnyValueAtOpening() {
  // The write of 1 completed before the window opens; inside it only the
  // read is left, and it must still be allowed to see 1.
  History h = makeHistory({write("a", "1", 0, 10), read("b", "1", 60, 70)});
  QCOMPARE(sweepWindow(h, 50), Verdict::Linearizable);
}

void tst_lin_window::staleReadIsRefutedInsideWindow() {
  History h = makeHistory({write("a", "1", 0, 10), write("a", "2", 20, 30), write("a", "3", 55, 60),
                           read("b", "2", 65, 70)});
  QCOMPARE(sweepWindow(h, 50), Verdict::NotLinearizable);
  // Opening after the write of 3 leaves nothing to contradict the read.
  QCOMPARE(sweepWindow(h, 62), Verdict::Linearizable);
}

void tst_lin_window::longHistoryIsDecidedByAWindow() {
  std::uint32_t culprit = 0;
  History h = longHistoryWithStaleRead(&culprit);
  PartitionMembers all = splitByKey(h).front();
  Partition whole = buildPartition(h, all, "");
  auto at = std::find_if(whole.completed.begin(), whole.completed.end(),
                         [&](const CompletedOp& op) { return op.origin == culprit; });
  QVERIFY(at != whole.completed.end());
  // As if a search had got stuck a few operations before the stale read.
  auto stuck = static_cast<std::size_t>(at - whole.completed.begin()) - 3;
  SearchLimits limits;
  limits.firstWindowRadius = 4;
  WindowSearch search = proveInWindow(h, all, "", whole, stuck, limits);
  QVERIFY(search.proof);
  QVERIFY(search.proof->from > 0);
  QCOMPARE(search.proof->culprit, std::optional<std::uint32_t>(culprit));
  // The first window closes before the read returns: windows had to grow.
  QVERIFY(search.windowsTried > 1);

  Explanation ex = explainViolation(h, all, "", limits, search.proof->culprit, search.proof->from);
  QCOMPARE(ex.culprit, culprit);
  QCOMPARE(ex.from, search.proof->from);
  QVERIFY(std::find(ex.ops.begin(), ex.ops.end(), culprit) != ex.ops.end());
  QVERIFY(ex.ops.size() <= 3);
  CheckReport report;
  report.verdict = Verdict::NotLinearizable;
  report.violation = Violation{"", ex};
  std::string text = formatReport(h, report);
  QVERIFY2(text.find("whatever value the register held at") != std::string::npos, text.c_str());
  QVERIFY2(text.find("every other operation not completed by then") != std::string::npos,
           text.c_str());

  // Nowhere near the read, no window refutes anything.
  limits.maxWindowRadius = 64;
  QVERIFY(!proveInWindow(h, all, "", whole, 200, limits).proof);
}

void tst_lin_window::scanFindsViolationAwayFromWhereSearchGotStuck() {
  std::uint32_t culprit = 0;
  History h = longHistoryWithStaleRead(&culprit);
  PartitionMembers all = splitByKey(h).front();
  Partition whole = buildPartition(h, all, "");
  SearchLimits limits;
  limits.firstWindowRadius = 8;  // windows of 32 invocations, 16 apart
  WindowSearch scan = scanWindows(h, all, "", whole, limits);
  QVERIFY(scan.proof);
  QCOMPARE(scan.proof->culprit, std::optional<std::uint32_t>(culprit));
  QVERIFY(scan.windowsTried > 50);  // it got there by sliding, from the start

  // The same history without the stale read: no window refutes it.
  History fine = h;
  fine.ops.erase(fine.ops.begin() + culprit);
  PartitionMembers fineAll = splitByKey(fine).front();
  Partition fineWhole = buildPartition(fine, fineAll, "");
  QCOMPARE(checkHistory(fine).verdict, Verdict::Linearizable);
  QVERIFY(!scanWindows(fine, fineAll, "", fineWhole, limits).proof);
}

QTEST_MAIN(tst_lin_window)
#include "tst_lin_window.moc"
