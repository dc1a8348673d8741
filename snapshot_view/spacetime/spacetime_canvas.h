// SpaceTimeCanvas: draws a SpaceTimeModel as a Lamport diagram — a lane per
// node (solid while up, dashed while down, a cross where it crashed),
// messages as arrows from the sender's lane at send time to the receiver's
// at delivery time (a red cross where one was dropped), client operations as
// bars above their lane, local events as ticks, the timeline's position as a
// vertical line with later time shaded, and for the selected event its
// causal past (blue) and future (orange) along every lane.
//
// Draws only what is in view: lane events come from binary searches, arrows
// from a send-time window, and when more items than pixels are visible they
// are merged per pixel, so 100,000-event runs stay fluid.
//
// Wheel zooms around the mouse (Shift+wheel pans), dragging pans, a click
// selects the event or arrow under it (recordClicked), +/-/arrows/Home on
// the keyboard. Reads the model, clocks and store it is given; owns nothing
// but its view state. GUI thread only.
#pragma once

#include <QHash>
#include <QLineF>
#include <QPixmap>
#include <QSet>
#include <QWidget>
#include <optional>
#include <utility>
#include <vector>

#include "snapshot_view/spacetime/spacetime_model.h"
#include "snapshot_view/spacetime/spacetime_viewport.h"
#include "snapshot_view/spacetime/vector_clocks.h"

namespace catslab::ui {
class RunStore;
}

namespace catslab::ui::spacetime {

class SpaceTimeCanvas : public QWidget {
  Q_OBJECT
 public:
  SpaceTimeCanvas(const SpaceTimeModel* model, VectorClocks* clocks, const RunStore* store,
                  QWidget* parent = nullptr);

  SpaceTimeViewport& viewport() { return vp_; }
  const SpaceTimeViewport& viewport() const { return vp_; }

  // Lanes are shown in `order` (lane ids); others are hidden.
  void setLaneOrder(std::vector<int> order);
  void setHiddenTypes(const QSet<int>& types);
  void setShowLocalEvents(bool on);
  void setShowCausality(bool on);
  // The timeline's position: a line, and later time shaded.
  void setCursorTime(std::int64_t timeNs);
  // Marks a record (an event, or the arrow of a message record) and, for an
  // event, its causal past and future. -1 clears.
  void setSelectedRecord(int record);
  // A second, red mark (run diff: where this run diverges from the other).
  void setMarkedRecord(int record);
  int selectedEvent() const { return selEvent_; }

  void fit();
  // Shows [t0, t1] and keeps showing it across resizes until the user
  // zooms or pans (the run diff opens at its divergence this way).
  void showRange(std::int64_t t0, std::int64_t t1);
  void zoomBy(double factor);
  // Pans so `timeNs` is in view (centred when it was outside).
  void ensureVisible(std::int64_t timeNs);
  void setFollowEnd(bool on) { followEnd_ = on; }
  bool followsEnd() const { return followEnd_; }
  // Call after the model grew: keeps the end in view while following.
  void modelGrew();

  // Geometry a user sees, for tests: an event's dot and a message's arrow
  // (to the drop point for a dropped one; to the run's end in flight).
  QPointF eventPoint(int event) const;
  QLineF arrowLine(int message) const;
  // The record under a point: an event, an operation bar's command, or an
  // arrow's send record; -1 when nothing is there.
  int recordAt(QPointF pos) const;
  // Items drawn in the last paint (for the benchmark and tests).
  int lastPaintedItems() const { return painted_; }

 signals:
  void recordClicked(int record);
  void viewChanged();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  bool event(QEvent* event) override;

 private:
  void paintAxis(QPainter& p) const;
  void paintLanes(QPainter& p) const;
  void paintCausalBands(QPainter& p) const;
  void paintOperations(QPainter& p);
  void paintMessages(QPainter& p);
  void paintEvents(QPainter& p);
  void paintMarks(QPainter& p) const;
  bool visibleLane(int lane) const { return lane >= 0 && vp_.rowOf(lane) >= 0; }
  std::int64_t endNs() const;
  QColor eventColor(const Event& e) const;
  const QPixmap& dot(const QColor& c);
  // Where a record's selection ring goes (event dot or arrow middle).
  std::optional<QPointF> markPoint(int record) const;
  void recomputeCausality();

  const SpaceTimeModel* model_;
  VectorClocks* clocks_;
  const RunStore* store_;
  SpaceTimeViewport vp_;
  QSet<int> hiddenTypes_;
  bool showLocal_ = true;
  bool showCausality_ = true;
  bool followEnd_ = true;
  std::optional<std::pair<std::int64_t, std::int64_t>> pinned_;
  std::int64_t cursorNs_ = -1;
  int selRecord_ = -1;
  int selEvent_ = -1;
  int markRecord_ = -1;
  std::vector<int> past_;    // per lane: events [0, past_) are in the causal past
  std::vector<int> future_;  // per lane: events [future_, end) are in the causal future
  std::vector<int> scratch_;
  QPointF dragFrom_;
  bool dragging_ = false;
  bool dragged_ = false;
  int painted_ = 0;
  int mergeCell_ = 0;
  QHash<QRgb, QPixmap> dots_;  // > 0: arrows were merged per this many pixels
};

}  // namespace catslab::ui::spacetime
