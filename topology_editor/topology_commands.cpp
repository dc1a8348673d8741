#include "topology_editor/topology_commands.h"

#include <QObject>

namespace catslab::ui {

namespace {
QString idOf(const pb::Node& n) { return QString::fromStdString(n.id()); }
}  // namespace

AddNodeCommand::AddNodeCommand(TopologyModel* model, int row, pb::Node node, QUndoCommand* parent)
    : QUndoCommand(parent), model_(model), row_(row), node_(std::move(node)) {
  setText(QObject::tr("Add node %1").arg(idOf(node_)));
}

void AddNodeCommand::redo() { model_->insertNode(row_, node_); }
void AddNodeCommand::undo() { model_->removeNode(row_); }

RemoveNodeCommand::RemoveNodeCommand(TopologyModel* model, int row, QUndoCommand* parent)
    : QUndoCommand(parent), model_(model), row_(row), node_(model->node(row)) {
  setText(QObject::tr("Delete node %1").arg(idOf(node_)));
}

void RemoveNodeCommand::redo() {
  links_.clear();
  const std::string& id = model_->node(row_).id();
  for (int i = 0; i < model_->linkCount(); ++i) {
    const pb::Link& l = model_->link(i);
    if (l.a() == id || l.b() == id) links_.emplace_back(i, l);
  }
  // Remove from the back so the recorded rows stay valid for undo.
  for (auto it = links_.rbegin(); it != links_.rend(); ++it) model_->removeLink(it->first);
  model_->removeNode(row_);
}

void RemoveNodeCommand::undo() {
  model_->insertNode(row_, node_);
  for (const auto& [row, link] : links_) model_->insertLink(row, link);
}

EditNodeCommand::EditNodeCommand(TopologyModel* model, int row, pb::Node before, pb::Node after,
                                 const QString& text, QUndoCommand* parent)
    : QUndoCommand(text, parent),
      model_(model),
      row_(row),
      before_(std::move(before)),
      after_(std::move(after)) {}

AddLinkCommand::AddLinkCommand(TopologyModel* model, int row, pb::Link link, QUndoCommand* parent)
    : QUndoCommand(parent), model_(model), row_(row), link_(std::move(link)) {
  setText(QObject::tr("Add link %1 – %2")
              .arg(QString::fromStdString(link_.a()), QString::fromStdString(link_.b())));
}

RemoveLinkCommand::RemoveLinkCommand(TopologyModel* model, int row, QUndoCommand* parent)
    : QUndoCommand(parent), model_(model), row_(row), link_(model->link(row)) {
  setText(QObject::tr("Delete link %1 – %2")
              .arg(QString::fromStdString(link_.a()), QString::fromStdString(link_.b())));
}

EditLinkCommand::EditLinkCommand(TopologyModel* model, int row, pb::Link before, pb::Link after,
                                 QUndoCommand* parent)
    : QUndoCommand(parent),
      model_(model),
      row_(row),
      before_(std::move(before)),
      after_(std::move(after)) {
  setText(QObject::tr("Edit link %1 – %2")
              .arg(QString::fromStdString(after_.a()), QString::fromStdString(after_.b())));
}

EditDefaultLinkCommand::EditDefaultLinkCommand(TopologyModel* model, pb::LinkModel after)
    : model_(model), before_(model->topology().default_link()), after_(std::move(after)) {
  setText(QObject::tr("Edit default link"));
}

EditMetaCommand::EditMetaCommand(TopologyModel* model, QString name, QString description,
                                 QString bootstrap)
    : model_(model),
      before_{QString::fromStdString(model->topology().name()),
              QString::fromStdString(model->topology().description()),
              QString::fromStdString(model->topology().bootstrap())},
      after_{std::move(name), std::move(description), std::move(bootstrap)} {
  setText(QObject::tr("Edit topology properties"));
}

void EditMetaCommand::redo() { model_->setMeta(after_[0], after_[1], after_[2]); }
void EditMetaCommand::undo() { model_->setMeta(before_[0], before_[1], before_[2]); }

}  // namespace catslab::ui
