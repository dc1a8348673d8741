// The quorum of a client operation drawn on the ring: choosing an
// operation (in the Operations tab, or its record in the event log) rings
// its coordinator on the Ring tab and draws an arrow to every replica asked
// in the phase shown, tagged with the view id of its reply and coloured by
// what the coordinator made of it (counted, refused, ignored for another
// view, no reply); the Quorum panel holds the phase table and clicking a
// phase draws that phase. Checked on a hand-built CATS run (a put that is
// refused in view 1, restarts in view 2 where one stale reply is ignored,
// then writes) and on a recorded CATS churn run, where the ring must say
// what the quorum table says for every operation. The agreement check is
// shown to fail on a deliberately wrong drawing. `catslab --view ring --op N`
// renders it from the command line.
#include <QAbstractItemModelTester>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "runtime/sim/scenario.h"
#include "runtime/sim/scenario_file.h"
#include "runtime/sim/trace_file.h"
#include "snapshot_view/operations/operations_view.h"
#include "snapshot_view/operations/quorum_table_model.h"
#include "snapshot_view/ring/ring_canvas.h"
#include "snapshot_view/ring/ring_view.h"
#include "snapshot_view/run_store.h"
#include "tests/timeouts.h"
#include "trace_builder.h"

using namespace trace_builder;
using catslab::ui::RunStore;
using catslab::ui::operations::OperationsView;
using catslab::ui::operations::QuorumTableModel;
using namespace catslab::ui::ring;

