#include "snapshot_view/operations/operations_canvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace catslab::ui::operations {

namespace {
constexpr double kGutter = 64;  // node names
constexpr double kAxis = 24;    // time ticks on top
constexpr double kLaneGap = 8;
constexpr double kMaxRow = 22;
constexpr double kMinRow = 6;

const QColor kOk{0x43, 0xa0, 0x47};
const QColor kFailed{0xe5, 0x39, 0x35};
const QColor kUnknown{0xfb, 0x8c, 0x00};
const QColor kPending{0x90, 0xa4, 0xae};
const QColor kConflict{0xd5, 0x00, 0x00};
const QColor kCursor{0xad, 0x14, 0x57};
const QColor kFutureShade{0xf3, 0xf3, 0xf3};

QColor outcomeColor(const ClientOperation& op) {
  switch (op.outcome) {
    case ClientOperation::Outcome::Ok:
      return kOk;
    case ClientOperation::Outcome::Failed:
      return kFailed;
    case ClientOperation::Outcome::Unknown:
      return kUnknown;
    default:
      return kPending;
  }
}

// A "nice" tick step (1, 2 or 5 × 10^k ns) giving about `target` ticks.
std::int64_t tickStep(std::int64_t span, int target) {
  const double raw = static_cast<double>(std::max<std::int64_t>(span, 1)) / target;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  double step = p;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * p;
    if (step >= raw) break;
  }
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(step));
}

QString tickLabel(std::int64_t ns, std::int64_t step) {
  const double s = static_cast<double>(ns) / 1e9;
  const int decimals = step >= 1'000'000'000 ? 0
                       : step >= 100'000'000 ? 1
                       : step >= 10'000'000  ? 2
                                             : 3;
  return QString::number(s, 'f', decimals) + QStringLiteral(" s");
}
}  // namespace

OperationsCanvas::OperationsCanvas(const OperationsModel* model, QWidget* parent)
    : QWidget(parent), model_(model) {
  setMouseTracking(true);
  setAutoFillBackground(true);
  QPalette pal = palette();
  pal.setColor(QPalette::Window, Qt::white);
  setPalette(pal);
}

void OperationsCanvas::modelChanged() {
  if (fitted_) fit();
  layoutRows();
  update();
}

void OperationsCanvas::setKeyFilter(const QString& key) {
  key_ = key;
  layoutRows();
  update();
}

void OperationsCanvas::setCursorTime(std::int64_t ns) {
  cursor_ = ns;
  update();
}

void OperationsCanvas::setSelected(int op) {
  selected_ = op;
  update();
}

void OperationsCanvas::setConflicting(const std::vector<int>& ops, int culprit) {
  conflicting_ = QSet<int>(ops.begin(), ops.end());
  culprit_ = culprit;
  update();
}

void OperationsCanvas::fit() {
  std::int64_t first = 0, last = 1;
  if (model_->count() > 0) {
    first = model_->at(0).startNs;
    last = std::max(model_->lastTimeNs(), first + 1);
  }
  const std::int64_t margin = std::max<std::int64_t>((last - first) / 50, 1);
  t0_ = std::max<std::int64_t>(0, first - margin);
  t1_ = last + margin;
  fitted_ = true;
  update();
}

void OperationsCanvas::setWindow(std::int64_t t0, std::int64_t t1) {
  t0_ = std::max<std::int64_t>(0, t0);
  t1_ = std::max(t1, t0_ + 1000);
  fitted_ = false;
  update();
}

bool OperationsCanvas::isShown(int op) const {
  return op >= 0 && op < static_cast<int>(lane_.size()) && lane_[op] >= 0;
}

std::int64_t OperationsCanvas::endOf(const ClientOperation& op) const {
  return op.endNs >= 0 ? op.endNs : std::max(model_->lastTimeNs(), op.startNs);
}

