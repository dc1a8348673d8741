// The ring, reconfiguration and key inspector views, built from CATS runs
// recorded by the simulator (resources/examples/cats: churn and
// partition-and-heal, seed 1, as `catslab-sim --scenario ... --seed 1
// --trace x.trace` records them) and from a Chord run:
// the ring's pointers agree with the node positions, a node that rejoins
// sits between the right neighbours and its group's segment shows the next
// view, a partition's two sides are shown while it lasts, the view history
// and Paxos rounds come out of the trace lines, and the key inspector finds
// the key's group and replicas. The pointer check is shown to fail on a
// deliberately broken ring.
#include <QAbstractItemModelTester>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "cats/core/placement.h"
#include "runtime/sim/scenario.h"
#include "runtime/sim/scenario_file.h"
#include "runtime/sim/trace_file.h"
#include "snapshot_view/ring/cats_history.h"
#include "snapshot_view/ring/key_inspector.h"
#include "snapshot_view/ring/reconfiguration_panel.h"
#include "snapshot_view/ring/ring_canvas.h"
#include "snapshot_view/ring/ring_models.h"
#include "snapshot_view/ring/ring_view.h"
#include "snapshot_view/run_store.h"
#include "tests/timeouts.h"

using namespace catslab;
using namespace catslab::ui;
using namespace catslab::ui::ring;

namespace {

QString example(const QString& name) {
  return qEnvironmentVariable("CATSLAB_SOURCE_DIR") + QStringLiteral("/resources/examples/") + name;
}

// Runs a scenario with seed 1 and returns its records.
std::vector<trace::Record> record(const QString& scenarioFile) {
  auto scenario = sim::loadScenario(scenarioFile.toStdString());
  if (!scenario) qFatal("%s", scenario.error().c_str());
  std::vector<trace::Record> records;
  sim::SimulationOptions options;
  options.seed = 1;
  options.traceSink = [&records](const trace::Record& r) { records.push_back(r); };
  const sim::RunResult result = scenario->run(options);
  if (!result.passed()) qFatal("%s: %s", qPrintable(scenarioFile), result.error.c_str());
  return records;
}

// What a user checks by eye: every up node points to the next up node
// clockwise and back. Returns the mismatches ("n2 -> n5, ring says n4").
QStringList pointerMismatches(const RingSnapshot& snap) {
  QStringList up;
  for (const RingNode& n : snap.nodes) {
    if (n.status != NodeStatus::Down && n.status != NodeStatus::Left) up << n.id;
  }
  QStringList bad;
  for (int i = 0; i < up.size(); ++i) {
    const RingNode* n = snap.node(up[i]);
    const QString next = up[(i + 1) % up.size()];
    const QString prev = up[(i + up.size() - 1) % up.size()];
    const QString succ = n->successors.isEmpty() ? QString() : n->successors.front();
    if (succ != next) bad << QStringLiteral("%1 -> %2, ring says %3").arg(n->id, succ, next);
    if (n->predecessor != prev)
      bad << QStringLiteral("%1 <- %2, ring says %3").arg(n->id, n->predecessor, prev);
  }
  return bad;
}

int firstIndex(const RunStore& store, const std::function<bool(const trace::Record&)>& pred,
               int from = 0) {
  for (int i = from; i < store.recordCount(); ++i) {
    if (pred(store.record(i))) return i;
  }
  return -1;
}

bool isLog(const trace::Record& r, const char* node, const QString& prefix) {
  return r.node() == node && catsLogText(r).startsWith(prefix);
}

}  // namespace

