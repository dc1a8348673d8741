#include "snapshot_view/spacetime/spacetime_canvas.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "snapshot_view/run_store.h"

namespace catslab::ui::spacetime {

namespace {
double distanceToSegment(QPointF p, QLineF s) {
  const QPointF d = s.p2() - s.p1();
  const double len2 = d.x() * d.x() + d.y() * d.y();
  double t = len2 > 0 ? QPointF::dotProduct(p - s.p1(), d) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  const QPointF q = s.p1() + t * d;
  return std::hypot(p.x() - q.x(), p.y() - q.y());
}
}  // namespace

SpaceTimeCanvas::SpaceTimeCanvas(const SpaceTimeModel* model, VectorClocks* clocks,
                                 const RunStore* store, QWidget* parent)
    : QWidget(parent), model_(model), clocks_(clocks), store_(store) {
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(false);
  setMinimumSize(200, 120);
  setAttribute(Qt::WA_OpaquePaintEvent);
}

void SpaceTimeCanvas::setLaneOrder(std::vector<int> order) {
  vp_.setRows(std::move(order), model_->laneCount());
  update();
}

void SpaceTimeCanvas::setHiddenTypes(const QSet<int>& types) {
  hiddenTypes_ = types;
  update();
}

void SpaceTimeCanvas::setShowLocalEvents(bool on) {
  showLocal_ = on;
  update();
}

void SpaceTimeCanvas::setShowCausality(bool on) {
  showCausality_ = on;
  recomputeCausality();
  update();
}

void SpaceTimeCanvas::setCursorTime(std::int64_t timeNs) {
  if (cursorNs_ == timeNs) return;
  cursorNs_ = timeNs;
  update();
}

void SpaceTimeCanvas::setSelectedRecord(int record) {
  selRecord_ = record;
  selEvent_ = model_->eventOfRecord(record);
  if (selEvent_ < 0) {
    // A drop: the causal story is its send's.
    const int m = model_->messageOfRecord(record);
    if (m >= 0) selEvent_ = model_->messages()[m].sendEvent;
  }
  recomputeCausality();
  update();
}

void SpaceTimeCanvas::setMarkedRecord(int record) {
  markRecord_ = record;
  update();
}

void SpaceTimeCanvas::recomputeCausality() {
  past_.clear();
  future_.clear();
  if (!showCausality_ || selEvent_ < 0) return;
  clocks_->update(*model_);
  past_ = clocks_->pastPrefix(*model_, selEvent_);
  future_ = clocks_->futureSuffix(*model_, selEvent_);
}

std::int64_t SpaceTimeCanvas::endNs() const { return std::max(model_->lastTimeNs(), cursorNs_); }

void SpaceTimeCanvas::fit() {
  vp_.fitTime(model_->firstTimeNs(), model_->lastTimeNs());
  followEnd_ = true;
  pinned_.reset();
  update();
  emit viewChanged();
}

void SpaceTimeCanvas::showRange(std::int64_t t0, std::int64_t t1) {
  pinned_ = std::make_pair(t0, t1);
  followEnd_ = false;
  vp_.fitTime(t0, t1);
  update();
  emit viewChanged();
}

void SpaceTimeCanvas::zoomBy(double factor) {
  vp_.zoomAt(vp_.plot().center().x(), factor);
  followEnd_ = false;
  pinned_.reset();
  update();
  emit viewChanged();
}

void SpaceTimeCanvas::ensureVisible(std::int64_t timeNs) {
  if (timeNs >= vp_.leftNs() && timeNs <= vp_.rightNs()) return;
  const double span = static_cast<double>(vp_.rightNs() - vp_.leftNs());
  vp_.setTimeWindow(timeNs - static_cast<std::int64_t>(span / 2), vp_.nsPerPixel());
  update();
  emit viewChanged();
}

void SpaceTimeCanvas::modelGrew() {
  // New events may belong to the selected event's future (or be on new lanes).
  if (selEvent_ >= 0) recomputeCausality();
  if (followEnd_) vp_.fitTime(model_->firstTimeNs(), model_->lastTimeNs());
  update();
}

QPointF SpaceTimeCanvas::eventPoint(int event) const {
  const Event& e = model_->events()[event];
  return {vp_.x(e.timeNs), vp_.laneY(e.lane)};
}

QLineF SpaceTimeCanvas::arrowLine(int message) const {
  const Message& m = model_->messages()[message];
  const QPointF from(vp_.x(m.sendNs), vp_.laneY(m.fromLane));
  const double yTo = vp_.laneY(m.toLane);
  if (m.dropped) {
    // Lost on the way: the arrow heads for the receiver but stops, at the
    // drop's time, before the next lane, so no other node seems to get it.
    const double dir = yTo > from.y() ? 1 : yTo < from.y() ? -1 : 0;
    return {from, QPointF(vp_.x(m.endNs), from.y() + dir * 0.45 * vp_.laneHeight())};
  }
  const std::int64_t end = m.endNs >= 0 ? m.endNs : endNs();
  return {from, QPointF(vp_.x(end), yTo)};
}

std::optional<QPointF> SpaceTimeCanvas::markPoint(int record) const {
  const int e = model_->eventOfRecord(record);
  if (e >= 0 && visibleLane(model_->events()[e].lane)) return eventPoint(e);
  const int m = model_->messageOfRecord(record);
  if (m >= 0) {
    const Message& msg = model_->messages()[m];
    if (visibleLane(msg.fromLane) && visibleLane(msg.toLane)) return arrowLine(m).p2();
  }
  return std::nullopt;
}

int SpaceTimeCanvas::recordAt(QPointF pos) const {
  if (!vp_.plot().contains(pos)) return -1;
  const int lane = vp_.laneAt(pos.y());
  const double slack = 6;
  if (lane >= 0) {
    const double dy = pos.y() - vp_.laneY(lane);
    // Operation bars sit just above the lane line.
    if (dy < -4 && dy > -16) {
      for (const Operation& op : model_->operations()) {
        if (op.lane != lane) continue;
        const double x0 = vp_.x(op.startNs);
        const double x1 = vp_.x(op.endNs >= 0 ? op.endNs : endNs());
        if (pos.x() >= x0 - 2 && pos.x() <= std::max(x1, x0 + 4) + 2)
          return model_->events()[op.startEvent].record;
      }
    }
    if (std::abs(dy) <= slack) {
      const auto [b, e] =
          model_->laneRange(lane, vp_.timeAt(pos.x() - slack), vp_.timeAt(pos.x() + slack));
      int best = -1;
      double bestDx = slack + 1;
      for (int i = b; i < e; ++i) {
        const Event& ev = model_->events()[model_->laneEvents(lane)[i]];
        if (!showLocal_ && (ev.kind == EventKind::State || ev.kind == EventKind::Log)) continue;
        const double dx = std::abs(vp_.x(ev.timeNs) - pos.x());
        if (dx < bestDx) {
          bestDx = dx;
          best = ev.record;
        }
      }
      if (best >= 0) return best;
    }
  }
  std::vector<int> near;
  const std::int64_t t = vp_.timeAt(pos.x());
  model_->messagesInWindow(t - static_cast<std::int64_t>(slack * vp_.nsPerPixel()),
                           t + static_cast<std::int64_t>(slack * vp_.nsPerPixel()), near);
  int best = -1;
  double bestD = slack;
  for (int id : near) {
    const Message& m = model_->messages()[id];
    if (hiddenTypes_.contains(m.type) || !visibleLane(m.fromLane) || !visibleLane(m.toLane))
      continue;
    const QLineF line = arrowLine(id);
    const double d = distanceToSegment(pos, line);
    if (d < bestD) {
      bestD = d;
      // Near the drop cross, the drop itself; otherwise the send.
      const bool atEnd = std::hypot(pos.x() - line.p2().x(), pos.y() - line.p2().y()) < slack;
      best = m.dropped && atEnd ? m.endRecord : (m.sendRecord >= 0 ? m.sendRecord : m.endRecord);
    }
  }
  return best;
}

void SpaceTimeCanvas::resizeEvent(QResizeEvent*) {
  vp_.setSize(width(), height());
  if (followEnd_) {
    vp_.fitTime(model_->firstTimeNs(), model_->lastTimeNs());
  } else if (pinned_) {
    vp_.fitTime(pinned_->first, pinned_->second);
  }
}

void SpaceTimeCanvas::wheelEvent(QWheelEvent* event) {
  const QPoint d = event->angleDelta();
  if (event->modifiers() & Qt::ShiftModifier || std::abs(d.x()) > std::abs(d.y())) {
    const int step = std::abs(d.x()) > std::abs(d.y()) ? d.x() : d.y();
    vp_.panPixels(step / 2.0);
  } else if (event->modifiers() & Qt::AltModifier) {
    vp_.setFirstRow(vp_.firstRow() - d.y() / 120.0);
  } else {
    vp_.zoomAt(event->position().x(), std::pow(1.0015, d.y()));
  }
  followEnd_ = false;
  pinned_.reset();
  update();
  emit viewChanged();
  event->accept();
}

void SpaceTimeCanvas::mousePressEvent(QMouseEvent* event) {
  setFocus();
  if (event->button() != Qt::LeftButton) return;
  dragFrom_ = event->position();
  dragging_ = true;
  dragged_ = false;
}

void SpaceTimeCanvas::mouseMoveEvent(QMouseEvent* event) {
  if (!dragging_) return;
  const QPointF d = event->position() - dragFrom_;
  if (!dragged_ && std::abs(d.x()) + std::abs(d.y()) < 4) return;
  dragged_ = true;
  setCursor(Qt::ClosedHandCursor);
  vp_.panPixels(d.x());
  vp_.setFirstRow(vp_.firstRow() - d.y() / vp_.laneHeight());
  dragFrom_ = event->position();
  followEnd_ = false;
  pinned_.reset();
  update();
  emit viewChanged();
}

void SpaceTimeCanvas::mouseReleaseEvent(QMouseEvent* event) {
  if (!dragging_) return;
  dragging_ = false;
  unsetCursor();
  if (!dragged_) {
    const int record = recordAt(event->position());
    if (record >= 0) emit recordClicked(record);
  }
}

void SpaceTimeCanvas::keyPressEvent(QKeyEvent* event) {
  const double page = vp_.plot().width() / 4;
  switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
      return zoomBy(1.5);
    case Qt::Key_Minus:
      return zoomBy(1 / 1.5);
    case Qt::Key_Left:
    case Qt::Key_A:
      vp_.panPixels(page);
      break;
    case Qt::Key_Right:
    case Qt::Key_D:
      vp_.panPixels(-page);
      break;
    case Qt::Key_Home:
      return fit();
    default:
      return QWidget::keyPressEvent(event);
  }
  followEnd_ = false;
  pinned_.reset();
  update();
  emit viewChanged();
}

bool SpaceTimeCanvas::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int record = recordAt(help->pos());
    if (record < 0 || !store_) {
      QToolTip::hideText();
      event->ignore();
      return true;
    }
    const auto& r = store_->record(record);
    QString text = formatTimeNs(r.time_ns()) + QStringLiteral("  ") +
                   QString::fromStdString(r.node()) + QStringLiteral("  ") + recordKind(r) +
                   QLatin1Char('\n') + recordSummary(r);
    const int e = model_->eventOfRecord(record);
    if (e >= 0 && model_->events()[e].operation >= 0) {
      const Operation& op = model_->operations()[model_->events()[e].operation];
      text +=
          QLatin1Char('\n') +
          tr("operation: %1 → %2").arg(op.label, op.endNs >= 0 ? op.answer : tr("no answer yet"));
    }
    QToolTip::showText(help->globalPos(), text, this);
    return true;
  }
  return QWidget::event(event);
}

}  // namespace catslab::ui::spacetime
