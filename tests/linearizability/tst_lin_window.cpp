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
    bool doWrite = rng() % 2 == 0;
    int inv = 2 * i, ret = 2 * i + 3;  // overlaps the next op
    Op op = doWrite ? write(client, std::to_string(i), inv, ret) : read(client, state, inv, ret);
    if (i == 1000) {
      op = read(client, "0", inv, ret);
      *culprit = static_cast<std::uint32_t>(h.ops.size());
    }
    Operation o = makeHistory({op}).ops.front();
    o.invokeAt = 4 * i;  // positions stay distinct where times overlap
    o.completeAt = 4 * i + 6 + 1;
    h.ops.push_back(o);
    if (doWrite) state = std::to_string(i);
  }
  h.ops[0] = makeHistory({write("0", "0", 0, 3)}).ops.front();
  h.ops[0].completeAt = 7;
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

QTEST_MAIN(tst_lin_window)
#include "tst_lin_window.moc"
