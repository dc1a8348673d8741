// Table models behind the ring tab's side panel, both refilled from plain
// values at the timeline's cursor:
//   RingNodeModel — one row per node in ring order: id, position, status,
//     predecessor, successors, groups (the ring drawn as text);
//   ViewHistoryModel — one row per view of one CATS group up to the
//     cursor: id, members, proposer and ballot, when decided, who installed
//     it and how (the reconfiguration history).
// GUI thread only.
#pragma once

#include <QAbstractTableModel>

#include "snapshot_view/ring/cats_history.h"
#include "snapshot_view/ring/ring_snapshot.h"

namespace catslab::ui::ring {

class RingNodeModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Node, Position, Status, Predecessor, Successors, Groups, ColumnCount };
  using QAbstractTableModel::QAbstractTableModel;

  void setSnapshot(const RingSnapshot& snapshot);
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

 private:
  std::vector<RingNode> nodes_;
  bool cats_ = false;
};

class ViewHistoryModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { View, Members, Proposer, Decided, Installed, ColumnCount };
  using QAbstractTableModel::QAbstractTableModel;

  void setViews(std::vector<ViewStep> views);
  const ViewStep* view(int row) const;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

 private:
  std::vector<ViewStep> views_;
};

}  // namespace catslab::ui::ring
