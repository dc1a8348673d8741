// WorkloadPanel: the Workload dock — a form for a request stream (node or
// all nodes, rate, read and delete shares, key count, value size, uniform
// or Zipf keys), Start and Stop, the WorkloadModel's table of per-node
// figures and the WorkloadCharts. It only asks: the controller
// (workload_controller.h) starts and stops streams on the running backend.
// Does not own the model or the store. GUI thread only.
#pragma once

#include <QWidget>

#include "ui/workload/request_stream.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;

namespace catslab::ui {
class RunStore;
}

namespace catslab::ui::workload {

class WorkloadCharts;
class WorkloadModel;

class WorkloadPanel : public QWidget {
  Q_OBJECT
 public:
  WorkloadPanel(WorkloadModel* model, RunStore* store, QWidget* parent = nullptr);

  WorkloadSpec spec() const;
  void setSpec(const WorkloadSpec& spec);
  // The node the form targets: "" = all nodes.
  QString target() const;
  void setNodes(const QStringList& nodes);
  void setStreaming(const QStringList& nodes);
  void showMessage(const QString& text, bool error = false);
  WorkloadCharts* charts() const { return charts_; }
  QTableView* table() const { return table_; }

 signals:
  void startRequested(const QString& node, const WorkloadSpec& spec);  // "" = all
  void stopRequested(const QString& node);                             // "" = all

 private:
  QComboBox* node_;
  QSpinBox* rate_;
  QSpinBox* reads_;
  QSpinBox* dels_;
  QSpinBox* keys_;
  QSpinBox* value_;
  QComboBox* dist_;
  QDoubleSpinBox* skew_;
  QPushButton* start_;
  QPushButton* stop_;
  QComboBox* show_;
  QLabel* message_;
  QTableView* table_;
  WorkloadCharts* charts_;
};

}  // namespace catslab::ui::workload
