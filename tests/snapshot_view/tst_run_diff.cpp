// Run diff finds where two runs part: a planted change in one record of a
// copy is found at exactly that record, headers (seeds) do not count, a run
// that stops early diverges where it stops, "ignore time" forgives shifted
// timings, and the diff window opens both diagrams at the divergence with
// the diverging record selected and ringed.
#include <QTest>

#include "snapshot_view/run_diff.h"
#include "snapshot_view/run_diff_view.h"
#include "snapshot_view/run_store.h"
#include "snapshot_view/spacetime/spacetime_canvas.h"
#include "snapshot_view/spacetime/spacetime_view.h"
#include "trace_builder.h"

using namespace catslab::ui;
using namespace trace_builder;

namespace {
tr::Record header(std::uint64_t seed) {
  tr::Record r;
  r.mutable_header()->set_format("catslab-trace/1");
  r.mutable_header()->set_seed(seed);
  return r;
}

std::vector<tr::Record> withHeader(std::uint64_t seed, std::vector<tr::Record> run) {
  run.insert(run.begin(), header(seed));
  return numbered(std::move(run));
}
}  // namespace

class tst_RunDiff : public QObject {
  Q_OBJECT
 private slots:
  void sameRunsDoNotDiverge();
  void findsPlantedDivergence_data();
  void findsPlantedDivergence();
  void shorterRunDivergesWhereItEnds();
  void ignoreTimeForgivesShiftedTimings();
  void diffViewOpensAtTheDivergence();
};

void tst_RunDiff::sameRunsDoNotDiverge() {
  const auto run = synthetic(3000, 5);
  // Different seeds in the headers are not a difference in behaviour.
  QVERIFY(!firstDivergence(withHeader(1, run), withHeader(2, run)));
}

void tst_RunDiff::findsPlantedDivergence_data() {
  QTest::addColumn<int>("planted");
  QTest::addColumn<QString>("change");
  QTest::newRow("late delivery") << 1234 << QStringLiteral("time");
  QTest::newRow("other receiver") << 777 << QStringLiteral("node");
  QTest::newRow("first record") << 0 << QStringLiteral("time");
  QTest::newRow("last record") << 2999 << QStringLiteral("node");
}

void tst_RunDiff::findsPlantedDivergence() {
  QFETCH(int, planted);
  QFETCH(QString, change);
  const auto left = synthetic(3000, 5);
  auto right = left;
  tr::Record& r = right[planted];
  if (change == QStringLiteral("time")) {
    r.set_time_ns(r.time_ns() + 1);
  } else {
    r.set_node(r.node() + "x");
  }
  const auto d = firstDivergence(withHeader(1, left), withHeader(9, right));
  QVERIFY(d);
  QCOMPARE(d->left, planted + 1);  // after the header
  QCOMPARE(d->right, planted + 1);
  QCOMPARE(d->common, planted);
  QVERIFY2(d->what.contains(QString::number(planted)), qPrintable(d->what));
}

void tst_RunDiff::shorterRunDivergesWhereItEnds() {
  const auto left = synthetic(2000, 4);
  const std::vector<tr::Record> right(left.begin(), left.begin() + 1500);
  const auto d = firstDivergence(left, right);
  QVERIFY(d);
  QCOMPARE(d->left, 1500);
  QCOMPARE(d->right, -1);
  QVERIFY(d->what.contains(QStringLiteral("right run ends")));
  const auto back = firstDivergence(right, left);
  QVERIFY(back);
  QCOMPARE(back->left, -1);
  QCOMPARE(back->right, 1500);
}

void tst_RunDiff::ignoreTimeForgivesShiftedTimings() {
  const auto left = synthetic(1000, 4);
  auto right = left;
  for (auto& r : right) r.set_time_ns(r.time_ns() + 5'000'000);
  const auto strict = firstDivergence(left, right);
  QVERIFY(strict);
  QCOMPARE(strict->left, 0);
  QVERIFY(!firstDivergence(left, right, DiffOptions{true}));
  right[600].mutable_message()->set_type("Other");
  const auto d = firstDivergence(left, right, DiffOptions{true});
  QVERIFY(d);
  QCOMPARE(d->left, 600);
}

void tst_RunDiff::diffViewOpensAtTheDivergence() {
  const auto left = synthetic(5000, 6);
  auto right = left;
  int planted = 3210;
  while (left[planted].has_message() && left[planted].message().kind() == tr::MESSAGE_DROPPED)
    ++planted;
  right[planted].set_time_ns(right[planted].time_ns() + 1);
  RunDiffView view;
  view.setRuns(left, QStringLiteral("before.trace"), right, QStringLiteral("after.trace"));
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  QVERIFY(view.divergence());
  QCOMPARE(view.divergence()->left, planted);
  QVERIFY(view.summary().contains(QStringLiteral("First divergence")));
  for (spacetime::SpaceTimeView* side : {view.left(), view.right()}) {
    QCOMPARE(side->store()->selected(), planted);
    QCOMPARE(side->canvas()->selectedEvent(), side->model().eventOfRecord(planted));
    // The diverging record is in view, not somewhere off screen.
    const auto& vp = side->canvas()->viewport();
    const std::int64_t t = side->store()->record(planted).time_ns();
    QVERIFY(t >= vp.leftNs() && t <= vp.rightNs());
    QVERIFY(vp.rightNs() - vp.leftNs() < side->model().lastTimeNs() / 4);  // zoomed in on it
  }
  // Zooming one side moves the other with it.
  view.left()->canvas()->zoomBy(2);
  QCOMPARE(view.right()->canvas()->viewport().leftNs(), view.left()->canvas()->viewport().leftNs());
  QCOMPARE(view.right()->canvas()->viewport().nsPerPixel(),
           view.left()->canvas()->viewport().nsPerPixel());
}

QTEST_MAIN(tst_RunDiff)
#include "tst_run_diff.moc"
