// The space-time diagram as a user reads it, on a hand-built run:
//   n1 ──Ping A──▶ n2 ──Pong B──▶ n3, n1's Ping C to n3 is lost,
//   n2 answers a console command, n3 runs a put, n1 crashes.
// Arrows go from the sender's lane at send time to the receiver's at
// delivery time; the causal past and future of an event are exactly the
// events the messages connect; clicking selects in the event log and moves
// the timeline, and back; filters hide lanes and message types; a 100k-record
// run only paints what is in view.
#include <QLineF>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <set>

#include "snapshot_view/event_log_model.h"
#include "snapshot_view/event_log_panel.h"
#include "snapshot_view/run_store.h"
#include "snapshot_view/spacetime/spacetime_canvas.h"
#include "snapshot_view/spacetime/spacetime_view.h"
#include "snapshot_view/spacetime/vector_clocks.h"
#include "trace_builder.h"

using namespace catslab::ui;
using namespace catslab::ui::spacetime;
using namespace trace_builder;

namespace {

// Record indices of the hand-built run, for reading the assertions.
enum : int {
  kUp1,
  kUp2,
  kUp3,
  kState3,
  kSendA,
  kDeliverA,
  kSendB,
  kDeliverB,
  kState1,
  kSendC,
  kDropC,
  kCommand2,
  kAnswer2,
  kInvoke3,
  kCrash1,
  kOk3,
  kCount
};

std::vector<tr::Record> handBuilt() {
  auto v = numbered({
      up("n1", 0),
      up("n2", 0),
      up("n3", 0),
      state("n3", 5, "x", "1"),
      message("n1", "n2", 10, tr::MESSAGE_SENT, 1, "Ping"),
      message("n1", "n2", 20, tr::MESSAGE_DELIVERED, 1, "Ping"),
      message("n2", "n3", 30, tr::MESSAGE_SENT, 2, "Pong"),
      message("n2", "n3", 40, tr::MESSAGE_DELIVERED, 2, "Pong"),
      state("n1", 50, "y", "1"),
      message("n1", "n3", 60, tr::MESSAGE_SENT, 3, "Ping"),
      message("n1", "n3", 70, tr::MESSAGE_DROPPED, 3, "Ping"),
      log("n2", 80, "command", "get k"),
      log("n2", 95, "console", "k=1"),
      clientOp("n3", 100, tr::ClientOp::INVOKE, 7, "put", "k", "2"),
      crash("n1", 110),
      clientOp("n3", 120, tr::ClientOp::OK, 7, "put", "k", "2"),
  });
  Q_ASSERT(v.size() == kCount);
  return v;
}

std::set<int> records(const SpaceTimeModel& m, const std::vector<int>& from,
                      const std::vector<int>& to) {
  std::set<int> out;
  for (int l = 0; l < m.laneCount(); ++l)
    for (int p = from[l]; p < to[l]; ++p) out.insert(m.events()[m.laneEvents(l)[p]].record);
  return out;
}

std::set<int> past(const SpaceTimeModel& m, const VectorClocks& c, int record) {
  return records(m, std::vector<int>(m.laneCount(), 0), c.pastPrefix(m, m.eventOfRecord(record)));
}

std::set<int> future(const SpaceTimeModel& m, const VectorClocks& c, int record) {
  std::vector<int> ends;
  for (int l = 0; l < m.laneCount(); ++l) ends.push_back(static_cast<int>(m.laneEvents(l).size()));
  return records(m, c.futureSuffix(m, m.eventOfRecord(record)), ends);
}

struct Fixture {
  RunStore store;
  SpaceTimeView view{&store};
  Fixture() {
    store.append(handBuilt());
    view.resize(900, 520);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.canvas()->fit();
  }
  SpaceTimeCanvas* canvas() const { return view.canvas(); }
  const SpaceTimeModel& model() const { return view.model(); }
  double laneY(const char* node) const {
    return canvas()->viewport().laneY(model().laneOf(QString::fromLatin1(node)));
  }
  double x(double atMs) const { return canvas()->viewport().x(ms(atMs)); }
};

}  // namespace

