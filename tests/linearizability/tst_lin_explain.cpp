// The explanation of a violation is small and contains the culprit, even when
// the violation is buried in a long history.
#include <QTest>
#include <algorithm>
#include <random>

#include "history_builder.h"
#include "protocols/linearizability/checker.h"

using namespace catslab::checker;
using namespace lintest;

class tst_lin_explain : public QObject {
  Q_OBJECT

 private slots:
  void staleReadIsExplainedByTwoReadsInAWindow();
  void violationInLongHistoryIsSmall();
};

// The write of 2 completed before b read 2, and c read 1 after that; nobody
// writes 1 after the write of 2 began: whatever the register held then, the
// two reads cannot be ordered (found without a search, stale_read.h).
void tst_lin_explain::staleReadIsExplainedByTwoReadsInAWindow() {
  History h = makeHistory({read("x", "", 0, 1), write("a", "1", 2, 3), read("x", "1", 4, 5),
                           write("a", "2", 6, 7), read("b", "2", 8, 9), read("c", "1", 10, 11),
                           write("a", "3", 12, 13)});
  CheckReport report = checkHistory(h);
  QCOMPARE(report.verdict, Verdict::NotLinearizable);
  QVERIFY(report.violation);
  const Explanation& ex = report.violation->explanation;
  QCOMPARE(ex.culprit, std::uint32_t{5});  // the stale read
  std::vector<std::uint32_t> expected{4, 5};
  QCOMPARE(ex.ops, expected);
  QCOMPARE(ex.from, std::int64_t{6});  // the write of 2 was invoked at 6
  QVERIFY(ex.minimal);
  std::string text = formatReport(h, report);
  QVERIFY2(text.find("* client c  read -> 1") != std::string::npos, text.c_str());
}

void tst_lin_explain::violationInLongHistoryIsSmall() {
  // A sequential history of 400 writes and reads by 4 clients, interleaved in
  // time, with one read in the middle returning a value overwritten long ago.
  std::mt19937 rng(7);
  History h;
  std::string state;
  int t = 0;
  std::uint32_t culprit = 0;
  for (int i = 0; i < 400; ++i) {
    std::string client = std::to_string(i % 4);
    bool doWrite = rng() % 2 == 0;
    Op op = doWrite ? write(client, std::to_string(i), t, t + 1) : read(client, state, t, t + 1);
    if (doWrite) state = std::to_string(i);
    if (i == 200) {
      op = read(client, "0", t, t + 1);  // value 0 was written once, at the start
      culprit = static_cast<std::uint32_t>(h.ops.size());
    }
    h.ops.push_back(makeHistory({op}).ops.front());
    t += 2;
  }
  if (h.ops[0].kind != OpKind::Write) h.ops[0] = makeHistory({write("0", "0", 0, 1)}).ops.front();
  CheckReport report = checkHistory(h);
  QCOMPARE(report.verdict, Verdict::NotLinearizable);
  const Explanation& ex = report.violation->explanation;
  QCOMPARE(ex.culprit, culprit);
  QVERIFY(std::find(ex.ops.begin(), ex.ops.end(), culprit) != ex.ops.end());
  QVERIFY2(ex.ops.size() <= 3, formatReport(h, report).c_str());
}

QTEST_MAIN(tst_lin_explain)
#include "tst_lin_explain.moc"
