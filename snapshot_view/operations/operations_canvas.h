// OperationsCanvas: client operations as bars over time, one lane per
// coordinating node (Porcupine's and Jepsen's pictures): a bar runs from
// invocation to completion; green ok, red failed, amber open-ended when the
// outcome is unknown, grey while pending; reads lighter than writes.
// Concurrent operations of one node stack in sub-rows.
//
// It follows the timeline: a cursor line at the store's current time; what
// happens after it is faded (operations not yet invoked, completions not yet
// seen). When the checker found a violation, the operations that cannot be
// ordered are outlined in red (the one completing last with a star) and
// everything else is dimmed; the selected operation has a dark outline.
// Wheel zooms around the pointer, dragging pans, double-click fits.
// Reads the model it is given; owns nothing. GUI thread only.
#pragma once

#include <QSet>
#include <QWidget>
#include <vector>

#include "snapshot_view/operations/operations_model.h"

namespace catslab::ui::operations {

class OperationsCanvas : public QWidget {
  Q_OBJECT
 public:
  explicit OperationsCanvas(const OperationsModel* model, QWidget* parent = nullptr);

  // Call after the model grew or was cleared.
  void modelChanged();
  void setKeyFilter(const QString& key);  // empty: every key
  QString keyFilter() const { return key_; }
  void setCursorTime(std::int64_t ns);
  void setSelected(int op);
  int selected() const { return selected_; }
  void setConflicting(const std::vector<int>& ops, int culprit);
  void fit();
  void setWindow(std::int64_t t0, std::int64_t t1);  // stops following the run's growth
  std::pair<std::int64_t, std::int64_t> window() const { return {t0_, t1_}; }

  // Geometry, for clicks and tests: the operation under `p` (-1 if none) and
  // an operation's bar.
  int operationAt(QPointF p) const;
  QRectF barRect(int op) const;
  bool isShown(int op) const;

  QSize sizeHint() const override { return {800, 300}; }
  QSize minimumSizeHint() const override { return {300, 120}; }

 signals:
  void operationClicked(int op);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  void layoutRows();
  double xOf(std::int64_t ns) const;
  std::int64_t timeAt(double x) const;
  std::int64_t endOf(const ClientOperation& op) const;  // pending: the run's end
  void paintAxis(QPainter& p);
  void paintLanes(QPainter& p);
  void paintBar(QPainter& p, int op);

  const OperationsModel* model_;
  QString key_;
  std::int64_t cursor_ = -1;
  int selected_ = -1;
  QSet<int> conflicting_;
  int culprit_ = -1;
  std::int64_t t0_ = 0, t1_ = 1;
  bool fitted_ = true;  // keep fitting as the run grows, until the user zooms
  // Layout: each shown op's lane and sub-row; lanes' first row and row count.
  std::vector<int> lane_, subRow_;  // by op, -1 when not shown
  std::vector<int> laneFirstRow_, laneRows_;
  int totalRows_ = 0;
  // Panning.
  bool dragging_ = false;
  double dragX_ = 0;
  std::int64_t dragT0_ = 0, dragT1_ = 0;
};

}  // namespace catslab::ui::operations
