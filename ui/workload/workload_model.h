// WorkloadModel: the workload panel's numbers, read from the run's trace
// records (so a simulation, launched processes and a trace file feed it the
// same way): every client operation's invocation paired with its completion
// by op_id, and every request refused because its node was down
// (refused_request.h) as a failure, cut into windows (latency_windows.h),
// and the run's fault periods (fault_periods.h). As a table it has one row per node plus a last
// "all nodes" row: the node's request stream (if one runs), operations that
// succeeded, failed (or timed out) and are still open, ok operations per
// second over the run, and the p50/p99 latency of the ok ones.
//
// Folds new records at most four times a second (refresh() folds at once).
// Does not own the store. GUI thread only.
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QMap>

#include "ui/workload/fault_periods.h"
#include "ui/workload/latency_windows.h"

class QTimer;

namespace catslab::ui {
class RunStore;
}

namespace catslab::ui::workload {

class WorkloadModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Node, Stream, Ok, Failed, Open, OpsPerSecond, P50, P99, ColumnCount };
  explicit WorkloadModel(RunStore* store, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

  // Folds every record not folded yet and updates the table.
  void refresh();
  // The window the charts use; refolds the operations.
  void setWindowNs(std::int64_t windowNs);
  // Node → a description of its running stream ("20/s, 50% get …").
  void setStreams(const QMap<QString, QString>& streams);

  const LatencyWindows& windows() const { return windows_; }
  const FaultPeriods& faults() const { return faults_; }
  QStringList nodes() const { return nodes_; }  // rows before "all nodes", n2 before n10
  std::int64_t endNs() const { return endNs_; }
  int openCount(const QString& node) const;  // "" = all nodes

 signals:
  void refreshed();

 private:
  struct Completed {
    std::string node;
    std::int64_t startNs, endNs;
    bool failed;
  };
  void addNode(const QString& node);

  RunStore* store_;
  QTimer* throttle_;
  LatencyWindows windows_;
  FaultPeriods faults_;
  std::vector<Completed> completed_;  // to refold with another window
  struct Pending {
    QString node;
    std::int64_t startNs;
  };
  QHash<quint64, Pending> open_;  // op_id → its invocation
  QStringList nodes_;
  QMap<QString, QString> streams_;
  std::int64_t endNs_ = 0;
  int folded_ = 0;
};

}  // namespace catslab::ui::workload
