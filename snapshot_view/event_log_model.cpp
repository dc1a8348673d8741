#include "snapshot_view/event_log_model.h"

#include <QBrush>
#include <QColor>
#include <algorithm>

namespace catslab::ui {

namespace tr = ::catslab::trace;

EventLogModel::EventLogModel(RunStore* store, QObject* parent)
    : QAbstractTableModel(parent),
      store_(store),
      rows_(store->recordCount()),
      current_(store->current()) {
  connect(store_, &RunStore::cleared, this, [this] {
    beginResetModel();
    rows_ = 0;
    current_ = -1;
    endResetModel();
  });
  connect(store_, &RunStore::recordsAppended, this, [this](int first, int last) {
    beginInsertRows({}, first, last);
    rows_ = last + 1;
    endInsertRows();
  });
  connect(store_, &RunStore::currentChanged, this, [this](int index) {
    // Rows between the old and the new cursor change their "future" colour.
    const int lo = std::max(0, std::min(current_, index) + 1);
    const int hi = std::min(rows_ - 1, std::max(current_, index));
    current_ = index;
    if (lo <= hi)
      emit dataChanged(this->index(lo, 0), this->index(hi, ColumnCount - 1), {Qt::ForegroundRole});
  });
}

int EventLogModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : rows_;
}
int EventLogModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
  const tr::Record& r = store_->record(index.row());
  switch (role) {
    case RecordIndexRole:
      return index.row();
    case FromRole:
      return r.has_message() ? QString::fromStdString(r.message().from()) : QString();
    case ToRole:
      return r.has_message() ? QString::fromStdString(r.message().to()) : QString();
    case Qt::ForegroundRole:
      if (index.row() > current_) return QBrush(QColor(0xa0, 0xa0, 0xa0));
      if (index.column() == KindColumn) {
        if (r.has_message() && r.message().kind() == tr::MESSAGE_DROPPED)
          return QBrush(QColor(0xc6, 0x28, 0x28));
        if (r.has_node_down()) return QBrush(QColor(0xc6, 0x28, 0x28));
        if (r.has_node_up()) return QBrush(QColor(0x2e, 0x7d, 0x32));
      }
      return {};
    case Qt::ToolTipRole:
      if (index.column() == DetailColumn) return recordSummary(r);
      return {};
    case Qt::DisplayRole:
      switch (index.column()) {
        case SeqColumn:
          return static_cast<qulonglong>(r.seq());
        case TimeColumn:
          return formatTimeNs(r.time_ns());
        case NodeColumn:
          return QString::fromStdString(r.node());
        case KindColumn:
          return recordKind(r);
        case TypeColumn:
          return r.has_message() ? QString::fromStdString(r.message().type()) : QString();
        case DetailColumn:
          return recordSummary(r);
      }
  }
  return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* names[] = {"#", "Time", "Node", "Kind", "Message", "Details"};
  return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

EventFilterProxy::EventFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {}

void EventFilterProxy::setNodeFilter(const QString& node) {
  node_ = node;
  invalidateRowsFilter();
}
void EventFilterProxy::setTypeFilter(const QString& type) {
  type_ = type;
  invalidateRowsFilter();
}
void EventFilterProxy::setKindFilter(const QString& kind) {
  kind_ = kind;
  invalidateRowsFilter();
}
void EventFilterProxy::setTextFilter(const QString& text) {
  text_ = text;
  invalidateRowsFilter();
}

bool EventFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const QAbstractItemModel* m = sourceModel();
  auto cell = [&](int column, int role = Qt::DisplayRole) {
    return m->index(sourceRow, column, sourceParent).data(role).toString();
  };
  if (!node_.isEmpty() && cell(EventLogModel::NodeColumn) != node_ &&
      cell(0, EventLogModel::FromRole) != node_ && cell(0, EventLogModel::ToRole) != node_)
    return false;
  if (!type_.isEmpty() && cell(EventLogModel::TypeColumn) != type_) return false;
  if (!kind_.isEmpty() && cell(EventLogModel::KindColumn) != kind_) return false;
  if (!text_.isEmpty() && !cell(EventLogModel::DetailColumn).contains(text_, Qt::CaseInsensitive))
    return false;
  return true;
}

}  // namespace catslab::ui
