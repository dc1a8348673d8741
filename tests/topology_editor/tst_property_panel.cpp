// The property panel applies valid edits as undoable steps and refuses
// invalid ones visibly: the field is highlighted, the reason is shown, and
// the text the user typed stays — also after looking at another node.
#include <QCheckBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTest>

#include "topology_editor/link_model_editor.h"
#include "topology_editor/property_panel.h"

using namespace catslab::ui;

namespace {
const char kStart[] = R"({
  "name": "start",
  "defaultLink": {"latency": {"meanMs": 10}},
  "nodes": [
    {"id": "n1", "port": 7001, "stack": "ping", "x": 0, "y": 0},
    {"id": "n2", "port": 7002, "stack": "ping", "x": 100, "y": 0}
  ],
  "links": [{"a": "n1", "b": "n2"}]
})";

void type(QWidget* w, const QString& text) {
  if (auto* e = qobject_cast<QLineEdit*>(w)) {
    e->setFocus();
    e->selectAll();
    QTest::keyClicks(e, text);
    emit e->editingFinished();
  }
}
}  // namespace

class tst_PropertyPanel : public QObject {
  Q_OBJECT
 private slots:
  void init();
  void cleanup();
  void validEditAppliesAndUndoes();
  void invalidPortStaysHighlightedWithReason();
  void invalidTextSurvivesSelectingAnotherNode();
  void renameKeepsPanelOnNode();
  void linkLossOutOfRangeIsRefused();
  void scriptLinesBecomeScriptSteps();
  void bindEditSavesLoadsAndUndoes();
  void bindThatIsNotAnIpAddressIsRefused();

 private:
  TopologyDocument* doc_ = nullptr;
  PropertyPanel* panel_ = nullptr;
};

void tst_PropertyPanel::init() {
  doc_ = new TopologyDocument;
  QVERIFY(!doc_->openJson(QString::fromUtf8(kStart), QStringLiteral("start")));
  panel_ = new PropertyPanel(doc_);
  panel_->show();
  panel_->activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(panel_));
}

void tst_PropertyPanel::cleanup() {
  delete panel_;
  delete doc_;
}

void tst_PropertyPanel::validEditAppliesAndUndoes() {
  panel_->showNode(QStringLiteral("n2"));
  type(panel_->fieldWidget(QStringLiteral("port")), QStringLiteral("8123"));
  QCOMPARE(doc_->model()->node(1).port(), 8123u);
  QVERIFY(panel_->errorText().isEmpty());
  doc_->undoStack()->undo();
  QCOMPARE(doc_->model()->node(1).port(), 7002u);
  // The panel follows the model on undo.
  QCOMPARE(qobject_cast<QLineEdit*>(panel_->fieldWidget(QStringLiteral("port")))->text(),
           QStringLiteral("7002"));
}

void tst_PropertyPanel::invalidPortStaysHighlightedWithReason() {
  panel_->showNode(QStringLiteral("n1"));
  auto* port = qobject_cast<QLineEdit*>(panel_->fieldWidget(QStringLiteral("port")));
  type(port, QStringLiteral("70000"));
  QCOMPARE(doc_->model()->node(0).port(), 7001u);   // not applied
  QCOMPARE(port->text(), QStringLiteral("70000"));  // not lost
  QVERIFY(isMarkedInvalid(port));
  QVERIFY2(panel_->errorText().contains(QStringLiteral("65535")), qPrintable(panel_->errorText()));
  QCOMPARE(doc_->undoStack()->count(), 0);

  type(port, QStringLiteral("seven"));
  QVERIFY(panel_->errorText().contains(QStringLiteral("not a port number")));

  type(port, QStringLiteral("7010"));  // fixing it clears the error
  QVERIFY(!isMarkedInvalid(port));
  QVERIFY(panel_->errorText().isEmpty());
  QCOMPARE(doc_->model()->node(0).port(), 7010u);
}

void tst_PropertyPanel::invalidTextSurvivesSelectingAnotherNode() {
  panel_->showNode(QStringLiteral("n1"));
  auto* id = qobject_cast<QLineEdit*>(panel_->fieldWidget(QStringLiteral("id")));
  type(id, QStringLiteral("n2"));  // duplicate
  QVERIFY(isMarkedInvalid(id));
  QVERIFY(panel_->errorText().contains(QStringLiteral("duplicate")));
  panel_->showNode(QStringLiteral("n2"));
  QCOMPARE(id->text(), QStringLiteral("n2"));
  QVERIFY(!isMarkedInvalid(id));
  panel_->showNode(QStringLiteral("n1"));
  QCOMPARE(id->text(), QStringLiteral("n2"));  // the draft came back
  QVERIFY(isMarkedInvalid(id));
  QVERIFY(panel_->errorText().contains(QStringLiteral("duplicate")));
}

void tst_PropertyPanel::renameKeepsPanelOnNode() {
  panel_->showNode(QStringLiteral("n1"));
  type(panel_->fieldWidget(QStringLiteral("id")), QStringLiteral("alpha"));
  QCOMPARE(doc_->model()->node(0).id(), std::string("alpha"));
  QCOMPARE(panel_->currentNodeId(), QStringLiteral("alpha"));
  QCOMPARE(doc_->model()->link(0).a(), std::string("alpha"));
}

