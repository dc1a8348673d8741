#include "ui/examples_dialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace catslab::ui {

ExamplesDialog::ExamplesDialog(const QString& root, QWidget* parent)
    : QDialog(parent),
      examples_(findExamples(root)),
      list_(new QListWidget(this)),
      lesson_(new QTextBrowser(this)),
      open_(new QPushButton(tr("Open and simulate"), this)) {
  setWindowTitle(tr("Examples — CATS Lab"));
  resize(960, 680);
  for (const Example& e : examples_) {
    auto* item = new QListWidgetItem(e.id, list_);
    item->setToolTip(e.description);
    if (!e.error.isEmpty()) item->setForeground(Qt::red);
  }
  list_->setMaximumWidth(240);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  buttons->addButton(open_, QDialogButtonBox::AcceptRole);
  auto* top = new QHBoxLayout;
  top->addWidget(list_);
  top->addWidget(lesson_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top, 1);
  layout->addWidget(buttons);
  if (examples_.empty())
    lesson_->setHtml(tr("<p>No examples found in %1.</p>").arg(root.toHtmlEscaped()));
  connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
    const bool ok = row >= 0 && row < static_cast<int>(examples_.size());
    lesson_->setHtml(ok ? lessonHtml(examples_[static_cast<std::size_t>(row)]) : QString());
    open_->setEnabled(ok && examples_[static_cast<std::size_t>(row)].error.isEmpty());
  });
  connect(list_, &QListWidget::itemDoubleClicked, this, &ExamplesDialog::openSelected);
  connect(open_, &QPushButton::clicked, this, &ExamplesDialog::openSelected);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  open_->setEnabled(false);
  if (!examples_.empty()) list_->setCurrentRow(0);
}

QString ExamplesDialog::lessonText() const { return lesson_->toPlainText(); }

bool ExamplesDialog::selectExample(const QString& id) {
  for (std::size_t i = 0; i < examples_.size(); ++i) {
    if (examples_[i].id != id) continue;
    list_->setCurrentRow(static_cast<int>(i));
    return true;
  }
  return false;
}

void ExamplesDialog::openSelected() {
  const int row = list_->currentRow();
  if (row < 0 || row >= static_cast<int>(examples_.size())) return;
  const Example& e = examples_[static_cast<std::size_t>(row)];
  if (!e.error.isEmpty()) return;
  emit openRequested(e.scenarioPath, lessonHtml(e));
  accept();
}

}  // namespace catslab::ui