class tst_SpaceTime : public QObject {
  Q_OBJECT
 private slots:
  void arrowsGoFromSenderAtSendToReceiverAtDelivery();
  void droppedMessageStopsShortWithACross();
  void operationsAreBarsFromCommandToAnswer();
  void causalPastIsWhatTheMessagesConnect();
  void causalFutureIsWhatTheEventCouldInfluence();
  void concurrentEventsAreNotOrdered();
  void clickSelectsInEventLogAndMovesTimeline();
  void eventLogSelectionMarksTheDiagram();
  void filtersHideLanesAndMessageTypes();
  void bigRunPaintsOnlyWhatIsInView();
};

void tst_SpaceTime::arrowsGoFromSenderAtSendToReceiverAtDelivery() {
  Fixture f;
  // Lanes top to bottom in node order.
  QVERIFY(f.laneY("n1") < f.laneY("n2"));
  QVERIFY(f.laneY("n2") < f.laneY("n3"));
  const int a = f.model().messageOfRecord(kSendA);
  QCOMPARE(f.model().messageOfRecord(kDeliverA), a);
  const QLineF arrow = f.canvas()->arrowLine(a);
  QCOMPARE(arrow.p1(), QPointF(f.x(10), f.laneY("n1")));
  QCOMPARE(arrow.p2(), QPointF(f.x(20), f.laneY("n2")));
  // The dots on the lanes are the arrow's ends.
  QCOMPARE(f.canvas()->eventPoint(f.model().eventOfRecord(kSendA)), arrow.p1());
  QCOMPARE(f.canvas()->eventPoint(f.model().eventOfRecord(kDeliverA)), arrow.p2());
  const QLineF b = f.canvas()->arrowLine(f.model().messageOfRecord(kSendB));
  QCOMPARE(b.p1(), QPointF(f.x(30), f.laneY("n2")));
  QCOMPARE(b.p2(), QPointF(f.x(40), f.laneY("n3")));
  QVERIFY(b.p1().x() > arrow.p2().x());  // B leaves after A arrived
  // The view fits the run: first and last events are inside the plot.
  const QRectF plot = f.canvas()->viewport().plot();
  QVERIFY(plot.contains(QPointF(f.x(0), f.laneY("n1"))));
  QVERIFY(plot.contains(QPointF(f.x(120), f.laneY("n3"))));
}

void tst_SpaceTime::droppedMessageStopsShortWithACross() {
  Fixture f;
  const int c = f.model().messageOfRecord(kSendC);
  QVERIFY(f.model().messages()[c].dropped);
  const QLineF arrow = f.canvas()->arrowLine(c);
  QCOMPARE(arrow.p1(), QPointF(f.x(60), f.laneY("n1")));
  QCOMPARE(arrow.p2().x(), f.x(70));
  // It heads down towards n3 but stops before the next lane (n2's), so it
  // does not look delivered anywhere.
  QVERIFY(arrow.p2().y() > f.laneY("n1") && arrow.p2().y() < f.laneY("n2"));
  // n3 never saw it: no event on its lane.
  QCOMPARE(f.model().eventOfRecord(kDropC), -1);
  // Clicking the cross selects the drop record.
  QCOMPARE(f.canvas()->recordAt(arrow.p2()), int(kDropC));
}