void OperationsCanvas::layoutRows() {
  const int n = model_->count();
  const QStringList& nodes = model_->nodes();
  lane_.assign(n, -1);
  subRow_.assign(n, -1);
  std::vector<std::vector<std::int64_t>> rowEnds(nodes.size());  // per lane, per sub-row
  for (int i = 0; i < n; ++i) {
    const ClientOperation& op = model_->at(i);
    if (!key_.isEmpty() && op.key != key_) continue;
    const int lane = static_cast<int>(nodes.indexOf(op.node));
    if (lane < 0) continue;
    auto& ends = rowEnds[lane];
    int row = 0;
    while (row < static_cast<int>(ends.size()) && ends[row] >= op.startNs) ++row;
    if (row == static_cast<int>(ends.size())) ends.push_back(0);
    ends[row] = endOf(op);
    lane_[i] = lane;
    subRow_[i] = row;
  }
  laneFirstRow_.assign(nodes.size(), 0);
  laneRows_.assign(nodes.size(), 1);
  totalRows_ = 0;
  for (int l = 0; l < nodes.size(); ++l) {
    laneFirstRow_[l] = totalRows_;
    laneRows_[l] = std::max<int>(1, static_cast<int>(rowEnds[l].size()));
    totalRows_ += laneRows_[l];
  }
}

double OperationsCanvas::xOf(std::int64_t ns) const {
  const double w = std::max(1.0, width() - kGutter - 8);
  return kGutter + w * static_cast<double>(ns - t0_) / static_cast<double>(t1_ - t0_);
}

std::int64_t OperationsCanvas::timeAt(double x) const {
  const double w = std::max(1.0, width() - kGutter - 8);
  return t0_ + static_cast<std::int64_t>((x - kGutter) / w * static_cast<double>(t1_ - t0_));
}

QRectF OperationsCanvas::barRect(int op) const {
  if (!isShown(op)) return {};
  const int lanes = static_cast<int>(laneRows_.size());
  const double free = height() - kAxis - kLaneGap * (lanes + 1);
  const double rowH = std::clamp(free / std::max(1, totalRows_), kMinRow, kMaxRow);
  const int lane = lane_[op];
  const double y = kAxis + kLaneGap * (lane + 1) + rowH * (laneFirstRow_[lane] + subRow_[op]);
  const ClientOperation& o = model_->at(op);
  // Short operations keep a visible body: wide enough to show their colour
  // inside a red outline.
  const double minWidth = conflicting_.contains(op) ? 10 : 4;
  const double x0 = xOf(o.startNs);
  const double x1 = std::max(xOf(endOf(o)), x0 + minWidth);
  return QRectF(x0, y + 1, x1 - x0, rowH - 2);
}

int OperationsCanvas::operationAt(QPointF p) const {
  for (int i = model_->count() - 1; i >= 0; --i) {
    if (isShown(i) && barRect(i).adjusted(-2, 0, 2, 0).contains(p)) return i;
  }
  return -1;
}

void OperationsCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing, false);
  if (model_->count() == 0) {
    p.setPen(Qt::darkGray);
    p.drawText(rect(), Qt::AlignCenter,
               tr("No client operations in this run yet.\n"
                  "CATS nodes record every get, put and del they coordinate."));
    return;
  }
  if (lane_.size() != static_cast<std::size_t>(model_->count())) layoutRows();
  if (cursor_ >= 0 && cursor_ < t1_) {
    const double x = std::max(kGutter, xOf(cursor_));
    p.fillRect(QRectF(x, kAxis, width() - x, height() - kAxis), kFutureShade);
  }
  paintAxis(p);
  paintLanes(p);
  p.setClipRect(QRectF(kGutter, kAxis, width() - kGutter, height() - kAxis));
  // Dimmed ones first, then the conflicting ones and the selection on top.
  const auto visible = [&](int i) {
    const ClientOperation& o = model_->at(i);
    return isShown(i) && o.startNs <= t1_ && endOf(o) >= t0_;
  };
  for (int i = 0; i < model_->count(); ++i)
    if (visible(i) && !conflicting_.contains(i) && i != selected_) paintBar(p, i);
  for (int i : conflicting_)
    if (visible(i) && i != selected_) paintBar(p, i);
  if (selected_ >= 0 && selected_ < model_->count() && visible(selected_)) paintBar(p, selected_);
  p.setClipping(false);
  if (cursor_ >= 0 && cursor_ >= t0_ && cursor_ <= t1_) {
    p.setPen(QPen(kCursor, 1.5));
    p.drawLine(QPointF(xOf(cursor_), kAxis), QPointF(xOf(cursor_), height()));
  }
}

