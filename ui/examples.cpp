#include "ui/examples.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTextDocument>

#include "runtime/sim/scenario_file.h"

namespace catslab::ui {

QString examplesDir() {
  const QString env = qEnvironmentVariable("CATSLAB_EXAMPLES_DIR");
  if (!env.isEmpty()) return env;
  const QString installed =
      QCoreApplication::applicationDirPath() + QStringLiteral("/../share/catslab/examples");
  if (QDir(installed).exists()) return QDir(installed).canonicalPath();
  return QStringLiteral(CATSLAB_SOURCE_EXAMPLES);
}

std::vector<Example> findExamples(const QString& root) {
  std::vector<Example> out;
  const QDir dir(root);
  for (const QString& folder : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    const QDir sub(dir.filePath(folder));
    for (const QString& file : sub.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
      const QString path = sub.absoluteFilePath(file);
      QFile f(path);
      if (!f.open(QIODevice::ReadOnly)) continue;
      const QJsonObject json = QJsonDocument::fromJson(f.readAll()).object();
      // A scenario has processes or names its topology; a topology has nodes.
      if (!json.contains(QStringLiteral("processes")) &&
          !json.contains(QStringLiteral("topologyFile")))
        continue;
      Example e;
      e.id = folder + QLatin1Char('/') + QFileInfo(file).completeBaseName();
      e.scenarioPath = path;
      e.title = json.value(QStringLiteral("name")).toString(e.id);
      e.description = json.value(QStringLiteral("description")).toString();
      for (const QJsonValue c : json.value(QStringLiteral("checks")).toArray())
        e.checks << c.toObject().value(QStringLiteral("name")).toString();
      if (QFile lesson(lessonPath(path)); lesson.open(QIODevice::ReadOnly))
        e.lesson = QString::fromUtf8(lesson.readAll());
      auto scenario = sim::loadScenario(path.toStdString());
      if (!scenario) {
        e.error = QString::fromStdString(scenario.error());
      } else if (scenario->topology()) {
        e.nodes = scenario->topology()->nodes_size();
        if (e.nodes > 0) e.stack = QString::fromStdString(scenario->topology()->nodes(0).stack());
      }
      out.push_back(std::move(e));
    }
  }
  return out;
}

namespace {
// Text from a scenario file, shown as itself inside Markdown.
QString markdownEscaped(const QString& text) {
  QString out;
  out.reserve(text.size());
  for (const QChar c : text) {
    if (QStringLiteral("\\`*_[]<>#|").contains(c)) out += QLatin1Char('\\');
    out += c;
  }
  return out;
}

// For an example without a lesson file: what every example of its stack shows.
QString genericLesson(const Example& e) {
  QString watch, tryIt;
  if (e.stack == QStringLiteral("cats")) {
    watch = QStringLiteral(
        "The **Ring** tab (groups and their views change as nodes come and go; the "
        "Reconfiguration panel shows each Paxos round) and the **Operations** tab (every "
        "get and put, the checker's verdict; click one to see its quorum on the ring).");
    tryIt = QStringLiteral(
        "Kill a node, or cut two nodes off from the rest (right-click on the canvas), and "
        "watch the groups reconfigure and the operations stay linearizable.");
  } else if (e.stack == QStringLiteral("chord") || e.stack == QStringLiteral("onehop")) {
    watch = QStringLiteral(
        "The **Ring** tab: every node's successor and predecessor pointers as it believes "
        "them, repaired after each join and failure.");
    tryIt = QStringLiteral("Kill a node and see its neighbours' pointers skip it.");
  } else {
    watch = QStringLiteral(
        "The **Space-time** tab: who sent what to whom; click an event to see its causal "
        "past and future. **Node state** shows the selected node's state.");
    tryIt = QStringLiteral(
        "Kill a node or take a link down (right-click on the canvas) and see which "
        "messages are lost and what the others do about it.");
  }
  return QStringLiteral(
             "## What to watch\n\n%1\n\n## What to try\n\n%2\n\n"
             "*This example has no lesson of its own yet: write one in `%3` beside its "
             "scenario.*\n\n")
      .arg(watch, tryIt, QFileInfo(lessonPath(e.scenarioPath)).fileName());
}
}  // namespace

QString lessonPath(const QString& scenarioPath) {
  const QFileInfo scenario(scenarioPath);
  return scenario.dir().filePath(scenario.completeBaseName() + QStringLiteral(".lesson.md"));
}

QString lessonHtml(const Example& e) {
  if (!e.error.isEmpty()) {
    return QStringLiteral("<h3>%1</h3><p>%2</p><p style='color:#c62828'>Cannot be opened: %3</p>")
        .arg(e.title.toHtmlEscaped(), e.description.toHtmlEscaped(), e.error.toHtmlEscaped());
  }
  QString md = QStringLiteral("### %1\n\n%2\n\n%3 nodes running **%4**.\n\n")
                   .arg(markdownEscaped(e.title), markdownEscaped(e.description))
                   .arg(e.nodes)
                   .arg(markdownEscaped(e.stack));
  QString lesson = e.lesson.isEmpty() ? genericLesson(e) : e.lesson.trimmed();
  // A lesson's sections (## …) sit under the title (###): two levels down.
  lesson.replace(
      QRegularExpression(QStringLiteral("^(#{1,4}) "), QRegularExpression::MultilineOption),
      QStringLiteral("##\\1 "));
  md += lesson + QStringLiteral("\n\n");
  md += QStringLiteral(
      "*Then File → Save Run as Scenario… keeps your run, replayable with catslab-sim.*\n\n");
  if (!e.checks.isEmpty()) {
    md += QStringLiteral("**The scenario's checks** (the status bar reports them at the end):\n\n");
    for (const QString& c : e.checks) md += QStringLiteral("- %1\n").arg(markdownEscaped(c));
  }
  QTextDocument doc;
  doc.setMarkdown(md);
  return doc.toHtml();
}

}  // namespace catslab::ui