class tst_ring_view : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    churn_.append(record(example(QStringLiteral("cats/churn.json"))));
    partition_.append(record(example(QStringLiteral("cats/partition.json"))));
    QVERIFY(churn_.recordCount() > 1000);
  }

  void ringPointersFollowPositions() {
    const RingSnapshot snap = buildRing(churn_.stateAfter(churn_.recordCount() - 1));
    QCOMPARE(snap.kind, RingKind::Cats);
    QCOMPARE(snap.nodes.size(), std::size_t{6});
    QCOMPARE(snap.slices, 32);
    for (std::size_t i = 0; i < snap.nodes.size(); ++i) {
      const RingNode& n = snap.nodes[i];
      QCOMPARE(n.position, cats::nodePosition(n.id.toStdString()));
      if (i > 0) QVERIFY(snap.nodes[i - 1].position < n.position);
      // n6 left gracefully at 9 s: still up, in no group.
      QCOMPARE(n.status, n.id == QStringLiteral("n6") ? NodeStatus::Left : NodeStatus::Ready);
    }
    const QStringList bad = pointerMismatches(snap);
    QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QStringLiteral("; "))));
    // Every group has a settled view of three members at the end.
    QCOMPARE(snap.groups.size(), std::size_t{32});
    for (const GroupArc& g : snap.groups) {
      QVERIFY2(g.settled(), qPrintable(QStringLiteral("group %1 v%2").arg(g.slice).arg(g.vid)));
      QCOMPARE(g.members.size(), 3);
      QVERIFY(!g.members.contains(QStringLiteral("n6")));
    }
  }

  // The check above is not vacuous: a node whose successor pointer skips a
  // node, and a node drawn at a wrong position, are both reported.
  void brokenRingIsCaught() {
    sim::GlobalState state = churn_.stateAfter(churn_.recordCount() - 1);
    const RingSnapshot good = buildRing(state);
    QVERIFY(pointerMismatches(good).isEmpty());
    QStringList up;
    for (const RingNode& n : good.nodes) {
      if (n.status == NodeStatus::Ready) up << n.id;
    }
    QVERIFY(up.size() >= 4);
    // Skips one node.
    state.nodes.at(up[0].toStdString()).state["cats.successors"] =
        "[" + up[2].toStdString() + ", " + up[3].toStdString() + "]";
    QVERIFY(!pointerMismatches(buildRing(state)).isEmpty());
    // Drawn past its successor: the ring order changes under the pointers.
    sim::GlobalState moved = churn_.stateAfter(churn_.recordCount() - 1);
    moved.nodes.at(up[0].toStdString()).state["cats.ringId"] =
        std::to_string(good.node(up[2])->position + 1);
    QVERIFY(!pointerMismatches(buildRing(moved)).isEmpty());
  }

  // n3 and n5 crash and come back with their durable state (n3 within the
  // failure timeout, so its groups keep it; n5 after it, so it is replaced
  // and taken back in). Once back, the returning node is drawn between its
  // ring neighbours, and a group that takes it in shows the next view.
  void rejoinedNodeSitsBetweenItsNeighboursWithTheNextView() {
    static const QRegularExpression joining(
        QStringLiteral(R"(^cats view slice=(\d+) installed v(\d+) \[[^\]]*\] status=joining)"));
    std::string node;
    int back = -1, joinedAt = -1, slice = -1;
    std::uint64_t vid = 0;
    for (const char* id : {"n3", "n5"}) {
      const int down = firstIndex(
          churn_, [id](const trace::Record& r) { return r.has_node_down() && r.node() == id; });
      QVERIFY(down > 0);
      QCOMPARE(buildRing(churn_.stateAfter(down)).node(QString::fromLatin1(id))->status,
               NodeStatus::Down);
      back = firstIndex(
          churn_, [id](const trace::Record& r) { return r.has_node_up() && r.node() == id; }, down);
      QVERIFY(back > down);
      joinedAt = firstIndex(
          churn_,
          [&](const trace::Record& r) {
            if (r.node() != id) return false;
            const auto m = joining.match(catsLogText(r));
            if (!m.hasMatch()) return false;
            slice = m.captured(1).toInt();
            vid = m.captured(2).toULongLong();
            return true;
          },
          back);
      node = id;
      if (joinedAt > 0) break;
    }
    QVERIFY2(joinedAt > back, "a restarted node joins a group again");
    const QString n3Id = QString::fromStdString(node);
    QVERIFY(vid >= 2);
    const int decided = churn_history().decisionIndex(slice, vid);
    QVERIFY(decided > 0 && decided < joinedAt);
    // Before the decision the group's segment shows the view before.
    QCOMPARE(buildRing(churn_.stateAfter(decided - 1)).group(slice)->vid, vid - 1);
    // Once its handoff is done, the segment shows the new view with the node ready in it.
    const int ready = firstIndex(
        churn_,
        [&](const trace::Record& r) {
          if (!isLog(r, node.c_str(),
                     QStringLiteral("cats handoff slice=%1 v%2 ").arg(slice).arg(vid)))
            return false;
          const QString t = QString::fromStdString(r.log().text());
          const auto m = QRegularExpression(QStringLiteral(R"((\d+) of (\d+) sources)")).match(t);
          return m.hasMatch() && m.captured(1) == m.captured(2);
        },
        joinedAt);
    QVERIFY2(ready > joinedAt, "the returning node's handoff completes");
    // The node's state record right after the line says it is ready.
    const int settled = firstIndex(
        churn_, [&](const trace::Record& r) { return r.node() == node && r.has_state(); }, ready);
    QVERIFY(settled > ready);
    const RingSnapshot after = buildRing(churn_.stateAfter(settled));
    const GroupArc* g = after.group(slice);
    QVERIFY(g);
    QVERIFY2(g->vid >= vid, qPrintable(QStringLiteral("v%1 < v%2").arg(g->vid).arg(vid)));
    QVERIFY(g->members.contains(n3Id));
    bool n3Ready = false;
    for (const Replica& r : g->replicas)
      n3Ready |= r.node == n3Id && r.status == QStringLiteral("ready");
    QVERIFY(n3Ready);
    // Between the right neighbours: its successor's predecessor is itself.
    const RingNode* n3 = after.node(n3Id);
    QVERIFY(n3 && n3->status != NodeStatus::Down);
    QStringList order;  // the nodes on the ring now
    for (const RingNode& n : after.nodes) {
      if (n.status != NodeStatus::Down && n.status != NodeStatus::Left) order << n.id;
    }
    const int i = order.indexOf(n3Id);
    QCOMPARE(n3->successors.front(), order[(i + 1) % order.size()]);
    QCOMPARE(after.node(n3->successors.front())->predecessor, n3Id);
    QCOMPARE(n3->predecessor, order[(i + order.size() - 1) % order.size()]);
  }

  // n4 is cut off from 5 s to 13 s: the ring shows the two sides while the
  // cut lasts, the others come to suspect n4, and nothing after the heal.
  void partitionShowsTheTwoSides() {
    RingView view(&partition_);
    const CatsHistory& h = view.history();
    const int cut = partition_.indexAtTime(6'000'000'000);
    const std::vector<PartitionCut> cuts = h.partitions(cut);
    QCOMPARE(cuts.size(), std::size_t{1});
    QCOMPARE(cuts.front().sideA, QStringList{QStringLiteral("n4")});
    QCOMPARE(cuts.front().sideB.size(), 5);
    const RingSnapshot during =
        buildRing(partition_.stateAfter(partition_.indexAtTime(12'000'000'000)),
                  h.partitions(partition_.indexAtTime(12'000'000'000)));
    QCOMPARE(during.sideOf(QStringLiteral("n4")), 1);
    QCOMPARE(during.sideOf(QStringLiteral("n1")), 2);
    QCOMPARE(during.node(QStringLiteral("n4"))->status, NodeStatus::Suspected);
    const int healed = partition_.indexAtTime(20'000'000'000);
    QVERIFY(h.partitions(healed).empty());
    QVERIFY(h.partitions(partition_.indexAtTime(4'000'000'000)).empty());
  }

  void viewHistoryAndPaxosRoundsComeFromTheTrace() {
    RingView view(&churn_);
    const CatsHistory& h = view.history();
    const int end = churn_.recordCount() - 1;
    const RingSnapshot snap = buildRing(churn_.stateAfter(end));
    for (const GroupArc& g : snap.groups) {
      const std::vector<ViewStep> views = h.views(g.slice, end);
      QVERIFY(!views.empty());
      for (std::size_t i = 0; i < views.size(); ++i) QCOMPARE(views[i].vid, i + 1);
      QCOMPARE(views.back().vid, g.vid);
      QCOMPARE(views.back().members, g.members);
      for (std::size_t i = 1; i < views.size(); ++i) {
        QVERIFY2(!views[i].proposer.isEmpty() && views[i].decidedNs >= 0,
                 qPrintable(QStringLiteral("group %1 v%2").arg(g.slice).arg(views[i].vid)));
      }
      QVERIFY(!h.roundInProgress(g.slice, end));
    }
    // Between a prepare and the decision, the round is under way.
    const int prepare = firstIndex(churn_, [](const trace::Record& r) {
      return r.has_log() &&
             QString::fromStdString(r.log().text()).contains(QStringLiteral(" prepare ballot "));
    });
    QVERIFY(prepare > 0);
    const QString text = QString::fromStdString(churn_.record(prepare).log().text());
    const int slice =
        QRegularExpression(QStringLiteral("slice=(\\d+)")).match(text).captured(1).toInt();
    auto round = h.roundInProgress(slice, prepare);
    QVERIFY(round);
    QCOMPARE(round->phase, QStringLiteral("prepare"));
    QCOMPARE(round->proposer, QString::fromStdString(churn_.record(prepare).node()));
    QVERIFY(!h.roundInProgress(slice, prepare - 1) ||
            h.roundInProgress(slice, prepare - 1)->ballot != round->ballot);
    const int decided = h.decisionIndex(slice, round->vid);
    QVERIFY(decided > prepare);
    QVERIFY(!h.roundInProgress(slice, decided));

    ReconfigurationPanel panel;
    panel.show(h, 32, slice, prepare);
    QVERIFY2(panel.progressText().contains(QStringLiteral("Paxos round under way")),
             qPrintable(panel.progressText()));
    QAbstractItemModelTester tester(panel.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.show(h, 32, slice, end);
    QCOMPARE(panel.model()->rowCount(), static_cast<int>(h.views(slice, end).size()));
  }

  void keyInspectorFindsTheGroupAndReplicas() {
    const int end = churn_.recordCount() - 1;
    const RingSnapshot snap = buildRing(churn_.stateAfter(end));
    const auto ops = keyOperations(churn_, QStringLiteral("a"), end);
    QVERIFY(ops.size() > 10);
    const KeyReport rep = inspectKey(QStringLiteral("a"), snap, churn_.stateAfter(end), ops);
    QCOMPARE(rep.slice, static_cast<int>(cats::sliceOf("a", 32)));
    QCOMPARE(rep.members, snap.group(rep.slice)->members);
    QCOMPARE(rep.vid, snap.group(rep.slice)->vid);
    QCOMPARE(rep.replicas.size(), std::size_t{3});
    // The operations name the group that served them.
    for (const KeyOperation& op : ops) QCOMPARE(op.group, rep.slice);
    int known = 0;
    for (const KeyReplica& r : rep.replicas) known += r.holds == QStringLiteral("yes");
    QVERIFY2(known >= 2, "a majority acknowledged the last writes");

    // "Watch on every node" asks for the typed key.
    KeyInspector inspector(&churn_);
    QSignalSpy watch(&inspector, &KeyInspector::watchRequested);
    inspector.setKey(QStringLiteral("a"));
    inspector.findChild<QPushButton*>()->click();
    QCOMPARE(watch.size(), 1);
    QCOMPARE(watch.front().front().toString(), QStringLiteral("a"));

    KeyReplicaModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setReplicas(rep.replicas);
    QCOMPARE(model.rowCount(), 3);
  }

  // A watched key (CATS "watch" param or console command) gives each
  // replica's exact version; "none" says the replica does not hold it.
  void watchedKeyGivesExactVersions() {
    const int end = churn_.recordCount() - 1;
    sim::GlobalState state = churn_.stateAfter(end);
    const RingSnapshot snap = buildRing(state);
    const GroupArc* g = snap.group(static_cast<int>(cats::sliceOf("a", 32)));
    QVERIFY(g && g->members.size() == 3);
    state.nodes.at(g->members[0].toStdString()).state["cats.watch.a"] = "41.n2 'exact'";
    state.nodes.at(g->members[1].toStdString()).state["cats.watch.a"] = "none";
    const KeyReport rep = inspectKey(QStringLiteral("a"), snap, state, {});
    QCOMPARE(rep.replicas[0].holds, QStringLiteral("yes"));
    QCOMPARE(rep.replicas[0].version, QStringLiteral("41.n2 'exact'"));
    QCOMPARE(rep.replicas[0].source, QStringLiteral("watched (exact)"));
    QCOMPARE(rep.replicas[1].holds, QStringLiteral("no"));
    QVERIFY(rep.replicas[2].source != QStringLiteral("watched (exact)"));
  }

  void nodeTableAndCanvasGeometry() {
    RingNodeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const RingSnapshot snap = buildRing(churn_.stateAfter(churn_.recordCount() - 1));
    model.setSnapshot(snap);
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.index(0, RingNodeModel::Node).data().toString(), snap.nodes.front().id);

    RingCanvas canvas;
    canvas.resize(700, 700);
    canvas.setSnapshot(snap, QStringLiteral("test"));
    // Clockwise from the top: angles grow along the ring order.
    double last = -1;
    for (const RingNode& n : snap.nodes) {
      const QPointF c = canvas.nodeCentre(n.id) - QPointF(350, 360);
      double a = std::atan2(c.x(), -c.y());
      if (a < 0) a += 2 * M_PI;
      QVERIFY(a > last);
      last = a;
      QCOMPARE(canvas.nodeAt(canvas.nodeCentre(n.id)), n.id);
    }
    QVERIFY(!canvas.grab().isNull());
  }

  // What a user runs: catslab renders each ring view of a trace file to a
  // PNG and exits 0; bad arguments exit 2 with a message naming them.
  void commandLineRendersEachView_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("ring") << QStringList{QStringLiteral("--view"), QStringLiteral("ring")} << 0
                          << QString();
    QTest::newRow("reconfiguration")
        << QStringList{QStringLiteral("--view"), QStringLiteral("reconfiguration"),
                       QStringLiteral("--group"), QStringLiteral("16")}
        << 0 << QString();
    QTest::newRow("key") << QStringList{QStringLiteral("--view"), QStringLiteral("key"),
                                        QStringLiteral("--key"), QStringLiteral("a")}
                         << 0 << QString();
    QTest::newRow("bad view") << QStringList{QStringLiteral("--view"), QStringLiteral("rings")} << 2
                              << QStringLiteral("unknown view 'rings'");
    QTest::newRow("bad group") << QStringList{QStringLiteral("--group"), QStringLiteral("x")} << 2
                               << QStringLiteral("--group needs a group number");
  }
  void commandLineRendersEachView() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString app = qEnvironmentVariable("CATSLAB_BIN_DIR") + QStringLiteral("/catslab");
    if (!QFileInfo::exists(app)) QSKIP("catslab is not built");
    QTemporaryDir dir;
    const QString trace = dir.filePath(QStringLiteral("churn.trace"));
    {
      auto w = sim::TraceFileWriter::open(trace.toStdString());
      QVERIFY(w);
      for (int i = 0; i < churn_.recordCount(); ++i) (*w)->write(churn_.record(i));
      QVERIFY((*w)->close());
    }
    const QString png = dir.filePath(QStringLiteral("view.png"));
    QProcess p;
    p.start(app, QStringList{QStringLiteral("--trace"), trace, QStringLiteral("--at"),
                             QStringLiteral("8")} +
                     args + QStringList{QStringLiteral("--screenshot"), png});
    QVERIFY(p.waitForFinished(catslab::testing::scaledMs(60000)));
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

  void chordRing() {
    RunStore store;
    store.append(record(example(QStringLiteral("chord/scenario.json"))));
    const RingSnapshot snap = buildRing(store.stateAfter(store.recordCount() - 1));
    QCOMPARE(snap.kind, RingKind::Chord);
    QVERIFY(snap.groups.empty());
    int ready = 0;
    for (const RingNode& n : snap.nodes) ready += n.status == NodeStatus::Ready;
    QVERIFY(ready >= 3);
    const QStringList bad = pointerMismatches(snap);
    QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QStringLiteral("; "))));
  }

 private:
  const CatsHistory& churn_history() {
    if (!churnView_) churnView_ = std::make_unique<RingView>(&churn_);
    return churnView_->history();
  }

  RunStore churn_;
  RunStore partition_;
  std::unique_ptr<RingView> churnView_;
};

QTEST_MAIN(tst_ring_view)
#include "tst_ring_view.moc"
