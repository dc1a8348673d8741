#include "snapshot_view/spacetime/spacetime_legend.h"

#include <QPainter>

#include "snapshot_view/spacetime/spacetime_style.h"

namespace catslab::ui::spacetime {

namespace {
constexpr int kGlyphW = 26;
constexpr int kRowH = 18;
constexpr int kGap = 14;
}  // namespace

SpaceTimeLegend::SpaceTimeLegend(QWidget* parent) : QWidget(parent) {
  items_ = {
      {Glyph::Arrow, tr("message, sender → receiver (colour: message type)")},
      {Glyph::Drop, tr("message dropped (loss, partition, node down)")},
      {Glyph::OpOk, tr("client operation: command → answer")},
      {Glyph::OpFailed, tr("answered with an error")},
      {Glyph::OpOpen, tr("no answer yet")},
      {Glyph::Local, tr("local event (state change, log line)")},
      {Glyph::LaneDown, tr("node down")},
      {Glyph::Crash, tr("crash")},
      {Glyph::Past, tr("causal past of the selected event: could have influenced it")},
      {Glyph::Future, tr("causal future: could be influenced by it")},
      {Glyph::Cursor, tr("timeline position (later time shaded)")},
  };
  QSizePolicy sp(QSizePolicy::Preferred, QSizePolicy::Fixed);
  sp.setHeightForWidth(true);
  setSizePolicy(sp);
}

QSize SpaceTimeLegend::sizeHint() const { return {600, heightForWidth(600)}; }

int SpaceTimeLegend::heightForWidth(int width) const { return layout(width, nullptr); }

int SpaceTimeLegend::layout(int width, QPainter* painter) const {
  const QFontMetrics fm(font());
  int x = 6, y = 3;
  for (const Item& item : items_) {
    const int w = kGlyphW + 4 + fm.horizontalAdvance(item.text);
    if (x > 6 && x + w > width - 6) {
      x = 6;
      y += kRowH;
    }
    if (painter) {
      drawGlyph(*painter, item.glyph, QRectF(x, y, kGlyphW, kRowH));
      painter->setPen(palette().color(QPalette::WindowText));
      painter->drawText(QRectF(x + kGlyphW + 4, y, w, kRowH), Qt::AlignVCenter, item.text);
    }
    x += w + kGap;
  }
  return y + kRowH + 3;
}

void SpaceTimeLegend::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), QColor(0xfa, 0xfa, 0xfa));
  p.setRenderHint(QPainter::Antialiasing);
  layout(width(), &p);
}

void SpaceTimeLegend::drawGlyph(QPainter& p, Glyph g, QRectF box) const {
  const double y = box.center().y();
  const double x0 = box.left() + 2, x1 = box.right() - 2;
  p.setBrush(Qt::NoBrush);
  auto bar = [&](const QColor& c, bool open) {
    QColor fill = c;
    fill.setAlpha(open ? 110 : 200);
    const QRectF r(x0, y - 4, x1 - x0, 8);
    p.fillRect(r, fill);
    p.setPen(QPen(c.darker(130), 1, open ? Qt::DashLine : Qt::SolidLine));
    p.drawRect(r);
  };
  auto band = [&](QColor c) {
    c.setAlpha(60);
    p.fillRect(QRectF(x0, y - 3.5, x1 - x0, 7), c);
    p.setPen(QPen(style::kLane, 1.2));
    p.drawLine(QPointF(x0, y), QPointF(x1, y));
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(c.rgb()));
    p.drawEllipse(QPointF((x0 + x1) / 2, y), 2.8, 2.8);
  };
  switch (g) {
    case Glyph::Arrow: {
      const QColor c = style::typeColor(0);
      p.setPen(QPen(c, 1.3));
      p.drawLine(QPointF(x0, y - 5), QPointF(x1 - 2, y + 5));
      p.setBrush(c);
      p.setPen(Qt::NoPen);
      const QPointF tip(x1, y + 6);
      const QPointF pts[3] = {tip, tip + QPointF(-7, -1.5), tip + QPointF(-4.5, -6.5)};
      p.drawPolygon(pts, 3);
      break;
    }
    case Glyph::Drop: {
      p.setPen(QPen(style::typeColor(1), 1.3));
      const QPointF end((x0 + x1) / 2 + 3, y + 1);
      p.drawLine(QPointF(x0, y - 5), end);
      p.setPen(QPen(style::kDrop, 2));
      p.drawLine(end + QPointF(-4, -4), end + QPointF(4, 4));
      p.drawLine(end + QPointF(-4, 4), end + QPointF(4, -4));
      break;
    }
    case Glyph::OpOk:
      return bar(style::kOpOk, false);
    case Glyph::OpFailed:
      return bar(style::kOpFailed, false);
    case Glyph::OpOpen:
      return bar(style::kOpOpen, true);
    case Glyph::Local:
      p.setPen(QPen(style::kLane, 1.2));
      p.drawLine(QPointF(x0, y), QPointF(x1, y));
      p.setPen(QPen(style::kLocal, 1));
      for (double x : {x0 + 5, x0 + 10, x1 - 5}) p.drawLine(QPointF(x, y + 2), QPointF(x, y + 6));
      break;
    case Glyph::LaneDown:
      p.setPen(QPen(style::kLaneDown, 1.2, Qt::DashLine));
      p.drawLine(QPointF(x0, y), QPointF(x1, y));
      break;
    case Glyph::Crash:
      p.setPen(QPen(style::kLane, 1.2));
      p.drawLine(QPointF(x0, y), QPointF((x0 + x1) / 2, y));
      p.setPen(QPen(style::kCrash, 2.2));
      p.drawLine(QPointF((x0 + x1) / 2 - 5, y - 5), QPointF((x0 + x1) / 2 + 5, y + 5));
      p.drawLine(QPointF((x0 + x1) / 2 - 5, y + 5), QPointF((x0 + x1) / 2 + 5, y - 5));
      break;
    case Glyph::Past:
      return band(style::kPast);
    case Glyph::Future:
      return band(style::kFuture);
    case Glyph::Cursor:
      p.fillRect(QRectF((x0 + x1) / 2, box.top() + 2, x1 - (x0 + x1) / 2, box.height() - 4),
                 style::kFutureShade.darker(105));
      p.setPen(QPen(style::kCursor, 1.5));
      p.drawLine(QPointF((x0 + x1) / 2, box.top() + 2), QPointF((x0 + x1) / 2, box.bottom() - 2));
      break;
  }
}

}  // namespace catslab::ui::spacetime