namespace {

void addReply(tr::QuorumPhase* p, const std::string& node, std::uint64_t view,
              const std::string& answer, bool counted, bool refused = false) {
  auto* r = p->add_replies();
  r->set_node(node);
  r->set_view(view);
  r->set_answer(answer);
  r->set_counted(counted);
  r->set_refused(refused);
}

tr::QuorumPhase* addPhase(tr::ClientOp* c, const std::string& name, std::uint64_t view,
                          const std::vector<std::string>& members, bool quorum) {
  auto* p = c->add_phases();
  p->set_name(name);
  p->set_view(view);
  for (const auto& m : members) p->add_members(m);
  for (const auto& m : members) p->add_asked(m);
  p->set_majority(2);
  p->set_quorum(quorum);
  return p;
}

// Four CATS nodes on the ring (n1 at the top, then n2, n3, n4 clockwise),
// group 3 in view 2 [n2 n3 n4]. n1 coordinates "put x 1": its read in v1
// [n1 n2 n3] is refused by n3 (ready in v2); it restarts in v2, where n2 and
// n3 are counted and n4's stale v1 reply is ignored; its write in v2 is
// acknowledged by n3 and n4, n2 never answers. Then n2 runs a get with no
// recorded phases (another protocol's operation looks the same).
std::vector<tr::Record> run() {
  std::vector<tr::Record> rs(1);
  rs[0].mutable_header()->set_format("catslab-trace/1");
  rs[0].mutable_header()->set_scenario("quorum");
  for (int i = 1; i <= 4; ++i) {
    const std::string id = "n" + std::to_string(i);
    rs.push_back(up(id, 0));
    tr::Record s = state(id, 1, "cats.ringId", std::to_string((i - 1) * 1'000'000'000ull + 5));
    auto* e = s.mutable_state()->add_entries();
    e->set_key("cats.groups");
    e->set_value(i == 1 ? "[]" : "[3 v2 [n2 n3 n4] ready keys 0 ready [n2 n3 n4]]");
    rs.push_back(s);
  }
  rs.push_back(clientOp("n1", 10, tr::ClientOp::INVOKE, 7, "put", "x", "1"));
  tr::Record done = clientOp("n1", 40, tr::ClientOp::OK, 7, "put", "x", "1");
  auto* c = done.mutable_client_op();
  c->set_group(3);
  addReply(addPhase(c, "read", 1, {"n1", "n2", "n3"}, false), "n3", 2, "refused (ready in v2)",
           false, true);
  auto* again = addPhase(c, "read", 2, {"n2", "n3", "n4"}, true);
  addReply(again, "n2", 2, "absent", true);
  addReply(again, "n3", 2, "absent", true);
  addReply(again, "n4", 1, "absent", false);
  auto* write = addPhase(c, "write", 2, {"n2", "n3", "n4"}, true);
  addReply(write, "n3", 2, "ack", true);
  addReply(write, "n4", 2, "ack", true);
  rs.push_back(done);
  rs.push_back(clientOp("n2", 50, tr::ClientOp::INVOKE, 8, "get", "x", ""));
  rs.push_back(clientOp("n2", 60, tr::ClientOp::OK, 8, "get", "x", ""));
  return numbered(rs);
}

// A node's row in the quorum table: "    n4 (not in the view)" -> "n4".
QString rowNode(const QuorumTableModel& t, int row) {
  return t.index(row, QuorumTableModel::kWho)
      .data()
      .toString()
      .trimmed()
      .section(QLatin1Char(' '), 0, 0);
}

// What a user compares by eye: every replica row of the drawn phase in the
// table is a node highlighted on the ring with the same verdict and reply
// view, and the ring highlights nothing else but the coordinator. Returns
// the disagreements ("n3: table says refused, ring says counted").
QStringList disagreements(const RingCanvas& canvas, const QuorumTableModel& table) {
  QStringList bad;
  const RingQuorum& q = canvas.quorum();
  QStringList inTable;
  for (int row = 0; row < table.rowCount(); ++row) {
    if (table.rowKind(row) != QuorumTableModel::RowKind::Reply || table.phaseOfRow(row) != q.phase)
      continue;
    const QString node = rowNode(table, row);
    inTable << node;
    const QString verdict = table.index(row, QuorumTableModel::kVerdict).data().toString();
    const QString view = table.index(row, QuorumTableModel::kView).data().toString();
    const QuorumTarget* t = q.target(node);
    if (!t || !canvas.quorumNodes().contains(node)) {
      bad << node + QStringLiteral(": in the table, not on the ring");
      continue;
    }
    const QString drawn = t->verdict == ReplyVerdict::NoReply ? QStringLiteral("—")
                          : t->verdict == ReplyVerdict::OtherView
                              ? QStringLiteral("ignored: view %1 ≠ %2").arg(t->view).arg(q.view)
                          : t->verdict == ReplyVerdict::NotMember
                              ? QStringLiteral("ignored: not a member")
                              : verdictWord(t->verdict);
    if (drawn != verdict)
      bad << QStringLiteral("%1: table says %2, ring says %3").arg(node, verdict, drawn);
    const QString drawnView = t->view ? QStringLiteral("v%1").arg(t->view) : QString();
    if (drawnView != view)
      bad << QStringLiteral("%1: table says %2, ring says %3").arg(node, view, drawnView);
  }
  for (const QString& node : canvas.quorumNodes()) {
    if (node != q.coordinator && !inTable.contains(node))
      bad << node + QStringLiteral(": on the ring, not in the table");
  }
  return bad;
}

void clickRow(QTableView* view, int row) {
  const QRect r = view->visualRect(view->model()->index(row, 0));
  QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, r.center());
}

std::vector<tr::Record> recordChurn() {
  const QString file = qEnvironmentVariable("CATSLAB_SOURCE_DIR") +
                       QStringLiteral("/resources/examples/cats/churn.json");
  auto scenario = catslab::sim::loadScenario(file.toStdString());
  if (!scenario) qFatal("%s", scenario.error().c_str());
  std::vector<tr::Record> records;
  catslab::sim::SimulationOptions options;
  options.seed = 1;
  options.traceSink = [&records](const tr::Record& r) { records.push_back(r); };
  const catslab::sim::RunResult result = scenario->run(options);
  if (!result.passed()) qFatal("churn: %s", result.error.c_str());
  return records;
}

}  // namespace

class tst_ring_quorum : public QObject {
  Q_OBJECT
 private slots:
  void init() {
    store_ = std::make_unique<RunStore>();
    store_->append(run());
    ops_ = std::make_unique<OperationsView>(store_.get());
    ring_ = std::make_unique<RingView>(store_.get());
    ring_->followOperations(ops_.get());
    ring_->resize(1100, 700);
    ring_->show();
    QVERIFY(QTest::qWaitForWindowExposed(ring_.get()));
  }
  void cleanup() {
    ring_.reset();
    ops_.reset();
    store_.reset();
  }

