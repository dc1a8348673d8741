// ConsolePanel: one console tab per node. A tab shows the node's output as
// it streams (errors in red, commands the user or the script sent in blue,
// exit status in bold) and has an input line with history (Up/Down). The
// panel only displays and emits commandEntered; the running backend sends.
// GUI thread only.
#pragma once

#include <QHash>
#include <QWidget>

class QTabWidget;
class QPlainTextEdit;
class QLineEdit;

namespace catslab::ui {

class NodeConsole : public QWidget {
  Q_OBJECT
 public:
  explicit NodeConsole(const QString& node, QWidget* parent = nullptr);
  void appendOutput(const QString& text, bool error);
  void appendCommand(const QString& line, bool scripted);
  void appendStatus(const QString& text);
  QString text() const;
  QLineEdit* input() const { return input_; }

 signals:
  void commandEntered(const QString& line);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void appendHtml(const QString& html);
  QString node_;
  QPlainTextEdit* output_;
  QLineEdit* input_;
  QStringList history_;
  int historyPos_ = 0;
};

class ConsolePanel : public QWidget {
  Q_OBJECT
 public:
  explicit ConsolePanel(QWidget* parent = nullptr);
  void setNodes(const QStringList& ids);      // one tab per node, in this order
  NodeConsole* console(const QString& node);  // created on demand
  void showNode(const QString& node);
  void clearAll();

  void appendOutput(const QString& node, const QString& text, bool error);
  void appendCommand(const QString& node, const QString& line, bool scripted);
  void appendStatus(const QString& node, const QString& text);

 signals:
  void commandEntered(const QString& node, const QString& line);

 private:
  QTabWidget* tabs_;
  QHash<QString, NodeConsole*> consoles_;
};

}  // namespace catslab::ui
