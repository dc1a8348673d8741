// The views of the app fed by launched processes: three CATS nodes of the
// bundled example topology run as real catslab-node processes through
// "Launch locally" (ProcessBackend), requests are typed into their consoles,
// and what a user sees is checked on the same widgets the main window shows
// — the ring tab (every node ready, successor and predecessor in ring order,
// each group's view with all three members; back in time, fewer nodes), the
// operations tab (the puts and gets with their values, each get's quorum
// table, the badge "linearizable"), and the space-time diagram (a bar per
// console request, from the command to its answer, as in a simulation); a
// node killed and restarted is taken back, ready in its groups again.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "snapshot_view/operations/operations_view.h"
#include "snapshot_view/operations/quorum_table_model.h"
#include "snapshot_view/ring/ring_models.h"
#include "snapshot_view/ring/ring_view.h"
#include "snapshot_view/run_store.h"
#include "snapshot_view/spacetime/spacetime_view.h"
#include "tests/timeouts.h"
#include "tests/ui/launched_cats.h"
#include "ui/process_backend.h"

using namespace catslab;
using namespace catslab::ui;
using catslab::testing::catsSettled;
using catslab::testing::scaledMs;
using catslab::testing::threeCatsNodes;
using operations::ClientOperation;

namespace {

QString cell(const QAbstractItemModel* m, int row, int column) {
  return m->index(row, column).data().toString();
}

}  // namespace

class tst_ProcessViews : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void launchedCatsNodesFeedTheViews();
};

void tst_ProcessViews::initTestCase() {
  QVERIFY2(!ProcessBackend::nodeProgram().isEmpty(), "catslab-node not found in CATSLAB_BIN_DIR");
}