  void noOperationNoQuorum() {
    store_->select(2);  // a state record: a moment, not an operation
    ring_->refresh();
    QVERIFY(ring_->canvas()->quorum().empty());
    QVERIFY(ring_->canvas()->quorumNodes().isEmpty());
    QVERIFY(ring_->quorumTitle().contains(QStringLiteral("Select a client operation")));
    QVERIFY(!ring_->legendText().contains(QStringLiteral("coordinator")));
  }

  // Choosing the put in the Operations tab: the ring moves to its answer and
  // shows its last phase, the write in v2.
  void chosenOperationIsDrawnInItsLastPhase() {
    ops_->selectOperation(0);
    ring_->refresh();
    RingCanvas* canvas = ring_->canvas();
    const RingQuorum& q = canvas->quorum();
    QCOMPARE(q.coordinator, QStringLiteral("n1"));
    QCOMPARE(q.phaseName, QStringLiteral("write"));
    QCOMPARE(canvas->quorumNodes(), (QStringList{QStringLiteral("n1"), QStringLiteral("n2"),
                                                 QStringLiteral("n3"), QStringLiteral("n4")}));
    QCOMPARE(q.target(QStringLiteral("n2"))->verdict, ReplyVerdict::NoReply);
    QCOMPARE(q.target(QStringLiteral("n3"))->verdict, ReplyVerdict::Counted);
    QCOMPARE(q.target(QStringLiteral("n4"))->view, std::uint64_t{2});
    QVERIFY(q.caption().contains(QStringLiteral("phase 3 of 3: write in v2 [n2 n3 n4]")));
    QVERIFY(q.caption().contains(QStringLiteral("#1 put x 1 at n1")));
    // Hovering the nodes says the same.
    QVERIFY(canvas->toolTipAt(canvas->nodeCentre(QStringLiteral("n1")))
                .contains(QStringLiteral("coordinator of #1 put x 1")));
    QVERIFY(canvas->toolTipAt(canvas->nodeCentre(QStringLiteral("n2")))
                .contains(QStringLiteral("asked, no reply")));
    QVERIFY(canvas->toolTipAt(canvas->nodeCentre(QStringLiteral("n3")))
                .contains(QStringLiteral("replied in v2 'ack' — counted")));
    // The timeline went to the put's answer, and the legend names the marks.
    QCOMPARE(store_->current(), ops_->model().at(0).completeRecord);
    QVERIFY(ring_->legendText().contains(QStringLiteral("coordinator")));
    QVERIFY(ring_->legendText().contains(QStringLiteral("refused")));
    // The Quorum panel: the three phases, the drawn one selected.
    QuorumTableModel* table = ring_->quorumTable();
    QAbstractItemModelTester tester(table, QAbstractItemModelTester::FailureReportingMode::QtTest);
    int phases = 0;
    for (int row = 0; row < table->rowCount(); ++row)
      phases += table->rowKind(row) == QuorumTableModel::RowKind::Phase;
    QCOMPARE(phases, 3);
    const QModelIndexList selected = ring_->quorumView()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.front().row(), table->rowOfPhase(2));
    const QStringList bad = disagreements(*canvas, *table);
    QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QStringLiteral("; "))));
  }

  // Clicking a phase in the panel draws it: the refusal in v1, then the
  // stale reply ignored in v2.
  void clickingAPhaseDrawsIt() {
    ops_->selectOperation(0);
    ring_->showPanel(QStringLiteral("quorum"));
    QTableView* view = ring_->quorumView();
    QuorumTableModel* table = ring_->quorumTable();
    clickRow(view, table->rowOfPhase(0));
    const RingQuorum* q = &ring_->canvas()->quorum();
    QCOMPARE(q->phase, 0);
    QCOMPARE(q->view, std::uint64_t{1});
    QCOMPARE(q->target(QStringLiteral("n3"))->verdict, ReplyVerdict::Refused);
    QCOMPARE(q->target(QStringLiteral("n3"))->view, std::uint64_t{2});
    QCOMPARE(q->target(QStringLiteral("n1"))->verdict, ReplyVerdict::NoReply);
    QVERIFY(!q->target(QStringLiteral("n4")));  // not in v1, not asked
    QCOMPARE(ring_->canvas()->quorumNodes().size(), 3);
    QVERIFY(ring_->canvas()
                ->toolTipAt(ring_->canvas()->nodeCentre(QStringLiteral("n3")))
                .contains(QStringLiteral("replied in v2 'refused (ready in v2)' — refused")));
    QVERIFY(disagreements(*ring_->canvas(), *table).isEmpty());

    // A reply row selects its phase too.
    clickRow(view, table->rowOfPhase(1) + 3);
    q = &ring_->canvas()->quorum();
    QCOMPARE(q->phase, 1);
    QCOMPARE(q->target(QStringLiteral("n4"))->verdict, ReplyVerdict::OtherView);
    QCOMPARE(q->target(QStringLiteral("n4"))->view, std::uint64_t{1});
    QCOMPARE(q->target(QStringLiteral("n2"))->verdict, ReplyVerdict::Counted);
    QVERIFY(q->quorum);
    QVERIFY(ring_->quorumTitle().contains(QStringLiteral("phase 2")));
    QVERIFY(disagreements(*ring_->canvas(), *table).isEmpty());
  }

  // The agreement check is not vacuous: a ring that shows a refusal as
  // counted, or leaves out a replica, or adds one, is caught.
  void wrongDrawingIsCaught() {
    ops_->selectOperation(0);
    ring_->selectPhase(0);
    RingCanvas* canvas = ring_->canvas();
    QuorumTableModel* table = ring_->quorumTable();
    QVERIFY(disagreements(*canvas, *table).isEmpty());
    const RingQuorum good = canvas->quorum();

    RingQuorum counted = good;
    for (QuorumTarget& t : counted.targets)
      if (t.node == QStringLiteral("n3")) t.verdict = ReplyVerdict::Counted;
    canvas->setQuorum(counted);
    QCOMPARE(disagreements(*canvas, *table),
             QStringList{QStringLiteral("n3: table says refused, ring says counted")});

    RingQuorum missing = good;
    missing.targets.pop_back();
    canvas->setQuorum(missing);
    QVERIFY(!disagreements(*canvas, *table).isEmpty());

    RingQuorum wrongPhase = quorumOnRing(ops_->model().at(0), 1, 2);  // drawn: write, table: read
    wrongPhase.phase = 0;
    canvas->setQuorum(wrongPhase);
    QVERIFY(!disagreements(*canvas, *table).isEmpty());
  }

  // Selecting the put's record elsewhere (the event log, the space-time
  // diagram) draws it as well; an operation without phases rings only its
  // coordinator and says so; a new run clears it.
  void recordSelectedElsewhereIsDrawn() {
    store_->select(ops_->model().at(0).completeRecord);
    QCOMPARE(ring_->canvas()->quorum().coordinator, QStringLiteral("n1"));
    // Another kind of record (a moment, not an operation) keeps the drawing.
    store_->select(ops_->model().at(1).invokeRecord - 1);
    QCOMPARE(ring_->canvas()->quorum().coordinator, QStringLiteral("n1"));
    store_->select(ops_->model().at(1).invokeRecord);
    const RingQuorum& q = ring_->canvas()->quorum();
    QCOMPARE(q.coordinator, QStringLiteral("n2"));
    QCOMPARE(q.phase, -1);
    QVERIFY(q.caption().contains(QStringLiteral("no quorum phases recorded")));
    QCOMPARE(ring_->canvas()->quorumNodes(), QStringList{QStringLiteral("n2")});
    store_->clear(QStringLiteral("new run"));
    QVERIFY(ring_->canvas()->quorum().empty());
  }

  // A recorded CATS run with churn: for every operation with phases, in
  // every phase, the ring says what the table says; and some operation
  // meets a refusal or a reply of another view, drawn as such.
  void recordedChurnRunAgreesWithTheTable() {
    RunStore store;
    store.append(recordChurn());
    OperationsView ops(&store);
    RingView ring(&store);
    ring.followOperations(&ops);
    ring.resize(1100, 700);
    ring.show();
    QVERIFY(QTest::qWaitForWindowExposed(&ring));
    QVERIFY(ops.model().count() > 10);
    int checked = 0, troubled = 0;
    for (int i = 0; i < ops.model().count(); ++i) {
      const auto& op = ops.model().at(i);
      if (op.phases.empty()) continue;
      ops.selectOperation(i);
      ring.refresh();
      QCOMPARE(ring.canvas()->quorum().coordinator, op.node);
      for (int phase = 0; phase < static_cast<int>(op.phases.size()); ++phase) {
        ring.selectPhase(phase);
        const QStringList bad = disagreements(*ring.canvas(), *ring.quorumTable());
        QVERIFY2(bad.isEmpty(), qPrintable(QStringLiteral("op %1 phase %2: %3")
                                               .arg(i + 1)
                                               .arg(phase + 1)
                                               .arg(bad.join(QStringLiteral("; ")))));
        for (const QuorumTarget& t : ring.canvas()->quorum().targets)
          troubled += t.verdict == ReplyVerdict::Refused || t.verdict == ReplyVerdict::OtherView;
        ++checked;
      }
      if (checked > 400) break;  // enough, and the test stays quick under sanitizers
    }
    QVERIFY(checked > 20);
    QVERIFY2(troubled > 0, "churn makes some replica refuse or answer from another view");
  }

  void commandLineDrawsAQuorum_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("ring") << QStringList{QStringLiteral("--view"), QStringLiteral("ring"),
                                         QStringLiteral("--op"), QStringLiteral("1")}
                          << 0 << QString();
    QTest::newRow("quorum panel") << QStringList{QStringLiteral("--view"), QStringLiteral("quorum"),
                                                 QStringLiteral("--op"), QStringLiteral("2")}
                                  << 0 << QString();
    QTest::newRow("first phase") << QStringList{QStringLiteral("--view"),  QStringLiteral("ring"),
                                                QStringLiteral("--op"),    QStringLiteral("1"),
                                                QStringLiteral("--phase"), QStringLiteral("1")}
                                 << 0 << QString();
    QTest::newRow("no such phase")
        << QStringList{QStringLiteral("--op"), QStringLiteral("1"), QStringLiteral("--phase"),
                       QStringLiteral("4")}
        << 2 << QStringLiteral("--phase 4: operation 1 has 3 recorded phase(s)");
    QTest::newRow("no such operation")
        << QStringList{QStringLiteral("--view"), QStringLiteral("ring"), QStringLiteral("--op"),
                       QStringLiteral("3")}
        << 2 << QStringLiteral("--op 3: the run has 2 client operations");
    QTest::newRow("bad number") << QStringList{QStringLiteral("--op"), QStringLiteral("0")} << 2
                                << QStringLiteral("--op needs an operation number >= 1");
  }
  void commandLineDrawsAQuorum() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString app = qEnvironmentVariable("CATSLAB_BIN_DIR") + QStringLiteral("/catslab");
    if (!QFileInfo::exists(app)) QSKIP("catslab is not built");
    QTemporaryDir dir;
    const QString trace = dir.filePath(QStringLiteral("put.trace"));
    {
      auto w = catslab::sim::TraceFileWriter::open(trace.toStdString());
      QVERIFY(w);
      for (const tr::Record& r : run()) (*w)->write(r);
      QVERIFY((*w)->close());
    }
    const QString png = dir.filePath(QStringLiteral("quorum.png"));
    QProcess p;
    p.start(app, QStringList{QStringLiteral("--trace"), trace} + args +
                     QStringList{QStringLiteral("--screenshot"), png});
    QVERIFY(p.waitForFinished(catslab::testing::scaledMs(120000)));
    const QString err = QString::fromLocal8Bit(p.readAllStandardError());
    QCOMPARE(p.exitCode(), exitCode);
    if (exitCode == 0) {
      const QImage image(png);
      QVERIFY2(image.width() > 800 && image.height() > 500, qPrintable(err));
    } else {
      QVERIFY2(err.contains(message), qPrintable(err));
      QVERIFY(!QFileInfo::exists(png));
    }
  }

 private:
  std::unique_ptr<RunStore> store_;
  std::unique_ptr<OperationsView> ops_;
  std::unique_ptr<RingView> ring_;
};

QTEST_MAIN(tst_ring_quorum)
#include "tst_ring_quorum.moc"
