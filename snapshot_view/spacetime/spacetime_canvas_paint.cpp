// SpaceTimeCanvas painting: everything here draws only what is in view.
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

#include "snapshot_view/run_store.h"
#include "snapshot_view/spacetime/spacetime_canvas.h"
#include "snapshot_view/spacetime/spacetime_style.h"

namespace catslab::ui::spacetime {

namespace {

// More items than this in view are merged per pixel instead of drawn one by one.
constexpr int kDetailedArrows = 2500;

// A "nice" tick step (1, 2 or 5 × 10^k ns) giving ticks at least `minPx` apart.
double tickStep(double nsPerPx, double minPx) {
  const double raw = nsPerPx * minPx;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

QString tickLabel(double ns, double step) {
  const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step / 1e9))));
  return QString::number(ns / 1e9, 'f', std::min(decimals, 9)) + QStringLiteral(" s");
}

// Clips a segment to `r` (Liang–Barsky); false when nothing is left. Long
// lines far outside the view cost the rasterizer dearly; clipped ones don't.
bool clipTo(QLineF& line, const QRectF& r) {
  double t0 = 0, t1 = 1;
  const double dx = line.dx(), dy = line.dy();
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {line.x1() - r.left(), r.right() - line.x1(), line.y1() - r.top(),
                       r.bottom() - line.y1()};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0) {
      t0 = std::max(t0, t);
    } else {
      t1 = std::min(t1, t);
    }
    if (t0 > t1) return false;
  }
  const QPointF a = line.pointAt(t0), b = line.pointAt(t1);
  line = QLineF(a, b);
  return true;
}

void drawCross(QPainter& p, QPointF c, double r) {
  p.drawLine(c + QPointF(-r, -r), c + QPointF(r, r));
  p.drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
}

// Adds an arrowhead at line's end to `path` (filled once per colour: one
// rasterizer pass for all heads of a colour).
void addArrowHead(QPainterPath& path, QLineF line) {
  if (line.length() < 10) return;
  const QLineF unit = line.unitVector();
  const QPointF d(unit.dx(), unit.dy());
  const QPointF n(-d.y(), d.x());
  const QPointF tip = line.p2();
  path.moveTo(tip);
  path.lineTo(tip - 7 * d + 3.2 * n);
  path.lineTo(tip - 7 * d - 3.2 * n);
  path.closeSubpath();
}

}  // namespace

const QPixmap& SpaceTimeCanvas::dot(const QColor& c) {
  // Antialiased circles are slow to rasterize one by one; stamp a cached one.
  auto it = dots_.find(c.rgb());
  if (it != dots_.end()) return *it;
  QPixmap pm(8, 8);
  pm.fill(Qt::transparent);
  QPainter p(&pm);
  p.setRenderHint(QPainter::Antialiasing);
  p.setPen(Qt::NoPen);
  p.setBrush(c);
  p.drawEllipse(QPointF(4, 4), 2.8, 2.8);
  return *dots_.insert(c.rgb(), pm);
}

QColor SpaceTimeCanvas::eventColor(const Event& e) const {
  switch (e.kind) {
    case EventKind::NodeUp:
      return style::kNodeUp;
    case EventKind::Crash:
    case EventKind::NodeDown:
      return style::kCrash;
    case EventKind::Command:
    case EventKind::Answer:
    case EventKind::OpInvoke:
    case EventKind::OpComplete:
      return style::kOpOk.darker(130);
    case EventKind::Send:
    case EventKind::Deliver:
      return style::typeColor(model_->messages()[e.message].type);
    default:
      return style::kLocal;
  }
}

void SpaceTimeCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), Qt::white);
  painted_ = 0;
  const QRectF plot = vp_.plot();
  // Time after the timeline's position is shaded: it has "not happened yet".
  if (cursorNs_ >= 0 && vp_.x(cursorNs_) < plot.right()) {
    const double x = std::max(plot.left(), vp_.x(cursorNs_));
    p.fillRect(QRectF(x, plot.top(), plot.right() - x, plot.height()), style::kFutureShade);
  }
  p.save();
  p.setClipRect(plot);
  paintCausalBands(p);
  paintLanes(p);
  paintOperations(p);
  paintMessages(p);
  paintEvents(p);
  paintMarks(p);
  if (cursorNs_ >= 0) {
    p.setPen(QPen(style::kCursor, 1.5));
    const double x = vp_.x(cursorNs_);
    p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
  }
  p.restore();
  paintAxis(p);
  // Lane names in the gutter.
  p.fillRect(QRectF(0, plot.top(), plot.left(), plot.height()), QColor(0xfa, 0xfa, 0xfa));
  p.setPen(style::kLane);
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  for (int lane : vp_.rows()) {
    const double y = vp_.laneY(lane);
    if (y < plot.top() || y > plot.bottom()) continue;
    p.drawText(QRectF(4, y - 10, plot.left() - 8, 20), Qt::AlignVCenter | Qt::AlignRight,
               model_->lanes()[lane]);
  }
  if (mergeCell_ > 0) {
    // Say so when arrows are merged: the picture is a summary here.
    const QString hint = tr("%1 messages in view: one arrow per %2 px per pair of nodes — zoom "
                            "in to see each")
                             .arg(scratch_.size())
                             .arg(mergeCell_);
    p.setFont(font());
    const QRectF box = p.fontMetrics().boundingRect(hint).adjusted(-6, -3, 6, 3);
    const QRectF at(plot.right() - box.width() - 6, plot.bottom() - box.height() - 6, box.width(),
                    box.height());
    p.fillRect(at, QColor(255, 255, 255, 225));
    p.setPen(QColor(0x55, 0x55, 0x55));
    p.drawText(at, Qt::AlignCenter, hint);
  }
  if (model_->events().empty()) {
    p.setFont(font());
    p.drawText(plot, Qt::AlignCenter,
               tr("No run yet: simulate, launch or open a trace, and its messages appear here."));
  }
}

