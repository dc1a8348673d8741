#include "topology_editor/topology_model.h"

#include <QColor>
#include <QFont>

namespace catslab::ui {

namespace {
// internalId of an index: 0 for the two group rows, 1 + group for children.
constexpr quintptr kGroupId = 0;
constexpr quintptr childId(int group) { return static_cast<quintptr>(group) + 1; }

QString fromStd(const std::string& s) { return QString::fromStdString(s); }

QString formatMs(double ms) { return QString::number(ms, 'g', 4) + QStringLiteral(" ms"); }
}  // namespace

QString describeLinkModel(const pb::LinkModel& model) {
  const pb::LatencyModel& l = model.latency();
  QString latency;
  switch (l.kind()) {
    case pb::LatencyModel::UNIFORM:
      latency = QString::number(l.min_ms(), 'g', 4) + QStringLiteral("–") + formatMs(l.max_ms());
      break;
    case pb::LatencyModel::NORMAL:
      latency =
          formatMs(l.mean_ms()) + QStringLiteral(" σ") + QString::number(l.stddev_ms(), 'g', 3);
      break;
    case pb::LatencyModel::EXPONENTIAL:
      latency = QStringLiteral("exp ") + formatMs(l.mean_ms());
      break;
    case pb::LatencyModel::PARETO:
      latency = QStringLiteral("pareto ") + formatMs(l.min_ms()) + QStringLiteral(" α") +
                QString::number(l.shape(), 'g', 3);
      break;
    default:
      latency = formatMs(l.mean_ms());
      break;
  }
  if (model.jitter_ms() > 0)
    latency += QStringLiteral(" ±") + QString::number(model.jitter_ms(), 'g', 3);
  if (model.loss() > 0)
    latency += QStringLiteral(", ") + QString::number(model.loss() * 100, 'g', 3) +
               QStringLiteral("% loss");
  if (model.down()) latency += QStringLiteral(", down");
  return latency;
}

TopologyModel::TopologyModel(QObject* parent) : QAbstractItemModel(parent) {}

void TopologyModel::setTopology(const pb::Topology& topology) {
  beginResetModel();
  topology_ = topology;
  endResetModel();
  emit topologyReset();
}

int TopologyModel::nodeRow(const QString& id) const {
  const std::string key = id.toStdString();
  for (int i = 0; i < topology_.nodes_size(); ++i)
    if (topology_.nodes(i).id() == key) return i;
  return -1;
}

int TopologyModel::linkRow(const QString& a, const QString& b) const {
  const std::string x = a.toStdString(), y = b.toStdString();
  for (int i = 0; i < topology_.links_size(); ++i) {
    const pb::Link& l = topology_.links(i);
    if ((l.a() == x && l.b() == y) || (l.a() == y && l.b() == x)) return i;
  }
  return -1;
}

QStringList TopologyModel::nodeIds() const {
  QStringList ids;
  for (const pb::Node& n : topology_.nodes()) ids << fromStd(n.id());
  return ids;
}

QString TopologyModel::freshNodeId() const {
  for (int k = 1;; ++k) {
    const QString id = QStringLiteral("n") + QString::number(k);
    if (nodeRow(id) < 0) return id;
  }
}

QModelIndex TopologyModel::nodeIndex(int row, int column) const {
  return index(row, column, index(NodesGroup, 0));
}

QModelIndex TopologyModel::linkIndex(int row, int column) const {
  return index(row, column, index(LinksGroup, 0));
}

void TopologyModel::insertNode(int row, const pb::Node& node) {
  beginInsertRows(index(NodesGroup, 0), row, row);
  auto* nodes = topology_.mutable_nodes();
  nodes->Add()->CopyFrom(node);
  for (int i = nodes->size() - 1; i > row; --i) nodes->SwapElements(i, i - 1);
  endInsertRows();
  emit dataChanged(index(NodesGroup, 0), index(NodesGroup, 0));
}

void TopologyModel::removeNode(int row) {
  beginRemoveRows(index(NodesGroup, 0), row, row);
  topology_.mutable_nodes()->DeleteSubrange(row, 1);
  endRemoveRows();
  emit dataChanged(index(NodesGroup, 0), index(NodesGroup, 0));
}

void TopologyModel::replaceNode(int row, const pb::Node& node) {
  const std::string oldId = topology_.nodes(row).id();
  topology_.mutable_nodes(row)->CopyFrom(node);
  emit dataChanged(nodeIndex(row, 0), nodeIndex(row, ColumnCount - 1));
  if (oldId == node.id()) return;
  for (int i = 0; i < topology_.links_size(); ++i) {
    pb::Link* l = topology_.mutable_links(i);
    bool touched = false;
    if (l->a() == oldId) l->set_a(node.id()), touched = true;
    if (l->b() == oldId) l->set_b(node.id()), touched = true;
    if (touched) emit dataChanged(linkIndex(i, 0), linkIndex(i, ColumnCount - 1));
  }
  if (topology_.bootstrap() == oldId) {
    topology_.set_bootstrap(node.id());
    emit metaChanged();
  }
}

void TopologyModel::insertLink(int row, const pb::Link& link) {
  beginInsertRows(index(LinksGroup, 0), row, row);
  auto* links = topology_.mutable_links();
  links->Add()->CopyFrom(link);
  for (int i = links->size() - 1; i > row; --i) links->SwapElements(i, i - 1);
  endInsertRows();
  emit dataChanged(index(LinksGroup, 0), index(LinksGroup, 0));
}

void TopologyModel::removeLink(int row) {
  beginRemoveRows(index(LinksGroup, 0), row, row);
  topology_.mutable_links()->DeleteSubrange(row, 1);
  endRemoveRows();
  emit dataChanged(index(LinksGroup, 0), index(LinksGroup, 0));
}

void TopologyModel::replaceLink(int row, const pb::Link& link) {
  topology_.mutable_links(row)->CopyFrom(link);
  emit dataChanged(linkIndex(row, 0), linkIndex(row, ColumnCount - 1));
}

void TopologyModel::setDefaultLink(const pb::LinkModel& model) {
  topology_.mutable_default_link()->CopyFrom(model);
  // Links without their own latency show the default, so their text changes.
  if (topology_.links_size() > 0)
    emit dataChanged(linkIndex(0, 0), linkIndex(topology_.links_size() - 1, ColumnCount - 1));
  emit defaultLinkChanged();
}

void TopologyModel::setMeta(const QString& name, const QString& description,
                            const QString& bootstrap) {
  topology_.set_name(name.toStdString());
  topology_.set_description(description.toStdString());
  topology_.set_bootstrap(bootstrap.toStdString());
  emit metaChanged();
}

QModelIndex TopologyModel::index(int row, int column, const QModelIndex& parent) const {
  if (!hasIndex(row, column, parent)) return {};
  if (!parent.isValid()) return createIndex(row, column, kGroupId);
  return createIndex(row, column, childId(parent.row()));
}

QModelIndex TopologyModel::parent(const QModelIndex& child) const {
  if (!child.isValid() || child.internalId() == kGroupId) return {};
  return createIndex(static_cast<int>(child.internalId() - 1), 0, kGroupId);
}

int TopologyModel::rowCount(const QModelIndex& parent) const {
  if (!parent.isValid()) return 2;
  if (parent.internalId() != kGroupId || parent.column() != 0) return 0;
  return parent.row() == NodesGroup ? topology_.nodes_size() : topology_.links_size();
}

int TopologyModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant TopologyModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
  if (index.internalId() == kGroupId) {
    if (role == KindRole) return QStringLiteral("group");
    if (index.column() != NameColumn) return {};
    if (role == Qt::DisplayRole)
      return index.row() == NodesGroup ? tr("Nodes (%1)").arg(topology_.nodes_size())
                                       : tr("Links (%1)").arg(topology_.links_size());
    if (role == Qt::FontRole) {
      QFont f;
      f.setBold(true);
      return f;
    }
    return {};
  }
  const int group = static_cast<int>(index.internalId() - 1);
  return group == NodesGroup ? nodeData(index.row(), index.column(), role)
                             : linkData(index.row(), index.column(), role);
}

