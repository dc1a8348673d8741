// FileController: the topology document's life as files — New, Open, Save,
// Save As, the bundled example, and the "save your changes?" question before
// anything replaces an edited document. Owns its actions; the window puts
// them into menus and toolbars. Errors and news go out as signals, so the
// window decides how to show them. GUI thread only.
#pragma once

#include <QObject>
#include <optional>

class QAction;
class QWidget;

namespace catslab::ui {

class TopologyDocument;

class FileController : public QObject {
  Q_OBJECT
 public:
  FileController(TopologyDocument* doc, QWidget* window);

  std::optional<QString> openTopology(const QString& path);
  void openBundledExample();
  // Asks to save unsaved changes; false when the user cancelled.
  bool maybeSave();

  QAction* newAction() const { return newAct_; }
  QAction* openAction() const { return openAct_; }
  QAction* saveAction() const { return saveAct_; }
  QAction* saveAsAction() const { return saveAsAct_; }

 signals:
  void statusMessage(const QString& text);
  void errorOccurred(const QString& title, const QString& message);
  // A different document replaced the old one (New or Open).
  void documentReplaced();

 private:
  void fileNew();
  void fileOpen();
  bool fileSave();
  bool fileSaveAs();

  TopologyDocument* doc_;
  QWidget* window_;
  QAction* newAct_;
  QAction* openAct_;
  QAction* saveAct_;
  QAction* saveAsAct_;
};

}  // namespace catslab::ui