void SpaceTimeCanvas::paintAxis(QPainter& p) const {
  const QRectF plot = vp_.plot();
  p.fillRect(QRectF(0, 0, width(), plot.top()), QColor(0xf5, 0xf5, 0xf5));
  p.setPen(QColor(0x90, 0x90, 0x90));
  p.drawLine(QPointF(plot.left(), plot.top() - 0.5), QPointF(plot.right(), plot.top() - 0.5));
  const double step = tickStep(vp_.nsPerPixel(), 90);
  const double first = std::ceil(static_cast<double>(vp_.leftNs()) / step) * step;
  p.setPen(QColor(0x50, 0x50, 0x50));
  for (double t = first; t <= static_cast<double>(vp_.rightNs()); t += step) {
    const double x = vp_.x(static_cast<std::int64_t>(t));
    p.drawLine(QPointF(x, plot.top() - 5), QPointF(x, plot.top()));
    p.drawText(QRectF(x - 45, 2, 90, plot.top() - 6), Qt::AlignCenter, tickLabel(t, step));
  }
}

void SpaceTimeCanvas::paintCausalBands(QPainter& p) const {
  if (past_.empty()) return;
  const QRectF plot = vp_.plot();
  const double h = 7;
  for (int lane : vp_.rows()) {
    const double y = vp_.laneY(lane);
    const std::vector<int>& on = model_->laneEvents(lane);
    if (lane < static_cast<int>(past_.size()) && past_[lane] > 0) {
      const double x0 = vp_.x(model_->events()[on.front()].timeNs) - 3;
      const double x1 = vp_.x(model_->events()[on[past_[lane] - 1]].timeNs) + 3;
      QColor c = style::kPast;
      c.setAlpha(60);
      p.fillRect(QRectF(QPointF(std::max(x0, plot.left() - 5), y - h / 2),
                        QPointF(std::min(x1, plot.right() + 5), y + h / 2)),
                 c);
    }
    if (lane < static_cast<int>(future_.size()) && future_[lane] < static_cast<int>(on.size())) {
      const double x0 = vp_.x(model_->events()[on[future_[lane]]].timeNs) - 3;
      const double x1 = vp_.x(model_->events()[on.back()].timeNs) + 3;
      QColor c = style::kFuture;
      c.setAlpha(60);
      p.fillRect(QRectF(QPointF(std::max(x0, plot.left() - 5), y - h / 2),
                        QPointF(std::min(x1, plot.right() + 5), y + h / 2)),
                 c);
    }
  }
}

void SpaceTimeCanvas::paintLanes(QPainter& p) const {
  const QRectF plot = vp_.plot();
  const QPen up(style::kLane, 1.2);
  QPen down(style::kLaneDown, 1.2, Qt::DashLine);
  for (int lane : vp_.rows()) {
    const double y = vp_.laneY(lane);
    if (y < plot.top() - 20 || y > plot.bottom() + 20) continue;
    // Walk the liveness changes: solid while up, dashed while down.
    double x = plot.left();
    bool isUp = true;
    for (const auto& [t, nowUp] : model_->liveness(lane)) {
      const double xt = std::clamp(vp_.x(t), plot.left(), plot.right());
      if (xt > x) {
        p.setPen(isUp ? up : down);
        p.drawLine(QPointF(x, y), QPointF(xt, y));
      }
      x = std::max(x, xt);
      isUp = nowUp;
    }
    p.setPen(isUp ? up : down);
    const double end = std::min(plot.right(), vp_.x(endNs()));
    if (end > x) p.drawLine(QPointF(x, y), QPointF(end, y));
  }
}