void tst_PropertyPanel::linkLossOutOfRangeIsRefused() {
  panel_->showLink(0);
  auto* useDefault = panel_->findChild<QCheckBox*>(QStringLiteral("useDefault"));
  QVERIFY(useDefault->isChecked());
  useDefault->setChecked(false);  // the link gets its own model
  QVERIFY(doc_->model()->link(0).has_model());
  auto* editor = panel_->findChild<LinkModelEditor*>(QStringLiteral("linkEditor"));
  auto* loss = editor->findChild<QLineEdit*>(QStringLiteral("loss"));
  type(loss, QStringLiteral("1.5"));
  QVERIFY(isMarkedInvalid(loss));
  QCOMPARE(loss->text(), QStringLiteral("1.5"));
  QCOMPARE(doc_->model()->link(0).model().loss(), 0.0);
  QVERIFY(panel_->errorText().contains(QStringLiteral("probability")));
  type(loss, QStringLiteral("0.2"));
  QVERIFY2(panel_->errorText().isEmpty(), qPrintable(panel_->errorText()));
  QCOMPARE(doc_->model()->link(0).model().loss(), 0.2);
  QCOMPARE(doc_->model()->topology().default_link().loss(), 0.0);  // only this link
}

void tst_PropertyPanel::scriptLinesBecomeScriptSteps() {
  panel_->showNode(QStringLiteral("n1"));
  auto* script = panel_->findChild<QPlainTextEdit*>(QStringLiteral("script"));
  auto* other = qobject_cast<QLineEdit*>(panel_->fieldWidget(QStringLiteral("label")));
  script->setFocus();
  script->setPlainText(QStringLiteral("500 ping all\n1500 ping n2"));
  other->setFocus();  // focus out commits
  QTRY_COMPARE(doc_->model()->node(0).script_size(), 2);
  QCOMPARE(doc_->model()->node(0).script(1).at_ms(), 1500.0);
  QCOMPARE(doc_->model()->node(0).script(1).command(), std::string("ping n2"));
  script->setFocus();
  script->setPlainText(QStringLiteral("soon ping all"));
  other->setFocus();
  QTRY_VERIFY(isMarkedInvalid(script));
  QVERIFY(panel_->errorText().contains(QStringLiteral("line 1")));
  QCOMPARE(doc_->model()->node(0).script_size(), 2);
}

// The bind address goes through the form like host and port: one undo step,
// written to the file for the node that has one (and only for it), and read
// back into the form from the file.
void tst_PropertyPanel::bindEditSavesLoadsAndUndoes() {
  panel_->showNode(QStringLiteral("n1"));
  auto* bind = qobject_cast<QLineEdit*>(panel_->fieldWidget(QStringLiteral("bind")));
  QVERIFY(bind);
  QVERIFY(bind->text().isEmpty());
  type(bind, QStringLiteral("0.0.0.0"));
  QVERIFY2(panel_->errorText().isEmpty(), qPrintable(panel_->errorText()));
  QCOMPARE(doc_->model()->node(0).bind(), std::string("0.0.0.0"));
  QCOMPARE(doc_->undoStack()->count(), 1);

  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("bind.json"));
  QVERIFY(!doc_->save(path));
  QFile file(path);
  QVERIFY(file.open(QIODevice::ReadOnly));
  const QJsonArray nodes = QJsonDocument::fromJson(file.readAll()).object()[u"nodes"].toArray();
  QCOMPARE(nodes.size(), 2);
  QCOMPARE(nodes[0].toObject()[u"bind"].toString(), QStringLiteral("0.0.0.0"));
  QVERIFY(!nodes[1].toObject().contains(u"bind"));  // omitted when empty

  TopologyDocument reopened;
  QVERIFY(!reopened.open(path));
  QCOMPARE(reopened.model()->node(0).bind(), std::string("0.0.0.0"));
  QVERIFY(reopened.model()->node(1).bind().empty());
  PropertyPanel other(&reopened);
  other.showNode(QStringLiteral("n1"));
  QCOMPARE(qobject_cast<QLineEdit*>(other.fieldWidget(QStringLiteral("bind")))->text(),
           QStringLiteral("0.0.0.0"));

  doc_->undoStack()->undo();
  QVERIFY(doc_->model()->node(0).bind().empty());
  QVERIFY(bind->text().isEmpty());  // the panel follows the undo
  QVERIFY(!doc_->toJson().contains(QStringLiteral("\"bind\"")));
  doc_->undoStack()->redo();
  QCOMPARE(bind->text(), QStringLiteral("0.0.0.0"));
}

void tst_PropertyPanel::bindThatIsNotAnIpAddressIsRefused() {
  panel_->showNode(QStringLiteral("n2"));
  auto* bind = qobject_cast<QLineEdit*>(panel_->fieldWidget(QStringLiteral("bind")));
  type(bind, QStringLiteral("my-laptop.local"));
  QVERIFY(doc_->model()->node(1).bind().empty());             // not applied
  QCOMPARE(bind->text(), QStringLiteral("my-laptop.local"));  // not lost
  QVERIFY(isMarkedInvalid(bind));
  QVERIFY(!isMarkedInvalid(panel_->fieldWidget(QStringLiteral("host"))));
  QVERIFY2(panel_->errorText().contains(QStringLiteral("nodes[1].bind")) &&
               panel_->errorText().contains(QStringLiteral("is not an IP address")),
           qPrintable(panel_->errorText()));
  QCOMPARE(doc_->undoStack()->count(), 0);

  type(bind, QStringLiteral("::"));  // every interface, IPv6
  QVERIFY(!isMarkedInvalid(bind));
  QVERIFY(panel_->errorText().isEmpty());
  QCOMPARE(doc_->model()->node(1).bind(), std::string("::"));
}

QTEST_MAIN(tst_PropertyPanel)
#include "tst_property_panel.moc"
