// EventLogModel: a flat table over a RunStore's records (time, node, kind,
// message type, details), appended to as records arrive; rows at or before
// the store's cursor are "past", later ones are greyed out while the user
// travels back in time.
//
// EventFilterProxy filters it by node (a record matches when it is about
// the node or is a message from/to it), by message type and by kind, and
// by free text. Both are tested with QAbstractItemModelTester.
// Do not own the store. GUI thread only.
#pragma once

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include "snapshot_view/run_store.h"

namespace catslab::ui {

class EventLogModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    SeqColumn,
    TimeColumn,
    NodeColumn,
    KindColumn,
    TypeColumn,
    DetailColumn,
    ColumnCount
  };
  enum Role { RecordIndexRole = Qt::UserRole + 1, FromRole, ToRole };

  explicit EventLogModel(RunStore* store, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  RunStore* store_;
  int rows_ = 0;
  int current_ = -1;
};

class EventFilterProxy : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit EventFilterProxy(QObject* parent = nullptr);
  void setNodeFilter(const QString& node);  // empty: all
  void setTypeFilter(const QString& type);  // empty: all
  void setKindFilter(const QString& kind);  // "sent", "delivered", "dropped", "state", ...
  void setTextFilter(const QString& text);

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  QString node_, type_, kind_, text_;
};

}  // namespace catslab::ui