void SpaceTimeCanvas::paintOperations(QPainter& p) {
  const std::int64_t t0 = vp_.leftNs(), t1 = vp_.rightNs();
  p.setRenderHint(QPainter::Antialiasing, false);
  for (const Operation& op : model_->operations()) {
    if (op.startNs > t1 || !visibleLane(op.lane)) continue;
    const std::int64_t end = op.endNs >= 0 ? op.endNs : endNs();
    if (end < t0) continue;
    const double y = vp_.laneY(op.lane);
    const double x0 = vp_.x(op.startNs);
    const double x1 = std::max(vp_.x(end), x0 + 4);
    const QColor c = op.outcome == Operation::Outcome::Ok       ? style::kOpOk
                     : op.outcome == Operation::Outcome::Failed ? style::kOpFailed
                                                                : style::kOpOpen;
    const QRectF bar(QPointF(x0, y - 14), QPointF(x1, y - 6));
    QColor fill = c;
    fill.setAlpha(op.endNs >= 0 ? 200 : 110);
    p.fillRect(bar, fill);
    p.setPen(QPen(c.darker(130), 1, op.endNs >= 0 ? Qt::SolidLine : Qt::DashLine));
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar);
    ++painted_;
    if (bar.width() > 40) {
      p.setPen(Qt::black);
      QFont f = font();
      f.setPointSizeF(f.pointSizeF() * 0.8);
      p.setFont(f);
      p.drawText(
          bar.adjusted(2, -3, -2, 3), Qt::AlignLeft | Qt::AlignVCenter,
          p.fontMetrics().elidedText(op.label, Qt::ElideRight, static_cast<int>(bar.width()) - 4));
    }
  }
}

void SpaceTimeCanvas::paintMessages(QPainter& p) {
  model_->messagesInWindow(vp_.leftNs(), vp_.rightNs(), scratch_);
  const bool detailed = scratch_.size() <= static_cast<std::size_t>(kDetailedArrows);
  p.setRenderHint(QPainter::Antialiasing, detailed);
  const bool causal = !past_.empty();
  const QRectF clip = vp_.plot().adjusted(-2, -2, 2, 2);
  // Too many to draw one by one: one arrow per `cell` pixels of send time
  // per pair of lanes (at this zoom they would cover each other anyway).
  const int cell =
      detailed ? 0 : static_cast<int>((scratch_.size() + kDetailedArrows - 1) / kDetailedArrows);
  mergeCell_ = cell;
  QSet<quint64> seen;
  QHash<QRgb, QList<QLineF>> batches;
  QHash<QRgb, QPainterPath> heads;
  std::vector<QPointF> drops;
  for (int id : scratch_) {
    const Message& m = model_->messages()[id];
    if (hiddenTypes_.contains(m.type) || !visibleLane(m.fromLane) || !visibleLane(m.toLane))
      continue;
    QLineF line = arrowLine(id);
    if (!detailed) {
      const auto col = static_cast<quint32>(static_cast<qint32>(std::floor(line.x1() / cell)));
      const quint64 key =
          (quint64(col) << 32) | (quint64(quint16(m.fromLane)) << 16) | quint64(quint16(m.toLane));
      if (seen.contains(key)) continue;
      seen.insert(key);
    }
    const QPointF end = line.p2();
    const bool endInView = clip.contains(end);
    if (!clipTo(line, clip)) continue;
    QColor c = style::typeColor(m.type);
    if (causal) {
      const Event* s = m.sendEvent >= 0 ? &model_->events()[m.sendEvent] : nullptr;
      const Event* d = m.endEvent >= 0 ? &model_->events()[m.endEvent] : nullptr;
      if (d && d->position < past_[d->lane])
        c = style::kPast;
      else if (s && s->position >= future_[s->lane])
        c = style::kFuture;
      else
        c = style::kFaded;
    }
    batches[c.rgb()].append(line);
    if (m.dropped && endInView) drops.push_back(end);
    if (detailed && endInView && m.endNs >= 0 && !m.dropped) addArrowHead(heads[c.rgb()], line);
    ++painted_;
  }
  for (auto it = batches.cbegin(); it != batches.cend(); ++it) {
    p.setPen(QPen(QColor::fromRgb(it.key()), detailed ? 1.3 : 1));
    p.drawLines(it.value());
  }
  p.setPen(Qt::NoPen);
  for (auto it = heads.cbegin(); it != heads.cend(); ++it)
    p.fillPath(it.value(), QColor::fromRgb(it.key()));
  // Labels along arrows when there is room to read them.
  if (detailed && scratch_.size() < 300) {
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.8);
    p.setFont(f);
    p.setPen(QColor(0x40, 0x40, 0x40));
    std::vector<QRectF> labels;
    for (int id : scratch_) {
      const Message& m = model_->messages()[id];
      if (hiddenTypes_.contains(m.type) || !visibleLane(m.fromLane) || !visibleLane(m.toLane))
        continue;
      QLineF line = arrowLine(id);
      if (!clipTo(line, clip) || line.length() < 70) continue;
      // A label that would overlap another is left out: clutter hides more than it says.
      const QString& text = model_->types()[m.type];
      const QRectF box = QRectF(p.fontMetrics().boundingRect(text))
                             .translated(line.center() + QPointF(4, -3))
                             .adjusted(-2, -1, 2, 1);
      if (std::any_of(labels.begin(), labels.end(),
                      [&box](const QRectF& r) { return r.intersects(box); }))
        continue;
      labels.push_back(box);
      p.drawText(line.center() + QPointF(4, -3), text);
    }
  }
  p.setPen(QPen(style::kDrop, 2));
  for (QPointF d : drops) drawCross(p, d, 4);
}

