// The main window as a user meets it: the bundled example opens, Simulate
// runs it, and seeking the timeline to a point shows that point's state in
// the node state view and on the canvas.
#include <QSlider>
#include <QTest>
#include <QTreeWidget>

#include "snapshot_view/node_state_view.h"
#include "snapshot_view/run_store.h"
#include "tests/timeouts.h"
#include "topology_editor/topology_document.h"
#include "topology_editor/topology_scene.h"
#include "ui/main_window.h"
#include "ui/simulation_backend.h"

using namespace catslab;
using namespace catslab::ui;

class tst_MainWindow : public QObject {
  Q_OBJECT
 private slots:
  void opensTopologyAndRejectsBadFile();
  void seekingTimelineShowsThatPointsState();
};

void tst_MainWindow::opensTopologyAndRejectsBadFile() {
  MainWindow w;
  const QString ping3 = qEnvironmentVariable("CATSLAB_SOURCE_DIR") +
                        QStringLiteral("/resources/topologies/ping3.json");
  QVERIFY(!w.openTopology(ping3));
  QCOMPARE(w.document()->model()->nodeCount(), 3);
  QVERIFY(w.windowTitle().startsWith(QStringLiteral("ping3.json")));
  const auto error = w.openTopology(QStringLiteral("/no/such/file.json"));
  QVERIFY(error && error->contains(QStringLiteral("/no/such/file.json")));
  QCOMPARE(w.document()->model()->nodeCount(), 3);  // still there
}

void tst_MainWindow::seekingTimelineShowsThatPointsState() {
  MainWindow w;
  w.show();
  const QString ping3 = qEnvironmentVariable("CATSLAB_SOURCE_DIR") +
                        QStringLiteral("/resources/topologies/ping3.json");
  QVERIFY(!w.openTopology(ping3));
  QVERIFY(!w.simulate(QString(), 5));
  w.simulation()->pause();
  w.simulation()->runUntil(1'500'000'000);
  QTRY_VERIFY_WITH_TIMEOUT(
      w.simulation()->virtualTimeNs() >= 1'500'000'000 && !w.simulation()->isPlaying(),
      catslab::testing::scaledMs(30000));
  RunStore* store = w.runStore();
  QVERIFY(store->recordCount() > 5);
  w.selectNode(QStringLiteral("n1"));
  QCOMPARE(w.nodeState()->node(), QStringLiteral("n1"));

  // Find the first record where n1's state changes, and seek right before it.
  int change = -1;
  for (int i = 0; i < store->recordCount() && change < 0; ++i)
    if (store->record(i).has_state() && store->record(i).node() == "n1") change = i;
  QVERIFY(change > 0);
  const sim::GlobalState before = store->stateAfter(change - 1);
  const sim::GlobalState at = store->stateAfter(change);
  QVERIFY(!(before == at));
  store->setCurrent(change - 1);
  auto texts = [&w] {
    QStringList out;
    QTreeWidgetItemIterator it(w.nodeState()->tree());
    for (; *it; ++it) out << (*it)->text(0) + QLatin1Char('=') + (*it)->text(1);
    return out;
  };
  const QStringList beforeTexts = texts();
  store->setCurrent(change);
  const QStringList atTexts = texts();
  QVERIFY2(beforeTexts != atTexts, qPrintable(atTexts.join(QLatin1Char(' '))));
  const auto& entry = store->record(change).state().entries(0);
  const QString leaf = QString::fromStdString(entry.key()).section(QLatin1Char('.'), -1);
  QVERIFY2(atTexts.contains(leaf + QLatin1Char('=') + QString::fromStdString(entry.value())),
           qPrintable(atTexts.join(QLatin1Char(' '))));
  // The canvas shows n1 up at that point.
  QCOMPARE(w.scene()->nodeItem(QStringLiteral("n1"))->status(), NodeStatus::Up);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_main_window.moc"
