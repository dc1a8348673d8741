// The bundled examples (resources/examples/<name>/*.json, installed to
// share/catslab/examples): every scenario file with its name, description,
// topology size and the checks it proves, and its lesson — what to watch in
// which view, what to try, what the checks prove — for the File → Examples
// browser (examples_dialog.h). A scenario's lesson is Markdown in a file
// beside it, `<scenario>.lesson.md` (churn.json → churn.lesson.md), so
// whoever adds an example writes its lesson with it; an example without one
// gets a generic lesson for its stack.
// Plain values and stateless functions; thread-safe.
#pragma once

#include <QString>
#include <QStringList>
#include <vector>

namespace catslab::ui {

struct Example {
  QString id;            // "cats/churn"
  QString scenarioPath;  // absolute
  QString title;         // the scenario's name
  QString description;
  QString stack;  // the first node's stack ("cats", "chord", ...)
  int nodes = 0;
  QStringList checks;  // the checks' names
  QString lesson;      // the Markdown of <scenario>.lesson.md ("" if there is none)
  QString error;       // why the file cannot be used ("" if it can)
};

// Where a scenario's lesson is: churn.json → churn.lesson.md beside it.
QString lessonPath(const QString& scenarioPath);

// Where the examples are: $CATSLAB_EXAMPLES_DIR, next to the installed app
// (../share/catslab/examples) or the source tree this copy was built from.
QString examplesDir();
// Every scenario under `root`, by folder then file name; files that are
// not scenarios (topologies) are skipped, broken scenarios are listed with
// their error.
std::vector<Example> findExamples(const QString& root);
// The lesson as shown: title, description and size, then the lesson file
// (or the generic lesson for the stack), then the names of the checks.
QString lessonHtml(const Example& example);

}  // namespace catslab::ui
