// ActivityChart: Qt Charts view of a run's traffic — messages sent per
// second over time, one series per node plus the total, and drops as a
// separate red series. A dashed vertical line marks the store's cursor.
// Rebuilt at most four times a second while records stream in.
// Does not own the store. GUI thread only.
#pragma once

#include <QMap>
#include <QWidget>

class QTimer;
class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace catslab::ui {

class RunStore;

class ActivityChart : public QWidget {
  Q_OBJECT
 public:
  explicit ActivityChart(RunStore* store, QWidget* parent = nullptr);
  // Messages sent per second by `node` ("" = total) in each 1 s bucket.
  QVector<int> sentPerSecond(const QString& node) const;
  QVector<int> dropsPerSecond() const { return drops_; }

 private:
  void scheduleRebuild();
  void rebuild();
  void moveCursorLine();

  RunStore* store_;
  QTimer* throttle_;
  QChartView* view_;
  QChart* chart_;
  QValueAxis* x_;
  QValueAxis* y_;
  QLineSeries* cursor_ = nullptr;
  QMap<QString, QVector<int>> sent_;  // node -> per-second counts; "" = total
  QVector<int> drops_;
  int folded_ = 0;  // records already counted
};

}  // namespace catslab::ui
