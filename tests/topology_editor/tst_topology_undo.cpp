// Every edit a user makes in the editor can be undone and redone, and
// undoing everything gives back exactly the topology that was opened.
#include <QSignalSpy>
#include <QTest>

#include "runtime/topology.h"
#include "topology_editor/topology_document.h"

using namespace catslab::ui;

namespace {
const char kStart[] = R"({
  "name": "start",
  "defaultLink": {"latency": {"meanMs": 10}},
  "nodes": [
    {"id": "n1", "port": 7001, "stack": "ping", "x": 0, "y": 0},
    {"id": "n2", "port": 7002, "stack": "ping", "x": 100, "y": 0},
    {"id": "n3", "port": 7003, "stack": "ping", "x": 50, "y": 80}
  ],
  "links": [{"a": "n1", "b": "n2"}, {"a": "n2", "b": "n3"}]
})";

QString json(const TopologyDocument& doc) { return doc.toJson(); }
}  // namespace

class tst_TopologyUndo : public QObject {
  Q_OBJECT
 private slots:
  void eachEditUndoesAndRedoes_data();
  void eachEditUndoesAndRedoes();
  void undoAllRestoresOpenedFile();
  void deletingNodeRestoresItsLinksOnUndo();
  void invalidEditIsNotApplied_data();
  void invalidEditIsNotApplied();
  void saveMarksClean();
};

using Edit = std::function<void(TopologyDocument&)>;
Q_DECLARE_METATYPE(Edit)

void tst_TopologyUndo::eachEditUndoesAndRedoes_data() {
  QTest::addColumn<Edit>("edit");
  QTest::addColumn<QString>("undoText");
  QTest::newRow("add node") << Edit([](TopologyDocument& d) {
    d.addNode({200, 200});
  }) << QStringLiteral("Add node n4");
  QTest::newRow("move") << Edit([](TopologyDocument& d) {
    d.moveNodes({{QStringLiteral("n1"), QPointF(-40, 30)}});
  }) << QStringLiteral("Move node n1");
  QTest::newRow("edit node") << Edit([](TopologyDocument& d) {
    pb::Node n = d.model()->node(1);
    n.set_port(9999);
    (*n.mutable_params())["k"] = "v";
    n.add_script()->set_command("ping n1");
    QVERIFY(!d.editNode(1, n));
  }) << QStringLiteral("Edit node n2");
  QTest::newRow("edit bind") << Edit([](TopologyDocument& d) {
    pb::Node n = d.model()->node(2);
    n.set_bind("0.0.0.0");
    QVERIFY(!d.editNode(2, n));
  }) << QStringLiteral("Edit node n3");
  QTest::newRow("add link") << Edit([](TopologyDocument& d) {
    QVERIFY(!d.addLink(QStringLiteral("n3"), QStringLiteral("n1")));
  }) << QStringLiteral("Add link n3 – n1");
  QTest::newRow("edit link") << Edit([](TopologyDocument& d) {
    pb::Link l = d.model()->link(0);
    l.mutable_model()->set_loss(0.25);
    l.mutable_model()->set_down(true);
    QVERIFY(!d.editLink(0, l));
  }) << QStringLiteral("Edit link n1 – n2");
  QTest::newRow("delete link") << Edit([](TopologyDocument& d) { d.removeLinks({1}); })
                               << QStringLiteral("Delete 1 link(s)");
  QTest::newRow("default link") << Edit([](TopologyDocument& d) {
    pb::LinkModel m;
    m.mutable_latency()->set_kind(pb::LatencyModel::EXPONENTIAL);
    m.mutable_latency()->set_mean_ms(33);
    QVERIFY(!d.editDefaultLink(m));
  }) << QStringLiteral("Edit default link");
  QTest::newRow("meta") << Edit([](TopologyDocument& d) {
    QVERIFY(!d.editMeta(QStringLiteral("renamed"), QStringLiteral("d"), QStringLiteral("n2")));
  }) << QStringLiteral("Edit topology properties");
  QTest::newRow("circle layout") << Edit([](TopologyDocument& d) { d.applyCircleLayout(); })
                                 << QStringLiteral("Arrange nodes in a circle");
}

void tst_TopologyUndo::eachEditUndoesAndRedoes() {
  QFETCH(Edit, edit);
  QFETCH(QString, undoText);
  TopologyDocument doc;
  QVERIFY(!doc.openJson(QString::fromUtf8(kStart), QStringLiteral("start")));
  const QString before = json(doc);
  edit(doc);
  const QString after = json(doc);
  QVERIFY(after != before);
  QVERIFY(doc.isModified());
  QCOMPARE(doc.undoStack()->undoText(), undoText);
  doc.undoStack()->undo();
  QCOMPARE(json(doc), before);
  QVERIFY(!doc.isModified());
  doc.undoStack()->redo();
  QCOMPARE(json(doc), after);
}

