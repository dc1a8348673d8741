#include "topology_editor/topology_document.h"

#include <algorithm>

#include "runtime/topology.h"
#include "topology_editor/circle_layout.h"
#include "topology_editor/topology_commands.h"

namespace catslab::ui {

TopologyDocument::TopologyDocument(QObject* parent) : QObject(parent) {
  connect(&undo_, &QUndoStack::cleanChanged, this,
          [this](bool clean) { emit modifiedChanged(!clean); });
}

void TopologyDocument::reset(const pb::Topology& topology, const QString& filePath) {
  pb::Topology t = topology;
  const bool unplaced =
      t.nodes_size() > 1 && std::all_of(t.nodes().begin(), t.nodes().end(),
                                        [](const pb::Node& n) { return n.x() == 0 && n.y() == 0; });
  if (unplaced) {
    const QVector<QPointF> points = circleLayout(t.nodes_size());
    for (int i = 0; i < t.nodes_size(); ++i) {
      t.mutable_nodes(i)->set_x(points[i].x());
      t.mutable_nodes(i)->set_y(points[i].y());
    }
  }
  undo_.clear();
  model_.setTopology(t);
  filePath_ = filePath;
  emit filePathChanged(filePath_);
  emit modifiedChanged(false);
  emit documentReset();
}

void TopologyDocument::newTopology() {
  pb::Topology t;
  t.set_name("untitled");
  t.mutable_default_link()->mutable_latency()->set_mean_ms(10);
  reset(t);
}

std::optional<QString> TopologyDocument::open(const QString& path) {
  runtime::Result<pb::Topology> t = runtime::loadTopology(path.toStdString());
  if (!t) return QString::fromStdString(t.error());
  reset(*t, path);
  return std::nullopt;
}

std::optional<QString> TopologyDocument::openJson(const QString& json, const QString& source) {
  runtime::Result<pb::Topology> t =
      runtime::parseTopology(json.toStdString(), source.toStdString());
  if (!t) return QString::fromStdString(t.error());
  reset(*t, {});
  return std::nullopt;
}

std::optional<QString> TopologyDocument::save(const QString& path) {
  const runtime::Status s = runtime::saveTopology(model_.topology(), path.toStdString());
  if (!s) return QString::fromStdString(s.error());
  undo_.setClean();
  if (filePath_ != path) {
    filePath_ = path;
    emit filePathChanged(path);
  }
  return std::nullopt;
}

QString TopologyDocument::toJson() const {
  return QString::fromStdString(runtime::topologyToJson(model_.topology()));
}

QString TopologyDocument::addNode(QPointF position, const QString& stack) {
  pb::Node n;
  const QString id = model_.freshNodeId();
  n.set_id(id.toStdString());
  n.set_host("127.0.0.1");
  // Pick the first free port from 7001 so launched nodes do not collide.
  std::uint32_t port = 7001;
  for (bool clash = true; clash;) {
    clash = false;
    for (const pb::Node& other : model_.topology().nodes())
      if (other.port() == port) clash = true, ++port;
  }
  n.set_port(port);
  QString s = stack;
  if (s.isEmpty() && model_.nodeCount() > 0) s = QString::fromStdString(model_.node(0).stack());
  n.set_stack(s.toStdString());
  n.set_x(position.x());
  n.set_y(position.y());
  undo_.push(new AddNodeCommand(&model_, model_.nodeCount(), n));
  return id;
}

void TopologyDocument::removeNodes(const QStringList& ids) {
  QList<int> rows;
  for (const QString& id : ids)
    if (const int r = model_.nodeRow(id); r >= 0) rows << r;
  if (rows.isEmpty()) return;
  std::sort(rows.begin(), rows.end(), std::greater<>());
  undo_.beginMacro(rows.size() == 1 ? tr("Delete node %1").arg(ids.first())
                                    : tr("Delete %n node(s)", "", rows.size()));
  for (int r : rows) undo_.push(new RemoveNodeCommand(&model_, r));
  undo_.endMacro();
}

void TopologyDocument::removeLinks(const QList<int>& rows) {
  if (rows.isEmpty()) return;
  QList<int> sorted = rows;
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  undo_.beginMacro(tr("Delete %n link(s)", "", sorted.size()));
  for (int r : sorted) undo_.push(new RemoveLinkCommand(&model_, r));
  undo_.endMacro();
}

void TopologyDocument::moveNodes(const QList<QPair<QString, QPointF>>& moves) {
  if (moves.isEmpty()) return;
  undo_.beginMacro(moves.size() == 1 ? tr("Move node %1").arg(moves.first().first)
                                     : tr("Move %n node(s)", "", moves.size()));
  for (const auto& [id, pos] : moves) {
    const int row = model_.nodeRow(id);
    if (row < 0) continue;
    pb::Node after = model_.node(row);
    after.set_x(pos.x());
    after.set_y(pos.y());
    undo_.push(
        new EditNodeCommand(&model_, row, model_.node(row), after, tr("Move node %1").arg(id)));
  }
  undo_.endMacro();
}

std::optional<FieldError> TopologyDocument::editNode(int row, const pb::Node& node) {
  const pb::Node& before = model_.node(row);
  if (before.SerializeAsString() == node.SerializeAsString()) return std::nullopt;
  pb::Topology candidate = model_.topology();
  candidate.mutable_nodes(row)->CopyFrom(node);
  // Links follow a renamed node, exactly as TopologyModel::replaceNode does.
  for (pb::Link& l : *candidate.mutable_links()) {
    if (l.a() == before.id()) l.set_a(node.id());
    if (l.b() == before.id()) l.set_b(node.id());
  }
  if (candidate.bootstrap() == before.id()) candidate.set_bootstrap(node.id());
  if (auto error = checkTopology(candidate)) return error;
  undo_.push(new EditNodeCommand(&model_, row, before, node,
                                 tr("Edit node %1").arg(QString::fromStdString(node.id()))));
  return std::nullopt;
}

std::optional<FieldError> TopologyDocument::addLink(const QString& a, const QString& b) {
  pb::Link link;
  link.set_a(a.toStdString());
  link.set_b(b.toStdString());
  pb::Topology candidate = model_.topology();
  candidate.add_links()->CopyFrom(link);
  if (auto error = checkTopology(candidate)) return error;
  undo_.push(new AddLinkCommand(&model_, model_.linkCount(), link));
  return std::nullopt;
}

std::optional<FieldError> TopologyDocument::editLink(int row, const pb::Link& link) {
  if (model_.link(row).SerializeAsString() == link.SerializeAsString()) return std::nullopt;
  pb::Topology candidate = model_.topology();
  candidate.mutable_links(row)->CopyFrom(link);
  if (auto error = checkTopology(candidate)) return error;
  undo_.push(new EditLinkCommand(&model_, row, model_.link(row), link));
  return std::nullopt;
}

std::optional<FieldError> TopologyDocument::editDefaultLink(const pb::LinkModel& model) {
  if (model_.topology().default_link().SerializeAsString() == model.SerializeAsString())
    return std::nullopt;
  pb::Topology candidate = model_.topology();
  candidate.mutable_default_link()->CopyFrom(model);
  if (auto error = checkTopology(candidate)) return error;
  undo_.push(new EditDefaultLinkCommand(&model_, model));
  return std::nullopt;
}

std::optional<FieldError> TopologyDocument::editMeta(const QString& name,
                                                     const QString& description,
                                                     const QString& bootstrap) {
  const pb::Topology& t = model_.topology();
  if (QString::fromStdString(t.name()) == name &&
      QString::fromStdString(t.description()) == description &&
      QString::fromStdString(t.bootstrap()) == bootstrap)
    return std::nullopt;
  pb::Topology candidate = t;
  candidate.set_name(name.toStdString());
  candidate.set_description(description.toStdString());
  candidate.set_bootstrap(bootstrap.toStdString());
  if (auto error = checkTopology(candidate)) return error;
  undo_.push(new EditMetaCommand(&model_, name, description, bootstrap));
  return std::nullopt;
}

void TopologyDocument::applyCircleLayout() {
  const QVector<QPointF> points = circleLayout(model_.nodeCount());
  QList<QPair<QString, QPointF>> moves;
  for (int i = 0; i < model_.nodeCount(); ++i)
    moves.append({QString::fromStdString(model_.node(i).id()), points[i]});
  undo_.beginMacro(tr("Arrange nodes in a circle"));
  moveNodes(moves);
  undo_.endMacro();
}

}  // namespace catslab::ui
