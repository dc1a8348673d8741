// Every protocol example scenario in resources/examples/ passes its checks
// in the stress profile (work-stealing pool, real time) with 2 and 4
// workers. Each run takes the scenario's length in real time (2.5 to 12 s);
// the two runs of an example go side by side, CTest runs one example per test
// (`tst_stress_examples:chord`, ...) so `ctest -j2` overlaps them, and
// `everyExampleIsCovered` keeps that list complete.
//
//   tst_stress_examples passesItsChecks:chord    # one example, 2 and 4 workers at once
#include <QDir>
#include <QTest>
#include <future>

#include "runtime/sim/scenario.h"
#include "runtime/sim/scenario_file.h"

using namespace catslab;

namespace {

QString examplesDir() {
  return qEnvironmentVariable("CATSLAB_SOURCE_DIR") + QStringLiteral("/resources/examples");
}

QStringList examplesOnDisk() {
  QStringList out;
  const QDir dir(examplesDir());
  for (const QString& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    if (QFileInfo::exists(dir.filePath(name + QStringLiteral("/scenario.json")))) out << name;
  }
  return out;
}

}  // namespace

class tst_stress_examples : public QObject {
  Q_OBJECT
 private slots:
  void passesItsChecks_data() {
    QTest::addColumn<QString>("file");
    for (const QString& name : examplesOnDisk())
      QTest::newRow(qPrintable(name))
          << examplesDir() + QStringLiteral("/") + name + QStringLiteral("/scenario.json");
  }
  void passesItsChecks() {
    QFETCH(QString, file);
    auto loaded = sim::loadScenario(file.toStdString());
    QVERIFY2(loaded, loaded ? "" : loaded.error().c_str());
    const sim::Scenario& scenario = *loaded;
    // Both runs at once: the test takes the scenario's length once, and the
    // two systems load the machine as a stress test should.
    auto runWith = [&scenario](int workers) {
      sim::SimulationOptions o;
      o.seed = 1;
      o.profile = sim::Profile::Stress;
      o.workers = workers;
      return scenario.run(std::move(o));
    };
    auto two = std::async(std::launch::async, runWith, 2);
    auto four = std::async(std::launch::async, runWith, 4);
    const std::pair<int, sim::RunResult> runs[] = {{2, two.get()}, {4, four.get()}};
    for (const auto& [workers, r] : runs) {
      QString why = QString::fromStdString(r.error);
      for (const auto& f : r.failures)
        why += QStringLiteral("\n  check '%1' at %2 ms: %3")
                   .arg(QString::fromStdString(f.check))
                   .arg(static_cast<double>(f.timeNs) / 1e6, 0, 'f', 1)
                   .arg(QString::fromStdString(f.message));
      qInfo("%d workers: %llu events, %llu records, real %.2f s, checks %zu", workers,
            static_cast<unsigned long long>(r.events), static_cast<unsigned long long>(r.records),
            r.wallSeconds, r.checks);
      QVERIFY2(r.passed(), qPrintable(QStringLiteral("%1 workers:").arg(workers) + why));
      QVERIFY(r.checks > 0);
    }
  }

  // CTest registers one test per example from a list in CMake
  // (CATSLAB_STRESS_EXAMPLES); a new example must be added there.
  void everyExampleIsCovered() {
    const QStringList listed =
        qEnvironmentVariable("CATSLAB_STRESS_EXAMPLES").split(u',', Qt::SkipEmptyParts);
    if (listed.isEmpty()) QSKIP("run through CTest (it sets CATSLAB_STRESS_EXAMPLES)");
    const QStringList onDisk = examplesOnDisk();
    QVERIFY(!onDisk.isEmpty());
    for (const QString& name : onDisk)
      QVERIFY2(listed.contains(name),
               qPrintable(name + QStringLiteral(" has no stress test: add it to "
                                                "stress_examples in tests/sim/CMakeLists.txt")));
  }
};

QTEST_GUILESS_MAIN(tst_stress_examples)
#include "tst_stress_examples.moc"