void SpaceTimeCanvas::paintEvents(QPainter& p) {
  const std::int64_t t0 = vp_.leftNs(), t1 = vp_.rightNs();
  const QRectF plot = vp_.plot();
  const double px = vp_.nsPerPixel();
  // Ticks are batched per colour: one drawLines call each.
  QHash<QRgb, QList<QLineF>> ticks;
  for (int lane : vp_.rows()) {
    const double y = vp_.laneY(lane);
    if (y < plot.top() - 10 || y > plot.bottom() + 10) continue;
    const auto [b, e] = model_->laneRange(lane, t0, t1);
    const std::vector<int>& on = model_->laneEvents(lane);
    const bool dense = (e - b) > plot.width() / 4;
    p.setRenderHint(QPainter::Antialiasing, !dense);
    int lastPx = std::numeric_limits<int>::min();
    for (int i = b; i < e; ++i) {
      const Event& ev = model_->events()[on[i]];
      const bool local = ev.kind == EventKind::State || ev.kind == EventKind::Log;
      if (local && !showLocal_) continue;
      if (ev.message >= 0 && hiddenTypes_.contains(model_->messages()[ev.message].type)) continue;
      const double x = vp_.x(ev.timeNs);
      // In a dense stretch, one mark per pixel column is all the eye can see.
      const int col = static_cast<int>(std::floor((static_cast<double>(ev.timeNs) - t0) / px));
      if (dense && col == lastPx && ev.kind != EventKind::Crash) continue;
      lastPx = col;
      ++painted_;
      QColor c = eventColor(ev);
      if (!past_.empty()) {
        c = ev.position < past_[lane]      ? style::kPast
            : ev.position >= future_[lane] ? style::kFuture
                                           : style::kFaded;
      }
      switch (ev.kind) {
        case EventKind::Crash:
          p.setPen(QPen(style::kCrash, 2.2));
          drawCross(p, QPointF(x, y), 6);
          break;
        case EventKind::NodeDown:
          p.setPen(QPen(style::kCrash, 2.2));
          p.drawLine(QPointF(x, y - 7), QPointF(x, y + 7));
          break;
        case EventKind::NodeUp: {
          p.setPen(Qt::NoPen);
          p.setBrush(style::kNodeUp);
          const QPointF tri[3] = {{x - 4, y - 6}, {x - 4, y + 6}, {x + 5, y}};
          p.drawPolygon(tri, 3);
          break;
        }
        case EventKind::State:
        case EventKind::Log:
          ticks[c.rgb()].append(QLineF(x, y + 2, x, y + 6));
          break;
        default:
          if (dense) {
            ticks[c.rgb()].append(QLineF(x, y - 3, x, y + 3));
          } else {
            p.drawPixmap(QPointF(x - 4, y - 4), dot(c));
          }
      }
    }
  }
  p.setRenderHint(QPainter::Antialiasing, false);
  for (auto it = ticks.cbegin(); it != ticks.cend(); ++it) {
    p.setPen(QPen(QColor::fromRgb(it.key()), 1));
    p.drawLines(it.value());
  }
}

void SpaceTimeCanvas::paintMarks(QPainter& p) const {
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setBrush(Qt::NoBrush);
  auto ring = [&](int record, const QColor& c, double radius) {
    const std::optional<QPointF> at = markPoint(record);
    if (!at) return;
    const int m = model_->messageOfRecord(record);
    if (m >= 0) {
      const Message& msg = model_->messages()[m];
      if (visibleLane(msg.fromLane) && visibleLane(msg.toLane)) {
        p.setPen(QPen(c, 3));
        p.drawLine(arrowLine(m));
      }
    }
    p.setPen(QPen(c, 2));
    p.drawEllipse(*at, radius, radius);
  };
  if (selRecord_ >= 0) ring(selRecord_, style::kSelection, 7);
  // The run diff's mark goes on top, larger, so it shows around a selection.
  if (markRecord_ >= 0) ring(markRecord_, style::kDrop, 11);
}

}  // namespace catslab::ui::spacetime