void OperationsCanvas::paintAxis(QPainter& p) {
  const std::int64_t step =
      tickStep(t1_ - t0_, std::max(2, (width() - static_cast<int>(kGutter)) / 110));
  p.setPen(QColor(0x90, 0x90, 0x90));
  p.drawLine(QPointF(kGutter, kAxis), QPointF(width(), kAxis));
  for (std::int64_t t = (t0_ / step) * step; t <= t1_; t += step) {
    if (t < t0_) continue;
    const double x = xOf(t);
    p.setPen(QColor(0xe6, 0xe6, 0xe6));
    p.drawLine(QPointF(x, kAxis), QPointF(x, height()));
    p.setPen(QColor(0x60, 0x60, 0x60));
    p.drawLine(QPointF(x, kAxis - 4), QPointF(x, kAxis));
    p.drawText(QRectF(x - 50, 2, 100, kAxis - 6), Qt::AlignCenter, tickLabel(t, step));
  }
}

void OperationsCanvas::paintLanes(QPainter& p) {
  const QStringList& nodes = model_->nodes();
  const int lanes = static_cast<int>(laneRows_.size());
  const double free = height() - kAxis - kLaneGap * (lanes + 1);
  const double rowH = std::clamp(free / std::max(1, totalRows_), kMinRow, kMaxRow);
  for (int l = 0; l < lanes && l < nodes.size(); ++l) {
    const double y = kAxis + kLaneGap * (l + 1) + rowH * laneFirstRow_[l];
    const double h = rowH * laneRows_[l];
    p.setPen(QColor(0xdd, 0xdd, 0xdd));
    p.drawLine(QPointF(kGutter, y + h + kLaneGap / 2), QPointF(width(), y + h + kLaneGap / 2));
    p.setPen(QColor(0x30, 0x30, 0x30));
    p.drawText(QRectF(4, y, kGutter - 10, std::max(h, 14.0)), Qt::AlignRight | Qt::AlignVCenter,
               nodes[l]);
  }
}

