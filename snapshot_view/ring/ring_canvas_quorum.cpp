// RingCanvas: the quorum of the selected client operation (see ring_canvas.h).
#include <QPainter>
#include <QPainterPath>

#include "snapshot_view/ring/ring_canvas.h"

namespace catslab::ui::ring {

QColor verdictColour(ReplyVerdict v) {
  switch (v) {
    case ReplyVerdict::Counted:
      return QColor(46, 125, 50);
    case ReplyVerdict::Refused:
      return QColor(198, 40, 40);
    case ReplyVerdict::OtherView:
      return QColor(239, 108, 0);
    case ReplyVerdict::NotMember:
    case ReplyVerdict::NotNeeded:
      return QColor(84, 110, 122);
    case ReplyVerdict::NoReply:
      return QColor(150, 150, 150);
  }
  return Qt::black;
}

namespace {
// The tag by a replica: the reply's view id and the verdict in a word or two.
QString tagOf(const QuorumTarget& t) {
  switch (t.verdict) {
    case ReplyVerdict::Counted:
      return QStringLiteral("v%1 ✓").arg(t.view);
    case ReplyVerdict::Refused:
      return QStringLiteral("v%1 refused").arg(t.view);
    case ReplyVerdict::OtherView:
      return QStringLiteral("v%1 ignored").arg(t.view);
    case ReplyVerdict::NotMember:
      return QStringLiteral("v%1 not member").arg(t.view);
    case ReplyVerdict::NotNeeded:
      return QStringLiteral("v%1 not needed").arg(t.view);
    case ReplyVerdict::NoReply:
      return QStringLiteral("no reply");
  }
  return {};
}
}  // namespace

QStringList RingCanvas::quorumNodes() const {
  QStringList out;
  if (quorum_.empty()) return out;
  if (snap_.node(quorum_.coordinator)) out << quorum_.coordinator;
  for (const QuorumTarget& t : quorum_.targets)
    if (snap_.node(t.node) && !out.contains(t.node)) out << t.node;
  return out;
}

void RingCanvas::paintQuorum(QPainter& p) const {
  if (quorum_.empty() || !snap_.node(quorum_.coordinator)) return;
  const double r = radius();
  const QPointF from = nodePoint(quorum_.coordinator, r);
  // Requests: an arrow from the coordinator to each node asked, straight
  // across the circle, in the colour of what became of its reply.
  for (const QuorumTarget& t : quorum_.targets) {
    if (t.node == quorum_.coordinator || !snap_.node(t.node)) continue;
    const QPointF to = nodePoint(t.node, r);
    const QLineF line(from, to);
    if (line.length() < 2 * kNodeRadius + 4) continue;
    const QPointF unit = (to - from) / line.length();
    const QPointF a = from + unit * (kNodeRadius + 2);
    const QPointF b = to - unit * (kNodeRadius + 3);
    const QColor c = verdictColour(t.verdict);
    const bool none = t.verdict == ReplyVerdict::NoReply;
    p.setPen(QPen(c, none ? 1.8 : 2.6, none ? Qt::DashLine : Qt::SolidLine, Qt::RoundCap));
    p.drawLine(a, b);
    const double ang = std::atan2(unit.y(), unit.x());
    QPolygonF head;
    head << b << b - QPointF(11 * std::cos(ang - 0.4), 11 * std::sin(ang - 0.4))
         << b - QPointF(11 * std::cos(ang + 0.4), 11 * std::sin(ang + 0.4));
    p.setPen(Qt::NoPen);
    p.setBrush(c);
    p.drawPolygon(head);
  }
  // Tags just inside the circle, under each node asked.
  QFont bold = font();
  bold.setBold(true);
  bold.setPointSizeF(bold.pointSizeF() * 0.9);
  p.setFont(bold);
  const QFontMetricsF fm(bold);
  for (const QuorumTarget& t : quorum_.targets) {
    if (!snap_.node(t.node)) continue;
    const QString tag = tagOf(t);
    const QPointF at = nodePoint(t.node, r - kNodeRadius - 16);
    const double w = fm.horizontalAdvance(tag) + 8;
    const QRectF box(at - QPointF(w / 2, 9), QSizeF(w, 18));
    const QColor c = verdictColour(t.verdict);
    p.setPen(QPen(c, 1.2));
    p.setBrush(QColor(255, 255, 255, 235));
    p.drawRoundedRect(box, 4, 4);
    p.setPen(c.darker(120));
    p.drawText(box, Qt::AlignCenter, tag);
  }
  p.setFont(font());
  // The coordinator: a thick amber ring around it.
  p.setPen(QPen(kCoordinatorColour, 5));
  p.setBrush(Qt::NoBrush);
  p.drawEllipse(from, kNodeRadius + 6, kNodeRadius + 6);
}

}  // namespace catslab::ui::ring