QVariant TopologyModel::nodeData(int row, int column, int role) const {
  const pb::Node& n = topology_.nodes(row);
  switch (role) {
    case KindRole:
      return QStringLiteral("node");
    case NodeIdRole:
      return fromStd(n.id());
    case PositionRole:
      return QPointF(n.x(), n.y());
    case StackRole:
      return fromStd(n.stack());
    case Qt::ToolTipRole: {
      QString tip = tr("Node %1 at %2:%3 running stack '%4'")
                        .arg(fromStd(n.id()), fromStd(n.host().empty() ? "127.0.0.1" : n.host()))
                        .arg(n.port())
                        .arg(fromStd(n.stack()));
      if (!n.bind().empty()) tip += tr(", listening on %1").arg(fromStd(n.bind()));
      return tip;
    }
    case Qt::DisplayRole:
      switch (column) {
        case NameColumn:
          return n.label().empty() || n.label() == n.id()
                     ? fromStd(n.id())
                     : fromStd(n.id()) + QStringLiteral(" (") + fromStd(n.label()) +
                           QStringLiteral(")");
        case DetailColumn:
          return QString(fromStd(n.host().empty() ? "127.0.0.1" : n.host()) + QLatin1Char(':') +
                         QString::number(n.port()));
        case ExtraColumn:
          return fromStd(n.stack());
        case StatusColumn:
          return n.script_size() == 0 ? QString()
                                      : tr("%n scripted request(s)", "", n.script_size());
      }
      return {};
  }
  return {};
}

QVariant TopologyModel::linkData(int row, int column, int role) const {
  const pb::Link& l = topology_.links(row);
  const pb::LinkModel& m = l.has_model() ? l.model() : topology_.default_link();
  switch (role) {
    case KindRole:
      return QStringLiteral("link");
    case NodeIdRole:
      return fromStd(l.a());
    case PeerIdRole:
      return fromStd(l.b());
    case Qt::ToolTipRole:
      return tr("Link %1 – %2: %3").arg(fromStd(l.a()), fromStd(l.b()), describeLinkModel(m));
    case Qt::DisplayRole:
      switch (column) {
        case NameColumn:
          return QString(fromStd(l.a()) + QStringLiteral(" – ") + fromStd(l.b()));
        case DetailColumn:
          return QString(describeLinkModel(m) + (l.has_model() ? QString() : tr(" (default)")));
        case ExtraColumn:
          return m.loss() > 0 ? QString::number(m.loss() * 100, 'g', 3) + QLatin1Char('%')
                              : QString();
        case StatusColumn:
          return m.down() ? tr("down") : tr("up");
      }
      return {};
    case Qt::ForegroundRole:
      if (column == StatusColumn && m.down()) return QColor(Qt::red);
      return {};
  }
  return {};
}

QVariant TopologyModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case NameColumn:
      return tr("Name");
    case DetailColumn:
      return tr("Address / latency");
    case ExtraColumn:
      return tr("Stack / loss");
    case StatusColumn:
      return tr("Status");
  }
  return {};
}

}  // namespace catslab::ui
