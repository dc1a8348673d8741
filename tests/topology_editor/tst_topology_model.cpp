// TopologyModel: a valid item model in every state, and a faithful view of
// the file: JSON -> document -> JSON gives back the same topology.
#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QTest>

#include "runtime/topology.h"
#include "topology_editor/topology_document.h"

using namespace catslab::ui;

namespace {
const char kThreeNodes[] = R"({
  "name": "three",
  "description": "a triangle",
  "bootstrap": "n1",
  "defaultLink": {"latency": {"meanMs": 10}},
  "nodes": [
    {"id": "n1", "host": "127.0.0.1", "port": 7001, "stack": "ping", "x": 0, "y": -100,
     "params": {"interval": "200"}, "script": [{"atMs": 500, "command": "ping all"}]},
    {"id": "n2", "host": "127.0.0.1", "port": 7002, "stack": "ping", "x": 90, "y": 50},
    {"id": "n3", "host": "127.0.0.1", "port": 7003, "stack": "ping", "x": -90, "y": 50,
     "label": "far away"}
  ],
  "links": [
    {"a": "n1", "b": "n2"},
    {"a": "n2", "b": "n3", "model": {"latency": {"kind": "UNIFORM", "minMs": 5, "maxMs": 40},
                                      "loss": 0.1, "jitterMs": 2}},
    {"a": "n3", "b": "n1", "model": {"latency": {"meanMs": 80}, "down": true},
     "aToB": {"latency": {"kind": "PARETO", "minMs": 3, "shape": 1.5}}}
  ]
})";
}  // namespace

class tst_TopologyModel : public QObject {
  Q_OBJECT
 private slots:
  void passesModelTesterThroughEdits();
  void showsNodesAndLinks();
  void roundTrip_data();
  void roundTrip();
  void openInvalidFileKeepsDocumentAndNamesField();
  void renamingNodeRenamesLinkEnds();
};

void tst_TopologyModel::passesModelTesterThroughEdits() {
  TopologyDocument doc;
  QAbstractItemModelTester tester(doc.model(),
                                  QAbstractItemModelTester::FailureReportingMode::QtTest);
  QVERIFY(!doc.openJson(QString::fromUtf8(kThreeNodes), QStringLiteral("three.json")));
  const QString id = doc.addNode(QPointF(10, 10));
  QVERIFY(!doc.addLink(id, QStringLiteral("n1")));
  doc.removeNodes({QStringLiteral("n2")});
  doc.undoStack()->undo();
  doc.undoStack()->undo();
  doc.undoStack()->redo();
  pb::Node n = doc.model()->node(0);
  n.set_id("first");
  QVERIFY(!doc.editNode(0, n));
  doc.removeLinks({0, 1});
  doc.newTopology();
  QCOMPARE(doc.model()->rowCount(doc.model()->index(TopologyModel::NodesGroup, 0)), 0);
}

void tst_TopologyModel::showsNodesAndLinks() {
  TopologyDocument doc;
  QVERIFY(!doc.openJson(QString::fromUtf8(kThreeNodes), QStringLiteral("three.json")));
  const TopologyModel* m = doc.model();
  QCOMPARE(m->rowCount(), 2);
  QCOMPARE(m->index(0, 0).data().toString(), QStringLiteral("Nodes (3)"));
  QCOMPARE(m->index(1, 0).data().toString(), QStringLiteral("Links (3)"));
  QCOMPARE(m->nodeIndex(2, TopologyModel::NameColumn).data().toString(),
           QStringLiteral("n3 (far away)"));
  QCOMPARE(m->nodeIndex(1, TopologyModel::DetailColumn).data().toString(),
           QStringLiteral("127.0.0.1:7002"));
  QCOMPARE(m->nodeIndex(0, TopologyModel::ExtraColumn).data().toString(), QStringLiteral("ping"));
  QCOMPARE(m->linkIndex(0, TopologyModel::DetailColumn).data().toString(),
           QStringLiteral("10 ms (default)"));
  QCOMPARE(m->linkIndex(1, TopologyModel::ExtraColumn).data().toString(), QStringLiteral("10%"));
  QCOMPARE(m->linkIndex(2, TopologyModel::StatusColumn).data().toString(), QStringLiteral("down"));
  QCOMPARE(m->nodeIndex(0).data(TopologyModel::PositionRole).toPointF(), QPointF(0, -100));
}

void tst_TopologyModel::roundTrip_data() {
  QTest::addColumn<QString>("json");
  QTest::newRow("three nodes, every link feature") << QString::fromUtf8(kThreeNodes);
  QTest::newRow("empty") << QStringLiteral(R"({"name": "empty"})");
  QTest::newRow("one node") << QStringLiteral(
      R"({"nodes": [{"id": "solo", "port": 9000, "stack": "ping", "x": 5, "y": 6}]})");
}

void tst_TopologyModel::roundTrip() {
  QFETCH(QString, json);
  auto original = catslab::runtime::parseTopology(json.toStdString(), "test");
  QVERIFY2(original.isOk(), original.error().c_str());

  QTemporaryDir dir;
  const QString in = dir.filePath(QStringLiteral("in.json"));
  QVERIFY(catslab::runtime::saveTopology(*original, in.toStdString()).isOk());
  TopologyDocument doc;
  const auto openError = doc.open(in);
  QVERIFY2(!openError, qPrintable(openError.value_or(QString())));
  QCOMPARE(doc.filePath(), in);
  QVERIFY(!doc.isModified());

  const QString out = dir.filePath(QStringLiteral("out.json"));
  QVERIFY(!doc.save(out));
  auto reread = catslab::runtime::loadTopology(out.toStdString());
  QVERIFY2(reread.isOk(), reread.error().c_str());
  QCOMPARE(QString::fromStdString(catslab::runtime::topologyToJson(*reread)),
           QString::fromStdString(catslab::runtime::topologyToJson(*original)));
}

void tst_TopologyModel::openInvalidFileKeepsDocumentAndNamesField() {
  TopologyDocument doc;
  QVERIFY(!doc.openJson(QString::fromUtf8(kThreeNodes), QStringLiteral("three.json")));
  QTemporaryDir dir;
  const QString bad = dir.filePath(QStringLiteral("bad.json"));
  QFile f(bad);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(R"({"nodes": [{"id": "a", "port": 1}, {"id": "a", "port": 2}]})");
  f.close();
  const auto error = doc.open(bad);
  QVERIFY(error);
  QVERIFY2(error->contains(bad) && error->contains(QStringLiteral("nodes[1].id")) &&
               error->contains(QStringLiteral("duplicate")),
           qPrintable(*error));
  QCOMPARE(doc.model()->nodeCount(), 3);  // nothing lost
}

void tst_TopologyModel::renamingNodeRenamesLinkEnds() {
  TopologyDocument doc;
  QVERIFY(!doc.openJson(QString::fromUtf8(kThreeNodes), QStringLiteral("three.json")));
  pb::Node n = doc.model()->node(0);
  n.set_id("alpha");
  QVERIFY(!doc.editNode(0, n));
  QCOMPARE(doc.model()->link(0).a(), std::string("alpha"));
  QCOMPARE(doc.model()->link(2).b(), std::string("alpha"));
  QCOMPARE(doc.model()->topology().bootstrap(), std::string("alpha"));
  doc.undoStack()->undo();
  QCOMPARE(doc.model()->link(0).a(), std::string("n1"));
  QCOMPARE(doc.model()->topology().bootstrap(), std::string("n1"));
}

QTEST_MAIN(tst_TopologyModel)
#include "tst_topology_model.moc"
