// The operations view on hand-built traces: operations paired into bars per
// coordinating node, the quorum table of a CATS operation (views, refusals,
// ignored replies of another view), the checker's verdict and, on a known
// violating history, exactly the operations that cannot be ordered marked,
// with "jump to the violation" moving the store there; selection shared
// with the store both ways; the table model passes QAbstractItemModelTester.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "snapshot_view/operations/operations_canvas.h"
#include "snapshot_view/operations/operations_view.h"
#include "snapshot_view/operations/quorum_table_model.h"
#include "snapshot_view/run_store.h"
#include "tests/timeouts.h"
#include "trace_builder.h"

using namespace trace_builder;
using catslab::ui::RunStore;
using catslab::ui::operations::CheckOutcome;
using catslab::ui::operations::ClientOperation;
using catslab::ui::operations::OperationsView;
using catslab::ui::operations::QuorumTableModel;

namespace {

// A CATS-style put completion: a read phase in view 1 where n3 refused with
// view 2, then the read and write phases in view 2, one stale reply ignored.
tr::Record catsPutDone(double atMs, std::uint64_t id) {
  tr::Record r = clientOp("n1", atMs, tr::ClientOp::OK, id, "put", "x", "");
  auto* c = r.mutable_client_op();
  c->set_group(3);
  auto* p1 = c->add_phases();
  p1->set_name("read");
  p1->set_view(1);
  for (auto m : {"n1", "n2", "n3"}) p1->add_members(m);
  for (auto m : {"n1", "n2", "n3"}) p1->add_asked(m);
  p1->set_majority(2);
  auto* refusal = p1->add_replies();
  refusal->set_node("n3");
  refusal->set_view(2);
  refusal->set_answer("refused: ready in v2 [n2 n3 n4]");
  refusal->set_refused(true);
  auto* p2 = c->add_phases();
  p2->set_name("read");
  p2->set_view(2);
  for (auto m : {"n2", "n3", "n4"}) p2->add_members(m);
  for (auto m : {"n2", "n3", "n4"}) p2->add_asked(m);
  p2->set_majority(2);
  p2->set_quorum(true);
  for (auto m : {"n2", "n3"}) {
    auto* ok = p2->add_replies();
    ok->set_node(m);
    ok->set_view(2);
    ok->set_answer("absent");
    ok->set_counted(true);
  }
  auto* stale = p2->add_replies();
  stale->set_node("n4");
  stale->set_view(1);
  stale->set_answer("absent");
  auto* p3 = c->add_phases();
  p3->set_name("write");
  p3->set_view(2);
  for (auto m : {"n2", "n3", "n4"}) p3->add_members(m);
  p3->set_majority(2);
  p3->set_quorum(true);
  p3->set_resends(1);
  for (auto m : {"n3", "n4"}) {
    auto* ack = p3->add_replies();
    ack->set_node(m);
    ack->set_view(2);
    ack->set_answer("ack");
    ack->set_counted(true);
  }
  return r;
}

// put x=1 completes, then a get on another node returns nil: no order of
// the two explains it. A put y=2 and its read are fine and must stay unmarked.
std::vector<tr::Record> violating() {
  return numbered({
      up("n1", 0),
      up("n2", 0),
      clientOp("n1", 10, tr::ClientOp::INVOKE, 1, "put", "x", "1"),
      clientOp("n1", 15, tr::ClientOp::INVOKE, 3, "put", "y", "2"),
      clientOp("n1", 20, tr::ClientOp::OK, 1, "put", "x", ""),
      clientOp("n1", 25, tr::ClientOp::OK, 3, "put", "y", ""),
      clientOp("n2", 30, tr::ClientOp::INVOKE, 2, "get", "x", ""),
      clientOp("n2", 32, tr::ClientOp::INVOKE, 4, "get", "y", ""),
      clientOp("n2", 40, tr::ClientOp::OK, 2, "get", "x", ""),
      clientOp("n2", 42, tr::ClientOp::OK, 4, "get", "y", "2"),
  });
}

}  // namespace

class tst_operations : public QObject {
  Q_OBJECT

