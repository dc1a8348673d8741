#include "ui/console_panel.h"

#include <QFontDatabase>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace catslab::ui {

NodeConsole::NodeConsole(const QString& node, QWidget* parent) : QWidget(parent), node_(node) {
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(2, 2, 2, 2);
  v->setSpacing(2);
  output_ = new QPlainTextEdit(this);
  output_->setReadOnly(true);
  output_->setMaximumBlockCount(5000);
  output_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  output_->setPlaceholderText(tr("Output of %1 appears here once it runs.").arg(node));
  input_ = new QLineEdit(this);
  input_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  input_->setPlaceholderText(
      tr("Command for %1, e.g. help — Enter sends, Up/Down for history").arg(node));
  input_->installEventFilter(this);
  v->addWidget(output_);
  v->addWidget(input_);
  connect(input_, &QLineEdit::returnPressed, this, [this] {
    const QString line = input_->text().trimmed();
    if (line.isEmpty()) return;
    if (history_.isEmpty() || history_.last() != line) history_ << line;
    historyPos_ = history_.size();
    input_->clear();
    emit commandEntered(line);
  });
}

bool NodeConsole::eventFilter(QObject* watched, QEvent* event) {
  if (watched == input_ && event->type() == QEvent::KeyPress && !history_.isEmpty()) {
    const int key = static_cast<QKeyEvent*>(event)->key();
    if (key == Qt::Key_Up || key == Qt::Key_Down) {
      historyPos_ = std::clamp(historyPos_ + (key == Qt::Key_Up ? -1 : 1), 0,
                               static_cast<int>(history_.size()));
      input_->setText(historyPos_ < history_.size() ? history_[historyPos_] : QString());
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

void NodeConsole::appendHtml(const QString& html) {
  QScrollBar* bar = output_->verticalScrollBar();
  const bool atEnd = bar->value() == bar->maximum();
  output_->appendHtml(html);
  if (atEnd) bar->setValue(bar->maximum());
}

void NodeConsole::appendOutput(const QString& text, bool error) {
  const QString escaped = text.toHtmlEscaped();
  appendHtml(error ? QStringLiteral("<span style='color:#c62828'>") + escaped +
                         QStringLiteral("</span>")
                   : escaped);
}

void NodeConsole::appendCommand(const QString& line, bool scripted) {
  appendHtml(QStringLiteral("<span style='color:#1565c0'><b>%1</b> %2</span>")
                 .arg(scripted ? tr("script&gt;") : QStringLiteral("&gt;"), line.toHtmlEscaped()));
}

void NodeConsole::appendStatus(const QString& text) {
  appendHtml(
      QStringLiteral("<span style='color:#6a1b9a'><b>— %1</b></span>").arg(text.toHtmlEscaped()));
}

QString NodeConsole::text() const { return output_->toPlainText(); }

ConsolePanel::ConsolePanel(QWidget* parent) : QWidget(parent) {
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  tabs_ = new QTabWidget(this);
  tabs_->setDocumentMode(true);
  v->addWidget(tabs_);
}

NodeConsole* ConsolePanel::console(const QString& node) {
  if (NodeConsole* c = consoles_.value(node)) return c;
  auto* c = new NodeConsole(node, tabs_);
  consoles_.insert(node, c);
  tabs_->addTab(c, node);
  connect(c, &NodeConsole::commandEntered, this,
          [this, node](const QString& line) { emit commandEntered(node, line); });
  return c;
}

void ConsolePanel::setNodes(const QStringList& ids) {
  // Drop consoles of nodes that are gone; keep the others with their text.
  for (auto it = consoles_.begin(); it != consoles_.end();) {
    if (!ids.contains(it.key())) {
      delete it.value();
      it = consoles_.erase(it);
    } else {
      ++it;
    }
  }
  for (const QString& id : ids) console(id);
  for (int i = 0; i < ids.size(); ++i) {
    const int at = tabs_->indexOf(consoles_.value(ids[i]));
    if (at != i) tabs_->tabBar()->moveTab(at, i);
  }
}

void ConsolePanel::showNode(const QString& node) {
  if (NodeConsole* c = consoles_.value(node)) tabs_->setCurrentWidget(c);
}

void ConsolePanel::clearAll() {
  const QStringList ids = consoles_.keys();
  qDeleteAll(consoles_);
  consoles_.clear();
  QStringList sorted = ids;
  sorted.sort();
  setNodes(sorted);
}

void ConsolePanel::appendOutput(const QString& node, const QString& text, bool error) {
  console(node)->appendOutput(text, error);
}

void ConsolePanel::appendCommand(const QString& node, const QString& line, bool scripted) {
  console(node)->appendCommand(line, scripted);
}

void ConsolePanel::appendStatus(const QString& node, const QString& text) {
  console(node)->appendStatus(text);
}

}  // namespace catslab::ui
