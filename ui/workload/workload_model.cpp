#include "ui/workload/workload_model.h"

#include <QFont>
#include <QTimer>
#include <algorithm>

#include "snapshot_view/run_store.h"
#include "ui/workload/refused_request.h"

namespace catslab::ui::workload {

namespace tr = ::catslab::trace;

namespace {
QString ms(std::int64_t ns) { return QString::number(static_cast<double>(ns) / 1e6, 'f', 1); }

// n2 before n10, whatever the locale's collation supports.
bool nodeLess(const QString& a, const QString& b) {
  auto split = [](const QString& s) {
    qsizetype i = s.size();
    while (i > 0 && s[i - 1].isDigit()) --i;
    return std::pair{s.left(i), i < s.size() ? s.mid(i).toULongLong() : 0};
  };
  const auto [pa, na] = split(a);
  const auto [pb, nb] = split(b);
  if (pa != pb) return pa < pb;
  if (na != nb) return na < nb;
  return a < b;
}
}  // namespace

WorkloadModel::WorkloadModel(RunStore* store, QObject* parent)
    : QAbstractTableModel(parent), store_(store) {
  throttle_ = new QTimer(this);
  throttle_->setSingleShot(true);
  throttle_->setInterval(250);
  connect(throttle_, &QTimer::timeout, this, &WorkloadModel::refresh);
  connect(store_, &RunStore::recordsAppended, this, [this] {
    if (!throttle_->isActive()) throttle_->start();
  });
  connect(store_, &RunStore::cleared, this, [this] {
    beginResetModel();
    windows_.clear();
    faults_.clear();
    completed_.clear();
    open_.clear();
    nodes_.clear();
    endNs_ = 0;
    folded_ = 0;
    endResetModel();
    emit refreshed();
  });
  refresh();
}

void WorkloadModel::addNode(const QString& node) {
  if (node.isEmpty() || nodes_.contains(node)) return;
  const auto at = std::upper_bound(nodes_.begin(), nodes_.end(), node, nodeLess);
  const int row = static_cast<int>(at - nodes_.begin());
  beginInsertRows({}, row, row);
  nodes_.insert(row, node);
  endInsertRows();
}

void WorkloadModel::refresh() {
  throttle_->stop();
  for (const QString& id : store_->nodeIds()) addNode(id);
  const int end = store_->recordCount();
  for (; folded_ < end; ++folded_) {
    const tr::Record& r = store_->record(folded_);
    endNs_ = std::max(endNs_, r.time_ns());
    faults_.add(r);
    if (const auto down = refusedRequestNode(r)) {
      // Refused at once: a failure with no latency, never open.
      Completed done{*down, r.time_ns(), r.time_ns(), true};
      addNode(QString::fromStdString(done.node));
      windows_.add(done.node, done.startNs, done.endNs, done.failed);
      completed_.push_back(std::move(done));
      continue;
    }
    if (!r.has_client_op()) continue;
    const tr::ClientOp& c = r.client_op();
    if (c.phase() == tr::ClientOp::INVOKE) {
      open_.insert(c.op_id(), {QString::fromStdString(r.node()), r.time_ns()});
      addNode(QString::fromStdString(r.node()));
      continue;
    }
    const auto it = open_.find(c.op_id());
    if (it == open_.end()) continue;  // a completion without its invocation
    Completed done{it->node.toStdString(), it->startNs, r.time_ns(), c.phase() != tr::ClientOp::OK};
    open_.erase(it);
    windows_.add(done.node, done.startNs, done.endNs, done.failed);
    completed_.push_back(std::move(done));
  }
  emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
  emit refreshed();
}

void WorkloadModel::setWindowNs(std::int64_t windowNs) {
  if (windowNs <= 0 || windowNs == windows_.windowNs()) return;
  windows_ = LatencyWindows(windowNs);
  for (const Completed& c : completed_) windows_.add(c.node, c.startNs, c.endNs, c.failed);
  refresh();
}

void WorkloadModel::setStreams(const QMap<QString, QString>& streams) {
  streams_ = streams;
  for (auto it = streams.begin(); it != streams.end(); ++it) addNode(it.key());
  emit dataChanged(index(0, Stream), index(rowCount() - 1, Stream));
}

int WorkloadModel::openCount(const QString& node) const {
  int n = 0;
  for (const Pending& p : open_) n += node.isEmpty() || p.node == node;
  return n;
}

int WorkloadModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(nodes_.size()) + 1;  // the last: all nodes
}

int WorkloadModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant WorkloadModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const bool all = index.row() == static_cast<int>(nodes_.size());
  const QString node = all ? QString() : nodes_[index.row()];
  if (role == Qt::TextAlignmentRole && index.column() >= Ok)
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::FontRole && all) {
    QFont f;
    f.setBold(true);
    return f;
  }
  if (role == Qt::ToolTipRole && index.column() == Stream && !all) return streams_.value(node);
  if (role != Qt::DisplayRole && role != Qt::UserRole) return {};
  const std::string id = node.toStdString();
  const Window total = windows_.total(id, endNs_);
  switch (index.column()) {
    case Node:
      return all ? tr("all nodes") : node;
    case Stream:
      if (all) return streams_.isEmpty() ? QString() : tr("%n stream(s)", "", streams_.size());
      return streams_.value(node, QStringLiteral("—"));
    case Ok:
      return total.ok;
    case Failed:
      return total.failed;
    case Open:
      return openCount(node);
    case OpsPerSecond: {
      // The last complete window: what the node does now.
      const std::vector<Window> w = windows_.windows(id);
      const auto last = static_cast<std::size_t>(endNs_ / windows_.windowNs());
      if (last == 0 || w.size() < last) return role == Qt::UserRole ? QVariant(0.0) : QVariant(0);
      const double rate = w[last - 1].opsPerSecond;
      return role == Qt::UserRole ? QVariant(rate) : QVariant(QString::number(rate, 'f', 1));
    }
    case P50:
      return role == Qt::UserRole ? QVariant::fromValue(total.p50Ns)
                                  : QVariant(total.ok ? ms(total.p50Ns) : QString());
    case P99:
      return role == Qt::UserRole ? QVariant::fromValue(total.p99Ns)
                                  : QVariant(total.ok ? ms(total.p99Ns) : QString());
    default:
      return {};
  }
}

QVariant WorkloadModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal) return {};
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case Failed:
        return tr("Operations that failed or timed out (their outcome is unknown)");
      case Open:
        return tr("Operations invoked and not answered yet");
      case OpsPerSecond:
        return tr("Operations that succeeded in the last complete window");
      case P50:
      case P99:
        return tr("Latency of the operations that succeeded, over the whole run (nearest rank)");
      default:
        return {};
    }
  }
  if (role != Qt::DisplayRole) return {};
  switch (section) {
    case Node:
      return tr("Node");
    case Stream:
      return tr("Stream");
    case Ok:
      return tr("Ok");
    case Failed:
      return tr("Failed");
    case Open:
      return tr("Open");
    case OpsPerSecond:
      return tr("ops/s");
    case P50:
      return tr("p50 ms");
    case P99:
      return tr("p99 ms");
    default:
      return {};
  }
}

}  // namespace catslab::ui::workload