 private slots:
  void pairsOperationsIntoBarsPerNode() {
    RunStore store;
    OperationsView view(&store);
    store.append(numbered({
        up("n1", 0),
        clientOp("n1", 10, tr::ClientOp::INVOKE, 7, "put", "x", "a"),
        clientOp("n2", 12, tr::ClientOp::INVOKE, 8, "get", "x", ""),
        clientOp("n1", 20, tr::ClientOp::OK, 7, "put", "x", ""),
        clientOp("n3", 25, tr::ClientOp::INVOKE, 9, "del", "x", ""),
    }));
    const auto& m = view.model();
    QCOMPARE(m.count(), 3);
    QCOMPARE(m.nodes(),
             (QStringList{QStringLiteral("n1"), QStringLiteral("n2"), QStringLiteral("n3")}));
    QVERIFY(m.at(0).outcome == ClientOperation::Outcome::Ok);
    QCOMPARE(m.at(0).endNs, ms(20));
    QVERIFY(m.at(1).outcome == ClientOperation::Outcome::Pending);
    QCOMPARE(m.operationOfRecord(3), 0);  // the completion record
    // The pending get and the del (a write of nil) go to the checker as
    // unknown / write.
    const auto h = m.history();
    QVERIFY(h.ops[1].outcome == catslab::checker::Outcome::Unknown);
    QCOMPARE(h.ops[2].kind, catslab::checker::OpKind::Write);
    QVERIFY(h.ops[2].value.empty());
    view.resize(800, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QRectF put = view.canvas()->barRect(0), get = view.canvas()->barRect(1);
    QVERIFY(put.width() > 0 && get.width() > 0);
    QVERIFY(get.top() > put.top());      // n2's lane is below n1's
    QVERIFY(get.right() > put.right());  // pending: drawn to the end of the run
  }

  void quorumTableShowsPhasesRefusalsAndIgnoredReplies() {
    RunStore store;
    OperationsView view(&store);
    store.append(numbered(
        {clientOp("n1", 10, tr::ClientOp::INVOKE, 5, "put", "x", "v"), catsPutDone(30, 5)}));
    QuorumTableModel* table = view.quorumTable();
    QAbstractItemModelTester tester(table, QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.selectOperation(0);
    QCOMPARE(store.selected(), 1);  // its completion record: the timeline goes there
    QCOMPARE(view.selectedOperation(), 0);
    QVERIFY(view.detailsText().contains(QStringLiteral("group 3")));
    QStringList rows;
    for (int r = 0; r < table->rowCount(); ++r) {
      QStringList cells;
      for (int c = 0; c < table->columnCount(); ++c)
        cells << table->index(r, c).data().toString().trimmed();
      rows << cells.join(QLatin1Char('|'));
    }
    const QString all = rows.join(QLatin1Char('\n'));
    // Three phases: the first ends in a refusal without a quorum.
    QVERIFY2(rows[0].startsWith(QStringLiteral("1. read|v1 [n1 n2 n3]")), qPrintable(all));
    QVERIFY2(rows[0].endsWith(QStringLiteral("no quorum")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("n3|v2|refused: ready in v2 [n2 n3 n4]")),
             qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("n1||no reply|—")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral(
                 "2. read|v2 [n2 n3 n4]|2 of 2 needed replies came|consistent quorum")),
             qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("ignored: view 1 ≠ 2")), qPrintable(all));
    QVERIFY2(all.contains(
                 QStringLiteral("3. write|v2 [n2 n3 n4]|2 of 2 needed replies came · resent 1×")),
             qPrintable(all));
    QVERIFY(table->rowKind(0) == QuorumTableModel::RowKind::Phase);
    view.selectOperation(-1);  // ignored: nothing to select
    QCOMPARE(view.selectedOperation(), 0);
  }

  void marksTheOperationsThatCannotBeOrdered() {
    RunStore store;
    OperationsView view(&store);
    view.resize(900, 500);
    store.append(violating());
    view.checkNow();
    const CheckOutcome& out = view.outcome();
    QVERIFY(out.state == CheckOutcome::State::Violation);
    QCOMPARE(out.key, QStringLiteral("x"));
    // Exactly put x=1 and the get x that returned nil, the get completing last.
    QCOMPARE(out.conflicting, (std::vector<int>{0, 2}));
    QCOMPARE(out.culprit, 2);
    QVERIFY(view.badgeText().contains(QStringLiteral("NOT linearizable: key x")));
    QVERIFY(view.jumpToViolation());
    QCOMPARE(view.canvas()->keyFilter(), QStringLiteral("x"));
    QVERIFY(!view.canvas()->isShown(1));  // key y is filtered out
    QCOMPARE(view.selectedOperation(), 2);
    QCOMPARE(store.selected(), 8);  // the get's completion: the timeline moved there
    QVERIFY(view.detailsText().contains(QStringLiteral("Part of the violation")));
  }

  void aLinearizableHistoryIsNotMarked() {
    // The same history with the get reading 1: the checker must pass it,
    // so the marks above are not a view that always cries wolf.
    auto records = violating();
    records[8].mutable_client_op()->set_value("1");
    RunStore store;
    OperationsView view(&store);
    store.append(records);
    view.checkNow();
    QVERIFY(view.outcome().state == CheckOutcome::State::Linearizable);
    QCOMPARE(view.badgeText(), QStringLiteral("linearizable (4 ops)"));
    QVERIFY(!view.jumpToViolation());
  }

  void selectionIsSharedWithTheStore() {
    RunStore store;
    OperationsView view(&store);
    view.resize(900, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    store.append(violating());
    store.select(6);  // the invocation of get x
    QCOMPARE(view.selectedOperation(), 2);
    store.select(1);  // a node-up record before any operation: nothing to select
    QCOMPARE(view.selectedOperation(), 2);
    // Clicking a bar selects its completion in the store.
    const QRectF bar = view.canvas()->barRect(3);
    QTest::mouseClick(view.canvas(), Qt::LeftButton, {}, bar.center().toPoint());
    QCOMPARE(view.selectedOperation(), 3);
    QCOMPARE(store.selected(), 9);
  }

  void checksInTheBackgroundAsRecordsArrive() {
    RunStore store;
    OperationsView view(&store);
    QSignalSpy checked(&view, &OperationsView::checked);
    store.append(violating());
    QVERIFY(view.checkPending());
    QVERIFY(checked.wait(catslab::testing::scaledMs(10000)));
    QVERIFY(view.outcome().state == CheckOutcome::State::Violation);
    QVERIFY(!view.checkPending());
    store.clear();
    QCOMPARE(view.model().count(), 0);
    QVERIFY(view.outcome().state == CheckOutcome::State::NotRun);
  }
};

QTEST_MAIN(tst_operations)
#include "tst_operations.moc"
