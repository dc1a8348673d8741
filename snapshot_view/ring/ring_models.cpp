#include "snapshot_view/ring/ring_models.h"

#include <QBrush>

#include "snapshot_view/ring/ring_canvas.h"
#include "snapshot_view/run_store.h"

namespace catslab::ui::ring {

void RingNodeModel::setSnapshot(const RingSnapshot& snapshot) {
  beginResetModel();
  nodes_ = snapshot.nodes;
  cats_ = snapshot.kind == RingKind::Cats;
  endResetModel();
}

int RingNodeModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(nodes_.size());
}

int RingNodeModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant RingNodeModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const RingNode& n = nodes_[static_cast<std::size_t>(index.row())];
  if (role == Qt::ForegroundRole && index.column() == Status)
    return QBrush(statusColour(n.status).darker(130));
  if (role == Qt::ToolTipRole && index.column() == Successors)
    return n.successors.join(QStringLiteral(", "));
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Node:
      return n.id;
    case Position:
      return QString::number(n.position);
    case Status:
      return statusName(n.status);
    case Predecessor:
      return n.predecessor;
    case Successors:
      return n.successors.join(QStringLiteral(" "));
    case Groups:
      return cats_ && n.status != NodeStatus::Down
                 ? QStringLiteral("%1 (%2 joining)").arg(n.groups).arg(n.joiningGroups)
                 : QString();
  }
  return {};
}

QVariant RingNodeModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* names[] = {"Node",        "Ring position", "Status",
                                "Predecessor", "Successors",    "Groups"};
  return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

void ViewHistoryModel::setViews(std::vector<ViewStep> views) {
  beginResetModel();
  views_ = std::move(views);
  endResetModel();
}

const ViewStep* ViewHistoryModel::view(int row) const {
  return row >= 0 && row < rowCount() ? &views_[static_cast<std::size_t>(row)] : nullptr;
}

int ViewHistoryModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(views_.size());
}

int ViewHistoryModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant ViewHistoryModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const ViewStep& v = views_[static_cast<std::size_t>(index.row())];
  if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
  switch (index.column()) {
    case View:
      return QStringLiteral("v%1").arg(v.vid);
    case Members:
      return v.members.join(QStringLiteral(" "));
    case Proposer:
      if (v.proposer.isEmpty()) return v.vid == 1 ? tr("genesis") : tr("not seen");
      if (v.ballot == QStringLiteral("genesis")) return tr("%1 (genesis)").arg(v.proposer);
      return v.ballot.isEmpty() ? v.proposer
                                : QStringLiteral("%1 (ballot %2)").arg(v.proposer, v.ballot);
    case Decided:
      return v.decidedNs < 0 ? QString() : formatTimeNs(v.decidedNs);
    case Installed: {
      QStringList parts;
      for (const Install& i : v.installs)
        parts << (role == Qt::ToolTipRole
                      ? QStringLiteral("%1 %2 at %3").arg(i.node, i.status, formatTimeNs(i.timeNs))
                      : QStringLiteral("%1 %2").arg(i.node, i.status));
      return parts.join(role == Qt::ToolTipRole ? QStringLiteral("\n") : QStringLiteral(", "));
    }
  }
  return {};
}

QVariant ViewHistoryModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* names[] = {"View", "Members", "Proposer", "Decided at", "Installed by"};
  return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace catslab::ui::ring
