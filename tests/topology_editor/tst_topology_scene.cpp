// The canvas mirrors the model and turns gestures into document edits:
// moving a node is one undoable step, Shift+drag links two nodes.
#include <QSignalSpy>
#include <QTest>

#include "topology_editor/link_item.h"
#include "topology_editor/topology_document.h"
#include "topology_editor/topology_scene.h"
#include "topology_editor/topology_view.h"

using namespace catslab::ui;

namespace {
const char kStart[] = R"({
  "nodes": [
    {"id": "n1", "port": 7001, "stack": "ping", "x": 0, "y": 0},
    {"id": "n2", "port": 7002, "stack": "ping", "x": 200, "y": 0}
  ],
  "links": [{"a": "n1", "b": "n2"}]
})";
}

class tst_TopologyScene : public QObject {
  Q_OBJECT
 private slots:
  void mirrorsModel();
  void dragMovesNodeAsOneUndoStep();
  void shiftDragLinksNodes();
  void unplacedNodesGetCircleLayout();
};

void tst_TopologyScene::mirrorsModel() {
  TopologyDocument doc;
  QVERIFY(!doc.openJson(QString::fromUtf8(kStart), QStringLiteral("s")));
  TopologyScene scene(doc.model());
  QVERIFY(scene.nodeItem(QStringLiteral("n1")));
  QCOMPARE(scene.nodeItem(QStringLiteral("n2"))->pos(), QPointF(200, 0));
  doc.addNode({0, 200});
  QVERIFY(scene.nodeItem(QStringLiteral("n3")));
  doc.removeNodes({QStringLiteral("n1")});
  QVERIFY(!scene.nodeItem(QStringLiteral("n1")));
  doc.undoStack()->undo();
  QVERIFY(scene.nodeItem(QStringLiteral("n1")));
  int links = 0;
  const QList<QGraphicsItem*> items = scene.items();
  for (QGraphicsItem* i : items) links += i->type() == LinkItem::Type;
  QCOMPARE(links, 1);
}

void tst_TopologyScene::dragMovesNodeAsOneUndoStep() {
  TopologyDocument doc;
  QVERIFY(!doc.openJson(QString::fromUtf8(kStart), QStringLiteral("s")));
  TopologyScene scene(doc.model());
  connect(&scene, &TopologyScene::nodesMoved, &doc, &TopologyDocument::moveNodes);
  TopologyView view(&scene);
  view.resize(600, 400);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  view.centerOn(100, 0);
  const QPoint from = view.mapFromScene(QPointF(200, 0));
  const QPoint to = view.mapFromScene(QPointF(250, 60));
  QTest::mousePress(view.viewport(), Qt::LeftButton, {}, from);
  for (int i = 1; i <= 5; ++i) QTest::mouseMove(view.viewport(), from + (to - from) * i / 5);
  QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, to);
  QCOMPARE(doc.undoStack()->count(), 1);
  QVERIFY(doc.model()->node(1).x() > 220);
  doc.undoStack()->undo();
  QCOMPARE(doc.model()->node(1).x(), 200.0);
  QCOMPARE(scene.nodeItem(QStringLiteral("n2"))->pos(), QPointF(200, 0));
}

void tst_TopologyScene::shiftDragLinksNodes() {
  TopologyDocument doc;
  QVERIFY(!doc.openJson(QString::fromUtf8(kStart), QStringLiteral("s")));
  doc.addNode({100, 150});
  TopologyScene scene(doc.model());
  QSignalSpy spy(&scene, &TopologyScene::linkRequested);
  connect(&scene, &TopologyScene::linkRequested, &doc,
          [&doc](const QString& a, const QString& b) { QVERIFY(!doc.addLink(a, b)); });
  TopologyView view(&scene);
  view.resize(600, 400);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  view.centerOn(100, 70);
  const QPoint from = view.mapFromScene(QPointF(100, 150));
  const QPoint to = view.mapFromScene(QPointF(0, 0));
  QTest::mousePress(view.viewport(), Qt::LeftButton, Qt::ShiftModifier, from);
  QTest::mouseMove(view.viewport(), (from + to) / 2);
  QTest::mouseMove(view.viewport(), to);
  QTest::mouseRelease(view.viewport(), Qt::LeftButton, Qt::ShiftModifier, to);
  QCOMPARE(spy.count(), 1);
  QCOMPARE(doc.model()->linkRow(QStringLiteral("n3"), QStringLiteral("n1")), 1);
  QCOMPARE(doc.model()->node(2).x(), 100.0);  // the node did not move
}

void tst_TopologyScene::unplacedNodesGetCircleLayout() {
  TopologyDocument doc;
  QVERIFY(!doc.openJson(QStringLiteral(R"({"nodes": [{"id": "a"}, {"id": "b"}, {"id": "c"}]})"),
                        QStringLiteral("s")));
  QSet<QPair<double, double>> distinct;
  for (int i = 0; i < 3; ++i) distinct.insert({doc.model()->node(i).x(), doc.model()->node(i).y()});
  QCOMPARE(distinct.size(), 3);
  QCOMPARE(doc.model()->node(0).x(), 0.0);  // first node at the top
  QVERIFY(doc.model()->node(0).y() < 0);
}

QTEST_MAIN(tst_TopologyScene)
#include "tst_topology_scene.moc"
