// File → Examples: every bundled example is listed with its description and
// its own lesson (what to watch, what to try, what its checks prove) from the
// lesson file beside its scenario — a new example's lesson file is shown, and
// one without gets the generic lesson of its stack; a broken
// scenario is listed with its error and cannot be opened; opening an
// example loads its topology, simulates its scenario and shows the lesson.
#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

#include "topology_editor/topology_document.h"
#include "topology_editor/topology_model.h"
#include "ui/examples.h"
#include "ui/examples_dialog.h"
#include "ui/main_window.h"
#include "ui/simulation_backend.h"

using namespace catslab::ui;

namespace {
QString examples() {
  return qEnvironmentVariable("CATSLAB_SOURCE_DIR") + QStringLiteral("/resources/examples");
}
}  // namespace

class tst_examples : public QObject {
  Q_OBJECT
 private slots:
  void everyExampleIsListedWithItsLesson() {
    const std::vector<Example> found = findExamples(examples());
    QStringList folders;
    for (const Example& e : found) {
      QVERIFY2(e.error.isEmpty(), qPrintable(e.id + QStringLiteral(": ") + e.error));
      QVERIFY2(!e.description.isEmpty(), qPrintable(e.id));
      QVERIFY2(e.nodes > 0, qPrintable(e.id));
      const QString folder = e.id.section(QLatin1Char('/'), 0, 0);
      if (!folders.contains(folder)) folders << folder;
    }
    // Every folder of resources/examples has at least one scenario listed.
    QCOMPARE(folders, QDir(examples()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name));
    int cats = 0;
    for (const Example& e : found) cats += e.id.startsWith(QStringLiteral("cats/"));
    QCOMPARE(cats, 3);  // churn, loss, partition; topology.json is not a scenario
    const auto churn = std::find_if(found.begin(), found.end(), [](const Example& e) {
      return e.id == QStringLiteral("cats/churn");
    });
    QVERIFY(churn != found.end());
    const QString lesson = lessonHtml(*churn);
    QVERIFY(lesson.contains(QStringLiteral("What to watch")));
    QVERIFY(lesson.contains(QStringLiteral("Ring")));
    QVERIFY(lesson.contains(QStringLiteral("every operation answered")));
  }

  // The lessons were one per stack: cats/loss told you to watch the ring
  // for a run about lost messages. Every bundled example has its own.
  void everyExampleHasItsOwnLesson() {
    const std::vector<Example> found = findExamples(examples());
    QVERIFY(found.size() >= 15);
    QSet<QString> lessons;
    for (const Example& e : found) {
      QVERIFY2(!e.lesson.isEmpty(), qPrintable(e.id + QStringLiteral(": no ") +
                                               QFileInfo(lessonPath(e.scenarioPath)).fileName()));
      for (const char* section : {"## What to watch", "## What to try", "## What the checks prove"})
        QVERIFY2(e.lesson.contains(QLatin1String(section)),
                 qPrintable(e.id + QLatin1Char(' ') + QLatin1String(section)));
      QVERIFY2(!lessons.contains(e.lesson), qPrintable(e.id + QStringLiteral(": a copy")));
      lessons.insert(e.lesson);
      QTextDocument rendered;
      rendered.setHtml(lessonHtml(e));
      const QString shown = rendered.toPlainText();
      QVERIFY2(!shown.contains(QStringLiteral("no lesson of its own")), qPrintable(e.id));
      for (const QString& check : e.checks) QVERIFY2(shown.contains(check), qPrintable(e.id));
    }
    const auto loss = std::find_if(found.begin(), found.end(), [](const Example& e) {
      return e.id == QStringLiteral("cats/loss");
    });
    QVERIFY(loss != found.end());
    QVERIFY(lessonHtml(*loss).contains(QStringLiteral("resends")));
  }

  // Whoever adds an example writes its lesson beside it; without one the
  // browser says so and shows what every example of its stack teaches.
  void aLessonFileBesideTheScenarioIsShown() {
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("mine")));
    const QString source = examples() + QStringLiteral("/fd/");
    for (const char* file : {"topology.json", "scenario.json"})
      QVERIFY(QFile::copy(source + QLatin1String(file),
                          dir.filePath(QStringLiteral("mine/") + QLatin1String(file))));
    QVERIFY(QFile::copy(source + QStringLiteral("scenario.json"),
                        dir.filePath(QStringLiteral("mine/second.json"))));
    QFile lesson(dir.filePath(QStringLiteral("mine/second.lesson.md")));
    QVERIFY(lesson.open(QIODevice::WriteOnly));
    lesson.write("## What to watch\n\nThe *heartbeats* of n2.\n");
    lesson.close();
    const std::vector<Example> found = findExamples(dir.path());
    QCOMPARE(found.size(), std::size_t{2});
    QCOMPARE(found[0].id, QStringLiteral("mine/scenario"));
    QVERIFY(found[0].lesson.isEmpty());
    QVERIFY(lessonHtml(found[0]).contains(QStringLiteral("scenario.lesson.md")));
    QVERIFY(lessonHtml(found[0]).contains(QStringLiteral("Space-time")));
    ExamplesDialog dialog(dir.path());
    dialog.list()->setCurrentRow(1);
    QVERIFY(dialog.lessonText().contains(QStringLiteral("The heartbeats of n2.")));
    QVERIFY(!dialog.lessonText().contains(QStringLiteral("lesson of its own")));
    QVERIFY(dialog.lessonText().contains(QStringLiteral("crashed n4 is suspected")));  // a check
  }

  void brokenScenarioIsListedWithItsError() {
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("bad")));
    QFile f(dir.filePath(QStringLiteral("bad/scenario.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"name": "bad", "topologyFile": "missing.json", "processes": []})");
    f.close();
    ExamplesDialog dialog(dir.path());
    QCOMPARE(dialog.examples().size(), std::size_t{1});
    QVERIFY(!dialog.examples().front().error.isEmpty());
    QVERIFY(dialog.lessonText().contains(QStringLiteral("Cannot be opened")));
    QSignalSpy open(&dialog, &ExamplesDialog::openRequested);
    dialog.openSelected();
    QCOMPARE(open.count(), 0);
  }

  void openingAnExampleLoadsAndRunsIt() {
    ExamplesDialog dialog(examples());
    QCOMPARE(dialog.list()->count(), static_cast<int>(dialog.examples().size()));
    const auto& all = dialog.examples();
    const int row = static_cast<int>(
        std::find_if(all.begin(), all.end(),
                     [](const Example& e) { return e.id == QStringLiteral("chord/scenario"); }) -
        all.begin());
    QVERIFY(row < dialog.list()->count());
    dialog.list()->setCurrentRow(row);
    QSignalSpy open(&dialog, &ExamplesDialog::openRequested);
    dialog.openSelected();
    QCOMPARE(open.count(), 1);
    MainWindow window;
    const auto error =
        window.openExample(open.first().at(0).toString(), open.first().at(1).toString());
    QVERIFY2(!error, error ? qPrintable(*error) : "");
    QCOMPARE(window.document()->model()->nodeIds().size(),
             all[static_cast<std::size_t>(row)].nodes);
    QVERIFY(window.simulation()->isRunning());
    QVERIFY(window.lessonText().contains(QStringLiteral("What to try")));
  }
};

QTEST_MAIN(tst_examples)
#include "tst_examples.moc"