void tst_TopologyUndo::undoAllRestoresOpenedFile() {
  TopologyDocument doc;
  QVERIFY(!doc.openJson(QString::fromUtf8(kStart), QStringLiteral("start")));
  const QString before = json(doc);
  const QString id = doc.addNode({10, 300});
  QVERIFY(!doc.addLink(id, QStringLiteral("n2")));
  doc.moveNodes({{id, QPointF(20, 320)}, {QStringLiteral("n1"), QPointF(1, 1)}});
  pb::Node n = doc.model()->node(0);
  n.set_id("renamed");
  QVERIFY(!doc.editNode(0, n));
  doc.removeNodes({QStringLiteral("n2")});
  const QString after = json(doc);
  QCOMPARE(doc.model()->nodeCount(), 3);
  QCOMPARE(doc.model()->linkCount(), 0);  // both links touched n2
  while (doc.undoStack()->canUndo()) doc.undoStack()->undo();
  QCOMPARE(json(doc), before);
  while (doc.undoStack()->canRedo()) doc.undoStack()->redo();
  QCOMPARE(json(doc), after);
}

void tst_TopologyUndo::deletingNodeRestoresItsLinksOnUndo() {
  TopologyDocument doc;
  QVERIFY(!doc.openJson(QString::fromUtf8(kStart), QStringLiteral("start")));
  doc.removeNodes({QStringLiteral("n2"), QStringLiteral("n1")});
  QCOMPARE(doc.model()->nodeCount(), 1);
  QCOMPARE(doc.undoStack()->count(), 1);  // one user action, one undo step
  doc.undoStack()->undo();
  QCOMPARE(doc.model()->nodeCount(), 3);
  QCOMPARE(doc.model()->linkCount(), 2);
  QCOMPARE(doc.model()->linkRow(QStringLiteral("n2"), QStringLiteral("n3")), 1);
}

void tst_TopologyUndo::invalidEditIsNotApplied_data() {
  QTest::addColumn<Edit>("edit");
  QTest::newRow("duplicate id") << Edit([](TopologyDocument& d) {
    pb::Node n = d.model()->node(0);
    n.set_id("n2");
    const auto e = d.editNode(0, n);
    QVERIFY(e && e->field.endsWith(QStringLiteral(".id")) &&
            e->reason.contains(QStringLiteral("duplicate")));
  });
  QTest::newRow("port too large") << Edit([](TopologyDocument& d) {
    pb::Node n = d.model()->node(2);
    n.set_port(70000);
    const auto e = d.editNode(2, n);
    QVERIFY(e && e->reason.contains(QStringLiteral("70000")));
  });
  QTest::newRow("bind not an IP address") << Edit([](TopologyDocument& d) {
    pb::Node n = d.model()->node(1);
    n.set_bind("example.org");
    const auto e = d.editNode(1, n);
    QVERIFY(e && e->field == QStringLiteral("nodes[1].bind") &&
            e->reason.contains(QStringLiteral("not an IP address")));
  });
  QTest::newRow("loss above 1") << Edit([](TopologyDocument& d) {
    pb::Link l = d.model()->link(1);
    l.mutable_model()->set_loss(1.5);
    QCOMPARE(d.editLink(1, l)->field, QStringLiteral("links[1].model.loss"));
  });
  QTest::newRow("self link") << Edit(
      [](TopologyDocument& d) { QVERIFY(d.addLink(QStringLiteral("n1"), QStringLiteral("n1"))); });
  QTest::newRow("duplicate link") << Edit(
      [](TopologyDocument& d) { QVERIFY(d.addLink(QStringLiteral("n2"), QStringLiteral("n1"))); });
}

void tst_TopologyUndo::invalidEditIsNotApplied() {
  QFETCH(Edit, edit);
  TopologyDocument doc;
  QVERIFY(!doc.openJson(QString::fromUtf8(kStart), QStringLiteral("start")));
  const QString before = json(doc);
  edit(doc);
  QCOMPARE(json(doc), before);
  QCOMPARE(doc.undoStack()->count(), 0);
}

void tst_TopologyUndo::saveMarksClean() {
  TopologyDocument doc;
  QVERIFY(!doc.openJson(QString::fromUtf8(kStart), QStringLiteral("start")));
  QSignalSpy modified(&doc, &TopologyDocument::modifiedChanged);
  doc.addNode({0, 0});
  QCOMPARE(modified.count(), 1);
  QVERIFY(doc.isModified());
  QTemporaryDir dir;
  QVERIFY(!doc.save(dir.filePath(QStringLiteral("t.json"))));
  QVERIFY(!doc.isModified());
  QCOMPARE(modified.last().first().toBool(), false);
}

QTEST_MAIN(tst_TopologyUndo)
#include "tst_topology_undo.moc"
