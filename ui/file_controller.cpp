#include "ui/file_controller.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QWidget>

#include "topology_editor/topology_document.h"
#include "ui/action_factory.h"

namespace catslab::ui {

FileController::FileController(TopologyDocument* doc, QWidget* window)
    : QObject(window), doc_(doc), window_(window) {
  const QStyle* s = window->style();
  newAct_ = makeAction(this, themedIcon("document-new", QStyle::SP_FileIcon, s), tr("&New"),
                       QKeySequence::New, tr("Start an empty topology"));
  openAct_ = makeAction(this, themedIcon("document-open", QStyle::SP_DialogOpenButton, s),
                        tr("&Open…"), QKeySequence::Open, tr("Open a topology file (.json)"));
  saveAct_ = makeAction(this, themedIcon("document-save", QStyle::SP_DialogSaveButton, s),
                        tr("&Save"), QKeySequence::Save, tr("Save the topology"));
  saveAsAct_ = makeAction(this, QIcon(), tr("Save &As…"), QKeySequence::SaveAs,
                          tr("Save the topology under a new name"));
  connect(newAct_, &QAction::triggered, this, &FileController::fileNew);
  connect(openAct_, &QAction::triggered, this, &FileController::fileOpen);
  connect(saveAct_, &QAction::triggered, this, &FileController::fileSave);
  connect(saveAsAct_, &QAction::triggered, this, &FileController::fileSaveAs);
}

std::optional<QString> FileController::openTopology(const QString& path) {
  if (auto e = doc_->open(path)) return e;
  emit documentReplaced();
  emit statusMessage(tr("Opened %1 — press Simulate to run it").arg(QFileInfo(path).fileName()));
  return std::nullopt;
}

void FileController::openBundledExample() {
  QFile f(QStringLiteral(":/topologies/ping3.json"));
  if (!f.open(QIODevice::ReadOnly)) return;
  if (auto e = doc_->openJson(QString::fromUtf8(f.readAll()), QStringLiteral("ping3.json"))) {
    emit errorOccurred(tr("Bundled example is broken"), *e);
    return;
  }
  emit statusMessage(
      tr("Welcome! This is the bundled ping3 example. Press Simulate (Ctrl+R) to run it, "
         "or click a node to edit it."));
}

bool FileController::maybeSave() {
  if (!doc_->isModified()) return true;
  const auto answer = QMessageBox::question(
      window_, tr("Unsaved changes"), tr("The topology has unsaved changes. Save them?"),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
  if (answer == QMessageBox::Save) return fileSave();
  return answer == QMessageBox::Discard;
}

void FileController::fileNew() {
  if (!maybeSave()) return;
  doc_->newTopology();
  emit documentReplaced();
}

void FileController::fileOpen() {
  if (!maybeSave()) return;
  const QString path =
      QFileDialog::getOpenFileName(window_, tr("Open topology"), {}, tr("Topologies (*.json)"));
  if (path.isEmpty()) return;
  if (auto e = openTopology(path)) emit errorOccurred(tr("Cannot open topology"), *e);
}

bool FileController::fileSave() {
  if (doc_->filePath().isEmpty()) return fileSaveAs();
  if (auto e = doc_->save(doc_->filePath())) {
    emit errorOccurred(tr("Cannot save"), *e);
    return false;
  }
  emit statusMessage(tr("Saved %1").arg(doc_->filePath()));
  return true;
}

bool FileController::fileSaveAs() {
  const QString path =
      QFileDialog::getSaveFileName(window_, tr("Save topology"), {}, tr("Topologies (*.json)"));
  if (path.isEmpty()) return false;
  if (auto e = doc_->save(path)) {
    emit errorOccurred(tr("Cannot save"), *e);
    return false;
  }
  return true;
}

}  // namespace catslab::ui
