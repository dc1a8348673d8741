#include "ui/examples.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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

QString lessonHtml(const Example& e) {
  QString html = QStringLiteral("<h3>%1</h3><p>%2</p>")
                     .arg(e.title.toHtmlEscaped(), e.description.toHtmlEscaped());
  if (!e.error.isEmpty())
    return html + QStringLiteral("<p style='color:#c62828'>Cannot be opened: %1</p>")
                      .arg(e.error.toHtmlEscaped());
  html += QStringLiteral("<p>%1 nodes running <b>%2</b>.</p>").arg(e.nodes).arg(e.stack);
  QString watch, tryIt;
  if (e.stack == QStringLiteral("cats")) {
    watch = QStringLiteral(
        "the <b>Ring</b> tab (groups and their views change as nodes come and go; "
        "the Reconfiguration panel shows each Paxos round) and the <b>Operations</b> tab "
        "(every get and put, the checker's verdict; click one to see its quorum on the ring)");
    tryIt = QStringLiteral(
        "kill the node that coordinates most operations, or cut two nodes off from the rest "
        "(right-click on the canvas), and watch the groups reconfigure and the operations "
        "stay linearizable");
  } else if (e.stack == QStringLiteral("chord") || e.stack == QStringLiteral("onehop")) {
    watch = QStringLiteral(
        "the <b>Ring</b> tab: every node's successor and predecessor pointers as it "
        "believes them, repaired after each join and failure");
    tryIt = QStringLiteral("kill a node and see its neighbours' pointers skip it");
  } else {
    watch = QStringLiteral(
        "the <b>Space-time</b> tab: who sent what to whom; click an event to see its causal "
        "past and future");
    tryIt = QStringLiteral(
        "kill a node or take a link down (right-click on the canvas) and see which messages "
        "are lost and what the others do about it");
  }
  html += QStringLiteral(
              "<p><b>What to watch:</b> %1.</p><p><b>What to try:</b> %2; then "
              "<i>File → Save Run as Scenario…</i> keeps your run, replayable.</p>")
              .arg(watch, tryIt);
  if (!e.checks.isEmpty()) {
    html += QStringLiteral(
        "<p><b>What the checks prove</b> (the status bar reports them at the "
        "end of the run):</p><ul>");
    for (const QString& c : e.checks) html += QStringLiteral("<li>%1</li>").arg(c.toHtmlEscaped());
    html += QStringLiteral("</ul>");
  }
  return html;
}

}  // namespace catslab::ui