void OperationsCanvas::paintBar(QPainter& p, int i) {
  const ClientOperation& op = model_->at(i);
  QRectF r = barRect(i);
  const bool conflict = conflicting_.contains(i);
  const bool dimmed = !conflicting_.isEmpty() && !conflict && i != selected_;
  const bool future = cursor_ >= 0 && op.startNs > cursor_;
  // Only the part up to the cursor has happened: an operation still running
  // at the cursor is drawn open up to it.
  const bool openAtCursor = cursor_ >= 0 && !future && (op.endNs < 0 || op.endNs > cursor_);
  QColor fill = openAtCursor ? kPending : outcomeColor(op);
  if (op.isRead()) fill = fill.lighter(135);
  if (dimmed || future) fill.setAlpha(60);
  QColor edge = fill.darker(130);
  if (dimmed || future) edge.setAlpha(90);
  QPen pen(edge, 1);
  if (op.outcome == ClientOperation::Outcome::Unknown ||
      op.outcome == ClientOperation::Outcome::Pending || openAtCursor) {
    pen.setStyle(Qt::DashLine);
  }
  if (conflict) pen = QPen(kConflict, 2.5);
  if (i == selected_) pen = QPen(QColor(0x21, 0x21, 0x21), 2.5);
  if (openAtCursor) {
    r.setRight(std::max(r.left() + 3, xOf(cursor_)));
    // Open-ended: fade the fill towards the right edge.
    QLinearGradient g(r.topLeft(), r.topRight());
    g.setColorAt(0, fill);
    QColor end = fill;
    end.setAlpha(20);
    g.setColorAt(1, end);
    p.setBrush(g);
  } else if (op.outcome == ClientOperation::Outcome::Unknown) {
    QLinearGradient g(r.topLeft(), r.topRight());
    g.setColorAt(0, fill);
    QColor end = fill;
    end.setAlpha(40);
    g.setColorAt(1, end);
    p.setBrush(g);
  } else {
    p.setBrush(fill);
  }
  if (conflict) {
    // A pale red band across the lane row, so a short marked operation is
    // found at a glance even in a long run.
    QColor band = kConflict;
    band.setAlpha(40);
    p.fillRect(QRectF(r.left() - 4, r.top() - 1, r.width() + 8, r.height() + 2), band);
  }
  p.setPen(pen);
  p.drawRect(r);
  if (r.width() > 28 && r.height() >= 11) {
    QString text = op.label();
    if (conflict && i == culprit_) text = QStringLiteral("★ ") + text;
    p.setPen(dimmed || future ? QColor(0x90, 0x90, 0x90) : QColor(0x10, 0x10, 0x10));
    QFont f = font();
    if (f.pointSizeF() > 0) f.setPointSizeF(std::min(f.pointSizeF(), r.height() * 0.55));
    p.setFont(f);
    p.drawText(r.adjusted(3, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft,
               QFontMetrics(f).elidedText(text, Qt::ElideRight, static_cast<int>(r.width() - 5)));
    p.setFont(font());
  } else if (conflict && i == culprit_) {
    p.setPen(kConflict);
    p.drawText(QPointF(r.right() + 2, r.bottom()), QStringLiteral("★"));
  }
}

void OperationsCanvas::mousePressEvent(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton) return;
  const int op = operationAt(e->position());
  if (op >= 0) {
    emit operationClicked(op);
    return;
  }
  dragging_ = true;
  dragX_ = e->position().x();
  dragT0_ = t0_;
  dragT1_ = t1_;
}

void OperationsCanvas::mouseMoveEvent(QMouseEvent* e) {
  if (dragging_) {
    const double w = std::max(1.0, width() - kGutter - 8);
    const auto shift = static_cast<std::int64_t>((dragX_ - e->position().x()) / w *
                                                 static_cast<double>(dragT1_ - dragT0_));
    t0_ = dragT0_ + shift;
    t1_ = dragT1_ + shift;
    fitted_ = false;
    update();
    return;
  }
  const int op = operationAt(e->position());
  if (op < 0) {
    setToolTip({});
    return;
  }
  const ClientOperation& o = model_->at(op);
  QString tip = o.label() + QStringLiteral("\n") + o.client + QStringLiteral(" via ") + o.node;
  tip += QStringLiteral("\ninvoked %1 s").arg(static_cast<double>(o.startNs) / 1e9, 0, 'f', 4);
  if (o.endNs >= 0)
    tip += QStringLiteral(", answered after %1 ms")
               .arg(static_cast<double>(o.endNs - o.startNs) / 1e6, 0, 'f', 1);
  if (!o.reason.isEmpty()) tip += QStringLiteral("\n") + o.reason;
  setToolTip(tip);
}

void OperationsCanvas::mouseReleaseEvent(QMouseEvent*) { dragging_ = false; }

void OperationsCanvas::mouseDoubleClickEvent(QMouseEvent*) { fit(); }

void OperationsCanvas::wheelEvent(QWheelEvent* e) {
  const double factor = e->angleDelta().y() > 0 ? 0.8 : 1.25;
  const std::int64_t at = timeAt(e->position().x());
  t0_ = at - static_cast<std::int64_t>(static_cast<double>(at - t0_) * factor);
  t1_ = at + static_cast<std::int64_t>(static_cast<double>(t1_ - at) * factor);
  if (t1_ - t0_ < 1000) t1_ = t0_ + 1000;
  fitted_ = false;
  update();
}

void OperationsCanvas::resizeEvent(QResizeEvent*) { update(); }

}  // namespace catslab::ui::operations
