// Hand-made histories with known verdicts: the classic examples from the
// linearizability literature and Jepsen's register tests.
#include <QTest>

#include "history_builder.h"
#include "protocols/linearizability/checker.h"

using namespace catslab::checker;
using namespace lintest;

Q_DECLARE_METATYPE(catslab::checker::History)

class tst_lin_checker : public QObject {
  Q_OBJECT

 private slots:
  void verdict_data();
  void verdict();
  void keysArePartitioned();
  void initialValueIsConfigurable();
  void moreThan64InFlight_data();
  void moreThan64InFlight();
};

void tst_lin_checker::verdict_data() {
  QTest::addColumn<History>("history");
  QTest::addColumn<bool>("linearizable");

  QTest::newRow("empty") << History{} << true;
  QTest::newRow("sequential write then read")
      << makeHistory({write("a", "1", 0, 1), read("b", "1", 2, 3)}) << true;
  QTest::newRow("read of initial nil") << makeHistory({read("a", "", 0, 1)}) << true;
  QTest::newRow("stale read after completed write")
      << makeHistory({write("a", "1", 0, 1), write("a", "2", 2, 3), read("b", "1", 4, 5)}) << false;
  QTest::newRow("read of a value never written")
      << makeHistory({write("a", "1", 0, 1), read("b", "7", 2, 3)}) << false;
  QTest::newRow("concurrent writes, reads see 1 then 2")
      << makeHistory({write("a", "1", 0, 10), write("b", "2", 1, 11), read("c", "1", 2, 3),
                      read("c", "2", 4, 5)})
      << true;
  QTest::newRow("concurrent writes, reads see 2 then 1")
      << makeHistory({write("a", "1", 0, 10), write("b", "2", 1, 11), read("c", "2", 2, 3),
                      read("c", "1", 4, 5)})
      << true;
  QTest::newRow("concurrent writes, value flips back")
      << makeHistory({write("a", "1", 0, 10), write("b", "2", 1, 11), read("c", "1", 2, 3),
                      read("c", "2", 4, 5), read("c", "1", 6, 7)})
      << false;
  QTest::newRow("new-old inversion between readers")
      << makeHistory({write("a", "1", 0, 1), write("a", "2", 2, 20), read("b", "2", 3, 4),
                      read("c", "1", 5, 6)})
      << false;
  QTest::newRow("cas succeeds on the current value")
      << makeHistory({write("a", "1", 0, 1), cas("b", "1", "2", 2, 3), read("c", "2", 4, 5)})
      << true;
  QTest::newRow("cas cannot succeed on a stale value")
      << makeHistory({write("a", "1", 0, 1), write("a", "2", 2, 3), cas("b", "1", "3", 4, 5)})
      << false;
  QTest::newRow("failed cas takes no effect")
      << makeHistory(
             {write("a", "1", 0, 1), cas("b", "2", "3", 2, 3, Outcome::Fail), read("c", "1", 4, 5)})
      << true;
  QTest::newRow("failed write takes no effect")
      << makeHistory(
             {write("a", "1", 0, 1), write("b", "2", 2, 3, Outcome::Fail), read("c", "2", 4, 5)})
      << false;
  QTest::newRow("pending write observed by a later read")
      << makeHistory({write("a", "1", 0, -1, Outcome::Unknown), read("b", "1", 5, 6)}) << true;
  QTest::newRow("pending write may also never happen")
      << makeHistory({write("a", "1", 0, -1, Outcome::Unknown), read("b", "", 5, 6)}) << true;
  QTest::newRow("pending write cannot explain a read before its invocation")
      << makeHistory({read("b", "1", 0, 1), write("a", "1", 2, -1, Outcome::Unknown)}) << false;
  QTest::newRow("info write observed later")
      << makeHistory({write("a", "1", 0, 3, Outcome::Unknown), read("b", "1", 8, 9)}) << true;
  QTest::newRow("a crashed write explains at most one read")
      << makeHistory({write("a", "1", 0, -1, Outcome::Unknown), read("b", "1", 1, 2),
                      write("c", "2", 3, 4), read("b", "1", 5, 6)})
      << false;
  QTest::newRow("two crashed writes of one value explain two reads")
      << makeHistory({write("a", "1", 0, -1, Outcome::Unknown),
                      write("d", "1", 1, -1, Outcome::Unknown), read("b", "1", 2, 3),
                      write("c", "2", 4, 5), read("b", "1", 6, 7)})
      << true;
  QTest::newRow("chain of crashed cas reaches a read")
      << makeHistory({cas("a", "", "1", 0, -1, Outcome::Unknown),
                      cas("d", "1", "2", 1, -1, Outcome::Unknown), read("b", "2", 5, 6)})
      << true;
  QTest::newRow("crashed cas needs its expected value")
      << makeHistory({write("a", "3", 0, 1), cas("d", "1", "2", 2, -1, Outcome::Unknown),
                      read("b", "2", 5, 6)})
      << false;
  // Symmetry reduction: crashed operations are explored one class at a time,
  // so classes must only hold operations that really are interchangeable.
  QTest::newRow("crashed cas with other expected values are not merged")
      << makeHistory({cas("a", "3", "2", 0, -1, Outcome::Unknown), read("b", "2", 1, 2),
                      cas("d", "", "2", 5, -1, Outcome::Unknown)})
      << false;
  QTest::newRow("crashed writes of other values are not merged")
      << makeHistory({write("a", "1", 0, -1, Outcome::Unknown), read("b", "2", 1, 2),
                      write("d", "2", 5, -1, Outcome::Unknown)})
      << false;
  QTest::newRow("a crashed cas and a crashed write of one value are not merged")
      << makeHistory({cas("a", "3", "2", 0, -1, Outcome::Unknown), read("b", "2", 1, 2),
                      write("d", "2", 5, -1, Outcome::Unknown)})
      << false;
  QTest::newRow("a later crashed write of one value cannot stand in for an earlier one")
      << makeHistory({write("a", "1", 0, -1, Outcome::Unknown), read("b", "1", 1, 2),
                      write("c", "2", 3, 4), read("b", "1", 5, 6),
                      write("d", "1", 7, -1, Outcome::Unknown)})
      << false;
  QTest::newRow("two crashed writes of one value explain no more than two reads")
      << makeHistory({write("a", "1", 0, -1, Outcome::Unknown),
                      write("d", "1", 1, -1, Outcome::Unknown), read("b", "1", 2, 3),
                      write("c", "2", 4, 5), read("b", "1", 6, 7), write("c", "2", 8, 9),
                      read("b", "1", 10, 11)})
      << false;
}

