// WorkloadCharts: two Qt Charts over time, from a WorkloadModel — left,
// operations per second (ok) per node, with failed operations per second as
// red dots; right, the p50 (solid) and p99 (dashed) latency per node. In
// both, the periods when a node was down (red) or the network cut (purple)
// are shaded, as Jepsen's plots shade faults, and a dashed line marks the
// timeline's position. Shows every node, all nodes together, or one node.
// Rebuilt whenever the model refreshes. Does not own the model or the store.
// GUI thread only.
#pragma once

#include <QWidget>

class QChart;
class QValueAxis;
class QLineSeries;

namespace catslab::ui {
class RunStore;
}

namespace catslab::ui::workload {

class WorkloadModel;

class WorkloadCharts : public QWidget {
  Q_OBJECT
 public:
  WorkloadCharts(WorkloadModel* model, RunStore* store, QWidget* parent = nullptr);
  // "" every node (default), "*" all nodes together, else one node.
  void setNodeFilter(const QString& filter);
  QString nodeFilter() const { return filter_; }
  // What is drawn, for tests: the ops/s and latency series names, shaded periods.
  QStringList seriesNames() const;
  int shadedPeriods() const { return shaded_; }
  int failureMarks() const { return failureMarks_; }

 private:
  struct Plot {
    QChart* chart;
    QValueAxis* x;
    QValueAxis* y;
    QLineSeries* cursor = nullptr;
  };
  Plot makePlot(const QString& title, const QString& yTitle);
  void rebuild();
  void shadeFaults(Plot& plot, double xMax);
  void moveCursor(Plot& plot);

  WorkloadModel* model_;
  RunStore* store_;
  Plot ops_;
  Plot latency_;
  QString filter_;
  int shaded_ = 0;
  int failureMarks_ = 0;
};

}  // namespace catslab::ui::workload