void tst_SpaceTime::operationsAreBarsFromCommandToAnswer() {
  Fixture f;
  const auto& ops = f.model().operations();
  QCOMPARE(ops.size(), std::size_t(2));
  QCOMPARE(f.model().lanes()[ops[0].lane], QStringLiteral("n2"));
  QCOMPARE(ops[0].label, QStringLiteral("get k"));
  QCOMPARE(ops[0].answer, QStringLiteral("k=1"));
  QCOMPARE(ops[0].startNs, ms(80));
  QCOMPARE(ops[0].endNs, ms(95));
  QCOMPARE(ops[0].outcome, Operation::Outcome::Ok);
  QCOMPARE(ops[1].label, QStringLiteral("put k 2"));
  QCOMPARE(ops[1].endNs, ms(120));
  QCOMPARE(ops[1].outcome, Operation::Outcome::Ok);
  // The bar sits just above n2's lane between the two times; clicking it
  // selects the command.
  QCOMPARE(f.canvas()->recordAt(QPointF(f.x(88), f.laneY("n2") - 10)), int(kCommand2));
  QCOMPARE(f.canvas()->recordAt(QPointF(f.x(70), f.laneY("n2") - 10)), -1);
  // n1 is down after its crash.
  const auto& live = f.model().liveness(f.model().laneOf(QStringLiteral("n1")));
  QCOMPARE(live.back(), std::make_pair(ms(110), false));
}

void tst_SpaceTime::causalPastIsWhatTheMessagesConnect() {
  Fixture f;
  VectorClocks clocks;
  clocks.update(f.model());
  // n3's delivery of B: B's send, A's delivery before it on n2, A's send
  // before that on n1, and whatever came earlier on those lanes.
  const std::set<int> expected{kUp1, kSendA, kUp2, kDeliverA, kSendB, kUp3, kState3, kDeliverB};
  QCOMPARE(past(f.model(), clocks, kDeliverB), expected);
  // n1's state change at 50 ms came after A was sent but nothing came back.
  QCOMPARE(past(f.model(), clocks, kState1), (std::set<int>{kUp1, kSendA, kState1}));
  // The answer on n2 knows of A but not of n3's or n1's later events.
  QCOMPARE(past(f.model(), clocks, kAnswer2),
           (std::set<int>{kUp1, kSendA, kUp2, kDeliverA, kSendB, kCommand2, kAnswer2}));
}

void tst_SpaceTime::causalFutureIsWhatTheEventCouldInfluence() {
  Fixture f;
  VectorClocks clocks;
  clocks.update(f.model());
  QCOMPARE(future(f.model(), clocks, kSendA),
           (std::set<int>{kSendA, kState1, kSendC, kCrash1, kDeliverA, kSendB, kCommand2, kAnswer2,
                          kDeliverB, kInvoke3, kOk3}));
  // C was lost: n1's later events influence nobody else.
  QCOMPARE(future(f.model(), clocks, kState1), (std::set<int>{kState1, kSendC, kCrash1}));
  // The view colours the same sets once the event is selected.
  f.store.select(kDeliverB);
  QCOMPARE(f.canvas()->selectedEvent(), f.model().eventOfRecord(kDeliverB));
}

void tst_SpaceTime::concurrentEventsAreNotOrdered() {
  Fixture f;
  VectorClocks clocks;
  clocks.update(f.model());
  const int state3 = f.model().eventOfRecord(kState3);
  const int sendA = f.model().eventOfRecord(kSendA);
  QVERIFY(!clocks.happenedBefore(state3, sendA));
  QVERIFY(!clocks.happenedBefore(sendA, state3));
  QVERIFY(clocks.happenedBefore(sendA, f.model().eventOfRecord(kDeliverB)));
  QCOMPARE(clocks.clock(f.model().eventOfRecord(kDeliverB)), (std::vector<int>{2, 3, 3}));
}

void tst_SpaceTime::clickSelectsInEventLogAndMovesTimeline() {
  Fixture f;
  EventLogPanel log(&f.store);
  log.resize(600, 400);
  log.show();
  f.store.setCurrent(0);
  const QPoint at = f.canvas()->eventPoint(f.model().eventOfRecord(kDeliverB)).toPoint();
  QSignalSpy selected(&f.store, &RunStore::selectionChanged);
  QTest::mouseClick(f.canvas(), Qt::LeftButton, {}, at);
  QCOMPARE(selected.count(), 1);
  QCOMPARE(f.store.selected(), int(kDeliverB));
  QCOMPARE(f.store.current(), int(kDeliverB));  // the timeline moved there
  QCOMPARE(log.selectedRecord(), int(kDeliverB));
  // Clicking an arrow selects its send.
  const QLineF a = f.canvas()->arrowLine(f.model().messageOfRecord(kSendA));
  QTest::mouseClick(f.canvas(), Qt::LeftButton, {}, a.center().toPoint());
  QCOMPARE(f.store.selected(), int(kSendA));
  QCOMPARE(log.selectedRecord(), int(kSendA));
  // Empty space selects nothing new.
  QTest::mouseClick(f.canvas(), Qt::LeftButton, {},
                    QPointF(f.x(115), (f.laneY("n1") + f.laneY("n2")) / 2).toPoint());
  QCOMPARE(f.store.selected(), int(kSendA));
}