void tst_ProcessViews::launchedCatsNodesFeedTheViews() {
  RunStore store;
  ProcessBackend backend(&store);
  ring::RingView ringView(&store);
  operations::OperationsView opsView(&store);
  spacetime::SpaceTimeView spaceTime(&store);
  QAbstractItemModelTester nodesTester(ringView.nodeModel());
  ringView.show();  // a hidden ring tab does not redraw

  QHash<QString, QStringList> output;
  connect(&backend, &Backend::consoleOutput, this,
          [&output](const QString& node, const QString& text, bool) { output[node] << text; });
  QSignalSpy ready(&backend, &ProcessBackend::nodeReady);
  const auto error = backend.launch(threeCatsNodes());
  QVERIFY2(!error, qPrintable(error.value_or(QString())));
  QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, scaledMs(30000));

  // The ring tab's node table, once the ring has settled: three nodes, all
  // ready, each one's successor the next clockwise and its predecessor the
  // one before, every node in every group.
  const ring::RingNodeModel* nodes = ringView.nodeModel();
  auto ringShown = [&] {
    ringView.refresh();
    if (nodes->rowCount() != 3) return false;
    for (int row = 0; row < 3; ++row) {
      if (cell(nodes, row, ring::RingNodeModel::Status) != QStringLiteral("ready")) return false;
      const QString next = cell(nodes, (row + 1) % 3, ring::RingNodeModel::Node);
      const QString previous = cell(nodes, (row + 2) % 3, ring::RingNodeModel::Node);
      if (cell(nodes, row, ring::RingNodeModel::Successors).section(QLatin1Char(' '), 0, 0) !=
              next ||
          cell(nodes, row, ring::RingNodeModel::Predecessor) != previous)
        return false;
    }
    const QString groups = cell(nodes, 0, ring::RingNodeModel::Groups);
    if (!groups.endsWith(QStringLiteral(" (0 joining)")) || groups.startsWith(QLatin1Char('0')))
      return false;
    for (int row = 1; row < 3; ++row)
      if (cell(nodes, row, ring::RingNodeModel::Groups) != groups) return false;
    return true;
  };
  auto table = [&] {
    QStringList rows;
    for (int row = 0; row < nodes->rowCount(); ++row) {
      QStringList cells;
      for (int c = 0; c < ring::RingNodeModel::ColumnCount; ++c) cells << cell(nodes, row, c);
      rows << cells.join(QStringLiteral(" | "));
    }
    return rows.join(QLatin1Char('\n'));
  };
  QTRY_VERIFY_WITH_TIMEOUT(catsSettled(store), scaledMs(30000));
  QVERIFY2(ringShown(), qPrintable(table()));
  QCOMPARE(store.follow(), true);

  // Console requests, one after the other (each waits for its answer), so a
  // stale read would be a linearizability violation.
  const QList<QPair<QString, QString>> requests = {
      {QStringLiteral("n1"), QStringLiteral("put apple red")},
      {QStringLiteral("n2"), QStringLiteral("get apple")},
      {QStringLiteral("n3"), QStringLiteral("put apple green")},
      {QStringLiteral("n1"), QStringLiteral("get apple")},
  };
  for (const auto& [node, line] : requests) {
    const int before = opsView.model().count();
    backend.sendCommand(node, line);
    QTRY_VERIFY_WITH_TIMEOUT(
        opsView.model().count() == before + 1 &&
            opsView.model().at(before).outcome != ClientOperation::Outcome::Pending,
        scaledMs(30000));
  }

  // The operations tab: the four operations, coordinated where they were
  // typed, with what they wrote and read.
  const operations::OperationsModel& ops = opsView.model();
  QCOMPARE(ops.count(), 4);
  QCOMPARE(ops.nodes(),
           (QStringList{QStringLiteral("n1"), QStringLiteral("n2"), QStringLiteral("n3")}));
  const QStringList labels = {QStringLiteral("put apple red"), QStringLiteral("get apple → red"),
                              QStringLiteral("put apple green"),
                              QStringLiteral("get apple → green")};
  for (int i = 0; i < 4; ++i) {
    const ClientOperation& op = ops.at(i);
    QCOMPARE(op.node, requests[i].first);
    QVERIFY2(op.outcome == ClientOperation::Outcome::Ok, qPrintable(op.reason));
    QCOMPARE(op.label(), labels[i]);
    QVERIFY(op.endNs > op.startNs);
    // Its quorum table: a consistent quorum in the phase that answered.
    QVERIFY(!op.phases.empty());
    QVERIFY(op.phases.back().quorum());
  }
  opsView.selectOperation(1);
  QVERIFY(opsView.quorumTable()->rowCount() > 0);
  QCOMPARE(store.selected(), ops.at(1).completeRecord);

  // The checker runs in the background once the operations stop coming.
  QTRY_COMPARE_WITH_TIMEOUT(opsView.badgeText(), QStringLiteral("linearizable (4 ops)"),
                            scaledMs(30000));

  // The ring draws the get's quorum, read from the processes' records.
  ringView.showOperation(&ops.at(1), 2);
  QVERIFY2(ringView.quorumTitle().contains(QStringLiteral("get apple")),
           qPrintable(ringView.quorumTitle()));

  // Reconfiguration: the group owning the key has a view with all three.
  bool allThree = false;
  const int last = store.recordCount() - 1;
  const auto& history = ringView.history();
  const int slice = ops.at(0).group;
  QVERIFY(slice >= 0);
  for (const ring::ViewStep& v : history.views(slice, last)) allThree |= v.members.size() == 3;
  QVERIFY2(allThree, "no view of the key's group with the three nodes");

  // The space-time diagram: each request is a bar on its node's lane from
  // the command to its answer, like a console command in a simulation.
  const spacetime::SpaceTimeModel& diagram = spaceTime.model();
  for (const auto& [node, line] : requests) {
    bool found = false;
    for (const spacetime::Operation& op : diagram.operations()) {
      if (op.opId != 0 || op.label != line) continue;
      found |= op.lane == diagram.laneOf(node) && op.endNs >= op.startNs &&
               op.outcome == spacetime::Operation::Outcome::Ok;
    }
    QVERIFY2(found, qPrintable(QStringLiteral("no answered bar for '%1' on %2").arg(line, node)));
  }

  // Time travel: back at the first node's start the ring is not whole, and
  // the operations are all in the future.
  int firstUp = -1;
  for (int i = 0; i < store.recordCount() && firstUp < 0; ++i)
    if (store.record(i).has_node_up()) firstUp = i;
  store.setCurrent(firstUp);
  ringView.refresh();
  QVERIFY(nodes->rowCount() < 3);
  QVERIFY(ops.lastInvokedBy(store.currentTimeNs()) < 0);
  store.setFollow(true);
  ringView.refresh();
  QCOMPARE(nodes->rowCount(), 3);

  // Actions on the processes are recorded with their times, as in a
  // simulation: the four requests, then a kill the ring shows and a restart
  // after which the node is no longer shown down.
  QSignalSpy recorded(&backend, &Backend::actionRecorded);
  QStringList statusBar;
  connect(&backend, &Backend::statusChanged, this,
          [&statusBar](const QString& text) { statusBar << text; });
  backend.killNode(QStringLiteral("n3"));
  auto statusOf = [&](const QString& node) {
    ringView.refresh();
    for (int row = 0; row < nodes->rowCount(); ++row)
      if (cell(nodes, row, ring::RingNodeModel::Node) == node)
        return cell(nodes, row, ring::RingNodeModel::Status);
    return QString();
  };
  QTRY_COMPARE_WITH_TIMEOUT(statusOf(QStringLiteral("n3")), QStringLiteral("down"),
                            scaledMs(20000));
  backend.restartNode(QStringLiteral("n3"));
  QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 4, scaledMs(30000));
  QTRY_VERIFY2_WITH_TIMEOUT(statusOf(QStringLiteral("n3")) != QStringLiteral("down"),
                            qPrintable(table()), scaledMs(30000));
  // Then it is taken back: ready in its groups again, with its data (a
  // launched CATS node has a data directory), and nobody is told it will
  // stay suspected (restart_check.h: only a clock set back does that).
  QTRY_COMPARE_WITH_TIMEOUT(statusOf(QStringLiteral("n3")), QStringLiteral("ready"),
                            scaledMs(60000));
  QTRY_VERIFY2_WITH_TIMEOUT(catsSettled(store), qPrintable(table()), scaledMs(60000));
  for (const QString& line : output.value(QStringLiteral("n3")))
    QVERIFY2(!line.contains(QStringLiteral("will keep ignoring it")), qPrintable(line));
  for (const QString& text : std::as_const(statusBar))
    QVERIFY2(!text.contains(QStringLiteral("will stay suspected")), qPrintable(text));
  QCOMPARE(recorded.count(), 2);
  const auto& actions = backend.recordedActions();
  QCOMPARE(actions.size(), std::size_t{6});
  for (int i = 0; i < 4; ++i) {
    QCOMPARE(actions[i].op, QStringLiteral("request"));
    QCOMPARE(actions[i].params, (QStringList{requests[i].first, requests[i].second}));
    // Sent before its operation was invoked (the trace's clock).
    QVERIFY(actions[i].timeNs <= ops.at(i).startNs);
  }
  QCOMPARE(actions[4].describe().section(QLatin1Char(' '), 0, 1), QStringLiteral("kill n3"));
  QCOMPARE(actions[5].describe().section(QLatin1Char(' '), 0, 1), QStringLiteral("restart n3"));
  QVERIFY(actions[4].timeNs > ops.at(3).endNs && actions[5].timeNs > actions[4].timeNs);

  QSignalSpy finished(&backend, &Backend::runFinished);
  backend.stop();
  QVERIFY(finished.wait(scaledMs(20000)));
}

QTEST_MAIN(tst_ProcessViews)
#include "tst_process_views.moc"