void tst_lin_checker::verdict() {
  QFETCH(History, history);
  QFETCH(bool, linearizable);
  // Every path of decidePartition must agree: the default, the sweep without
  // the quick try, and windows of one operation after a try that runs out.
  CheckOptions sweepPath, windowPath;
  sweepPath.limits.quickTryConfigurations = 0;
  windowPath.limits.quickTryConfigurations = 1;
  windowPath.limits.firstWindowRadius = 1;
  for (const CheckOptions& options : {CheckOptions{}, sweepPath, windowPath}) {
    CheckReport report = checkHistory(history, options);
    QCOMPARE(report.verdict == Verdict::Linearizable, linearizable);
    QCOMPARE(report.verdict == Verdict::NotLinearizable, !linearizable);
    QCOMPARE(report.violation.has_value(), !linearizable);
  }
}

void tst_lin_checker::keysArePartitioned() {
  Op x1 = write("a", "1", 0, 1);
  x1.key = "x";
  Op y2 = write("a", "2", 2, 3);
  y2.key = "y";
  Op readX = read("b", "1", 4, 5);
  readX.key = "x";
  CheckReport ok = checkHistory(makeHistory({x1, y2, readX}));
  QCOMPARE(ok.verdict, Verdict::Linearizable);
  QCOMPARE(ok.keys.size(), std::size_t{2});

  Op readY = read("b", "1", 6, 7);
  readY.key = "y";
  CheckReport bad = checkHistory(makeHistory({x1, y2, readX, readY}));
  QCOMPARE(bad.verdict, Verdict::NotLinearizable);
  QVERIFY(bad.violation.has_value());
  QCOMPARE(bad.violation->key, std::string("y"));
}

void tst_lin_checker::initialValueIsConfigurable() {
  History h = makeHistory({read("a", "0", 0, 1)});
  QCOMPARE(checkHistory(h).verdict, Verdict::NotLinearizable);
  CheckOptions options;
  options.initial = "0";
  QCOMPARE(checkHistory(h, options).verdict, Verdict::Linearizable);
}

void tst_lin_checker::moreThan64InFlight_data() {
  QTest::addColumn<bool>("stale");
  QTest::newRow("linearizable") << false;
  QTest::newRow("stale read") << true;
}

void tst_lin_checker::moreThan64InFlight() {
  QFETCH(bool, stale);
  // 80 overlapping readers exceed the sweep's 64 slots: the depth-first
  // search takes over and must reach the same verdict.
  History h = makeHistory({write("w", "1", 0, 1), write("w", "2", 2, 3)});
  for (int i = 0; i < 80; ++i) {
    Op r = read("r" + std::to_string(i), "2", 10 + i, 200 + i);
    h.ops.push_back(makeHistory({r}).ops.front());
  }
  h.ops.push_back(makeHistory({read("z", stale ? "1" : "2", 300, 301)}).ops.front());
  QCOMPARE(checkHistory(h).verdict, stale ? Verdict::NotLinearizable : Verdict::Linearizable);
}

QTEST_MAIN(tst_lin_checker)
#include "tst_lin_checker.moc"