void tst_SpaceTime::eventLogSelectionMarksTheDiagram() {
  Fixture f;
  EventLogPanel log(&f.store);
  log.resize(600, 400);
  log.show();
  QVERIFY(QTest::qWaitForWindowExposed(&log));
  QTableView* table = log.table();
  const QModelIndex row = table->model()->index(kDeliverA, EventLogModel::DetailColumn);
  QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(row).center());
  QCOMPARE(f.store.selected(), int(kDeliverA));
  QCOMPARE(f.canvas()->selectedEvent(), f.model().eventOfRecord(kDeliverA));
}

void tst_SpaceTime::filtersHideLanesAndMessageTypes() {
  Fixture f;
  const QPointF midA = f.canvas()->arrowLine(f.model().messageOfRecord(kSendA)).center();
  QCOMPARE(f.canvas()->recordAt(midA), int(kSendA));
  f.view.setTypeVisible(QStringLiteral("Ping"), false);
  QCOMPARE(f.canvas()->recordAt(midA), -1);
  const QPointF midB = f.canvas()->arrowLine(f.model().messageOfRecord(kSendB)).center();
  QCOMPARE(f.canvas()->recordAt(midB), int(kSendB));  // Pong still there
  f.view.setTypeVisible(QStringLiteral("Ping"), true);
  QCOMPARE(f.canvas()->recordAt(midA), int(kSendA));

  f.view.setNodeVisible(QStringLiteral("n2"), false);
  QCOMPARE(f.canvas()->viewport().rowOf(f.model().laneOf(QStringLiteral("n2"))), -1);
  QCOMPARE(f.canvas()->viewport().rows().size(), std::size_t(2));
  QVERIFY(f.laneY("n1") < f.laneY("n3"));
  // Messages to or from a hidden lane are not drawn; n3's own events are.
  const QLineF b = f.canvas()->arrowLine(f.model().messageOfRecord(kSendB));
  QCOMPARE(f.canvas()->recordAt(b.center()), -1);
  QCOMPARE(f.canvas()->recordAt(f.canvas()->eventPoint(f.model().eventOfRecord(kState3))),
           int(kState3));
}

void tst_SpaceTime::bigRunPaintsOnlyWhatIsInView() {
  RunStore store;
  store.append(synthetic(100'000, 8));
  SpaceTimeView view(&store);
  view.resize(1200, 600);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  SpaceTimeCanvas* canvas = view.canvas();
  QCOMPARE(view.model().laneCount(), 8);
  canvas->fit();
  canvas->grab();
  // The whole run: merged per pixel, far fewer marks than records.
  const int whole = canvas->lastPaintedItems();
  QVERIFY2(whole > 0 && whole < 60'000, qPrintable(QString::number(whole)));
  // A 1% window paints about 1% of the run.
  const auto& vp = canvas->viewport();
  const double span = static_cast<double>(vp.rightNs() - vp.leftNs());
  canvas->viewport().setTimeWindow(vp.leftNs() + static_cast<std::int64_t>(span / 2),
                                   span / 100 / vp.plot().width());
  canvas->grab();
  const int zoomed = canvas->lastPaintedItems();
  QVERIFY2(zoomed > 100 && zoomed < 3'000, qPrintable(QString::number(zoomed)));
}

QTEST_MAIN(tst_SpaceTime)
#include "tst_spacetime.moc"
