// "Launch locally" runs real catslab-node processes: three ping nodes come
// up, a console command gets its answer, and a node killed from the GUI is
// reported as crashed in its console and in the run's trace.
#include <QtTest>

#include "runtime/topology.h"
#include "snapshot_view/run_store.h"
#include "tests/timeouts.h"
#include "ui/process_backend.h"

using namespace catslab;
using namespace catslab::ui;

namespace {
// Ports from the process id, so parallel test runs do not collide.
topology::Topology threeNodes() {
  const quint16 base =
      20000 + static_cast<quint16>((QCoreApplication::applicationPid() % 4000) * 3);
  topology::Topology t;
  t.set_name("three");
  t.mutable_default_link()->mutable_latency()->set_mean_ms(5);
  for (int i = 1; i <= 3; ++i) {
    auto* n = t.add_nodes();
    n->set_id("n" + std::to_string(i));
    n->set_host("127.0.0.1");
    n->set_port(base + i);
    n->set_stack("ping");
  }
  return t;
}
}  // namespace

class tst_ProcessBackend : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void launchCommandKill();
};

void tst_ProcessBackend::initTestCase() {
  QVERIFY2(!ProcessBackend::nodeProgram().isEmpty(), "catslab-node not found in CATSLAB_BIN_DIR");
}

void tst_ProcessBackend::launchCommandKill() {
  RunStore store;
  ProcessBackend backend(&store);
  QHash<QString, QStringList> output;
  connect(&backend, &Backend::consoleOutput, this,
          [&output](const QString& node, const QString& text, bool) { output[node] << text; });
  QSignalSpy ready(&backend, &ProcessBackend::nodeReady);
  QSignalSpy exited(&backend, &Backend::nodeExited);
  const auto error = backend.launch(threeNodes());
  QVERIFY2(!error, qPrintable(error.value_or(QString())));
  QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, catslab::testing::scaledMs(20000));
  QCOMPARE(backend.nodes().size(), 3);

  backend.sendCommand(QStringLiteral("n1"), QStringLiteral("ping n2"));
  QTRY_VERIFY_WITH_TIMEOUT(output.value(QStringLiteral("n1"))
                               .join(QLatin1Char('\n'))
                               .contains(QStringLiteral("reply from n2")),
                           catslab::testing::scaledMs(20000));

  // The monitor socket streamed node-up records of all three.
  QTRY_VERIFY_WITH_TIMEOUT(store.stateAfter(store.recordCount() - 1).liveNodes().size() == 3,
                           catslab::testing::scaledMs(20000));

  backend.killNode(QStringLiteral("n3"));
  QTRY_COMPARE_WITH_TIMEOUT(exited.count(), 1, catslab::testing::scaledMs(20000));
  QCOMPARE(exited.first().at(0).toString(), QStringLiteral("n3"));
  QVERIFY2(exited.first().at(1).toString().contains(QStringLiteral("killed")),
           qPrintable(exited.first().at(1).toString()));
  QVERIFY(!backend.isNodeRunning(QStringLiteral("n3")));
  const sim::GlobalState after = store.stateAfter(store.recordCount() - 1);
  QVERIFY(after.node("n3") && !after.node("n3")->up);
  QVERIFY(after.node("n1")->up);

  QSignalSpy finished(&backend, &Backend::runFinished);
  backend.stop();
  QVERIFY(finished.wait(catslab::testing::scaledMs(20000)));
  QVERIFY(!backend.isRunning());
}

QTEST_MAIN(tst_ProcessBackend)
#include "tst_process_backend.moc"
