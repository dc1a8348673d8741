// Undoable edits of a TopologyModel, one QUndoCommand per kind of edit.
//
// Commands address nodes and links by row. That is safe because every
// change to the model goes through the same undo stack, so when a command
// is undone or redone the model is exactly in the state it saw. Commands do
// not own the model; the model outlives its undo stack (TopologyDocument).
#pragma once

#include <QUndoCommand>
#include <vector>

#include "topology_editor/topology_model.h"

namespace catslab::ui {

class AddNodeCommand : public QUndoCommand {
 public:
  AddNodeCommand(TopologyModel* model, int row, pb::Node node, QUndoCommand* parent = nullptr);
  void redo() override;
  void undo() override;

 private:
  TopologyModel* model_;
  int row_;
  pb::Node node_;
};

// Removes a node together with every link that touches it.
class RemoveNodeCommand : public QUndoCommand {
 public:
  RemoveNodeCommand(TopologyModel* model, int row, QUndoCommand* parent = nullptr);
  void redo() override;
  void undo() override;

 private:
  TopologyModel* model_;
  int row_;
  pb::Node node_;
  std::vector<std::pair<int, pb::Link>> links_;  // ascending rows, as they were
};

class EditNodeCommand : public QUndoCommand {
 public:
  EditNodeCommand(TopologyModel* model, int row, pb::Node before, pb::Node after,
                  const QString& text, QUndoCommand* parent = nullptr);
  void redo() override { model_->replaceNode(row_, after_); }
  void undo() override { model_->replaceNode(row_, before_); }

 private:
  TopologyModel* model_;
  int row_;
  pb::Node before_, after_;
};

class AddLinkCommand : public QUndoCommand {
 public:
  AddLinkCommand(TopologyModel* model, int row, pb::Link link, QUndoCommand* parent = nullptr);
  void redo() override { model_->insertLink(row_, link_); }
  void undo() override { model_->removeLink(row_); }

 private:
  TopologyModel* model_;
  int row_;
  pb::Link link_;
};

class RemoveLinkCommand : public QUndoCommand {
 public:
  RemoveLinkCommand(TopologyModel* model, int row, QUndoCommand* parent = nullptr);
  void redo() override { model_->removeLink(row_); }
  void undo() override { model_->insertLink(row_, link_); }

 private:
  TopologyModel* model_;
  int row_;
  pb::Link link_;
};

class EditLinkCommand : public QUndoCommand {
 public:
  EditLinkCommand(TopologyModel* model, int row, pb::Link before, pb::Link after,
                  QUndoCommand* parent = nullptr);
  void redo() override { model_->replaceLink(row_, after_); }
  void undo() override { model_->replaceLink(row_, before_); }

 private:
  TopologyModel* model_;
  int row_;
  pb::Link before_, after_;
};

class EditDefaultLinkCommand : public QUndoCommand {
 public:
  EditDefaultLinkCommand(TopologyModel* model, pb::LinkModel after);
  void redo() override { model_->setDefaultLink(after_); }
  void undo() override { model_->setDefaultLink(before_); }

 private:
  TopologyModel* model_;
  pb::LinkModel before_, after_;
};

class EditMetaCommand : public QUndoCommand {
 public:
  EditMetaCommand(TopologyModel* model, QString name, QString description, QString bootstrap);
  void redo() override;
  void undo() override;

 private:
  TopologyModel* model_;
  QString before_[3], after_[3];
};

}  // namespace catslab::ui
