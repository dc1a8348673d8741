// ExamplesDialog: File → Examples — the bundled examples in a list, the
// selected one's lesson beside it (examples.h), and Open, which asks the
// window to load its topology and run its scenario. GUI thread only.
#pragma once

#include <QDialog>
#include <vector>

#include "ui/examples.h"

class QListWidget;
class QTextBrowser;
class QPushButton;

namespace catslab::ui {

class ExamplesDialog : public QDialog {
  Q_OBJECT
 public:
  explicit ExamplesDialog(const QString& root, QWidget* parent = nullptr);

  const std::vector<Example>& examples() const { return examples_; }
  QListWidget* list() const { return list_; }
  QString lessonText() const;
  // Selects the example with this id ("cats/partition"); false if there is none.
  bool selectExample(const QString& id);
  void openSelected();

 signals:
  void openRequested(const QString& scenarioPath, const QString& lessonHtml);

 private:
  std::vector<Example> examples_;
  QListWidget* list_;
  QTextBrowser* lesson_;
  QPushButton* open_;
};

}  // namespace catslab::ui
