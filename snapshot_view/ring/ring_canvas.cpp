#include "snapshot_view/ring/ring_canvas.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QtMath>

namespace catslab::ui::ring {

namespace {
constexpr double kBandInner = 34;  // band of group segments, outside the node circle
constexpr double kBandOuter = 54;
const QColor kSideA(52, 120, 246);
const QColor kSideB(229, 57, 53);
const QColor kBusy(142, 68, 173);

double angleOf(std::uint64_t position) {
  return 2 * M_PI * static_cast<double>(position) / static_cast<double>(kRingSize);
}

QColor sliceColour(const GroupArc& g, bool busy) {
  if (busy) return kBusy.lighter(150);
  if (g.vid == 0) return QColor(220, 220, 220);
  if (g.settled()) return QColor(165, 214, 167);
  if (g.memberDown()) return QColor(255, 171, 145);
  return QColor(255, 224, 130);  // a member joining or behind
}
}  // namespace

QColor statusColour(NodeStatus s) {
  switch (s) {
    case NodeStatus::Ready:
      return QColor(67, 160, 71);
    case NodeStatus::Joining:
      return QColor(245, 166, 35);
    case NodeStatus::Suspected:
      return QColor(216, 67, 21);
    case NodeStatus::Leaving:
      return QColor(96, 125, 139);
    case NodeStatus::Left:
      return QColor(144, 164, 174);
    case NodeStatus::Down:
      return QColor(189, 189, 189);
  }
  return Qt::black;
}

RingCanvas::RingCanvas(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setMinimumSize(360, 320);
  setAutoFillBackground(true);
  QPalette pal = palette();
  pal.setColor(QPalette::Window, Qt::white);
  setPalette(pal);
}

void RingCanvas::setSnapshot(RingSnapshot snapshot, const QString& caption) {
  snap_ = std::move(snapshot);
  angles_.clear();
  caption_ = caption;
  update();
}

void RingCanvas::setSelectedSlice(int slice) {
  selectedSlice_ = slice;
  update();
}

void RingCanvas::setSelectedNode(const QString& id) {
  selectedNode_ = id;
  update();
}

void RingCanvas::setBusySlices(QSet<int> slices) {
  busy_ = std::move(slices);
  update();
}

void RingCanvas::setQuorum(RingQuorum quorum) {
  quorum_ = std::move(quorum);
  update();
}

void RingCanvas::setMarkedKey(const QString& key, int slice, std::uint64_t position) {
  markedKey_ = key;
  markedSlice_ = slice;
  markedPosition_ = position;
  update();
}

int RingCanvas::captionLines() const {
  return 1 + (snap_.partitions.empty() ? 0 : 1) + (quorum_.empty() ? 0 : 1);
}

QPointF RingCanvas::centre() const {
  return QPointF(width() / 2.0, height() / 2.0 + 10.0 * captionLines());
}

double RingCanvas::radius() const {
  return std::max(60.0, std::min(width(), height() - 20 * captionLines()) / 2.0 - kBandOuter - 36);
}

QPointF RingCanvas::pointAt(std::uint64_t position, double r) const {
  const double a = angleOf(position);
  return centre() + QPointF(r * std::sin(a), -r * std::cos(a));
}

double RingCanvas::nodeAngle(const QString& id) const {
  // Nodes closer than their size are spread apart along the circle (in ring
  // order), so every node stays readable; the tooltip has the exact position.
  const double r = radius();
  if (anglesFor_ != r || angles_.size() != snap_.nodes.size()) {
    angles_.clear();
    const double gap = std::min(2 * M_PI / std::max<std::size_t>(1, snap_.nodes.size()),
                                (2 * kNodeRadius + 12) / r);
    std::vector<double> a;
    for (const RingNode& n : snap_.nodes) a.push_back(angleOf(n.position));
    for (int pass = 0; pass < 3; ++pass) {
      for (std::size_t i = 1; i < a.size(); ++i) a[i] = std::max(a[i], a[i - 1] + gap);
      if (a.size() > 1 && a.back() > a.front() + 2 * M_PI - gap) {
        const double over = a.back() - (a.front() + 2 * M_PI - gap);
        for (double& x : a) x -= over / 2;  // shift back a little and retry
      }
    }
    for (std::size_t i = 0; i < a.size(); ++i) angles_[snap_.nodes[i].id] = a[i];
    anglesFor_ = r;
  }
  const auto it = angles_.find(id);
  return it == angles_.end() ? 0 : it->second;
}

QPointF RingCanvas::nodePoint(const QString& id, double r) const {
  const double a = nodeAngle(id);
  return centre() + QPointF(r * std::sin(a), -r * std::cos(a));
}

QPointF RingCanvas::nodeCentre(const QString& id) const {
  return snap_.node(id) ? nodePoint(id, radius()) : QPointF();
}

QString RingCanvas::nodeAt(QPointF p) const {
  for (const RingNode& n : snap_.nodes) {
    if (QLineF(p, nodePoint(n.id, radius())).length() <= kNodeRadius + 2) return n.id;
  }
  return {};
}

int RingCanvas::sliceAt(QPointF p) const {
  if (snap_.slices <= 0) return -1;
  const QPointF d = p - centre();
  const double r = std::hypot(d.x(), d.y());
  if (r < radius() + kBandInner || r > radius() + kBandOuter) return -1;
  double a = std::atan2(d.x(), -d.y());
  if (a < 0) a += 2 * M_PI;
  return std::min(snap_.slices - 1, static_cast<int>(a / (2 * M_PI) * snap_.slices));
}

QString RingCanvas::nodeTip(const RingNode& n) const {
  QString tip = QStringLiteral("<b>%1</b> — %2<br>ring position %3")
                    .arg(n.id, statusName(n.status))
                    .arg(n.position);
  if (!n.predecessor.isEmpty()) tip += QStringLiteral("<br>predecessor: ") + n.predecessor;
  if (!n.successors.isEmpty())
    tip += QStringLiteral("<br>successors: ") + n.successors.join(QStringLiteral(", "));
  if (snap_.kind == RingKind::Cats && n.status != NodeStatus::Down)
    tip +=
        QStringLiteral("<br>member of %1 groups (%2 joining)").arg(n.groups).arg(n.joiningGroups);
  if (const int side = snap_.sideOf(n.id))
    tip += QStringLiteral("<br>partition side ") +
           (side == 1 ? QStringLiteral("A") : QStringLiteral("B"));
  const QString q = quorum_.describe(n.id);
  if (!q.isEmpty()) tip += QStringLiteral("<br><b>quorum</b>: ") + q.toHtmlEscaped();
  return tip;
}

QString RingCanvas::sliceTip(const GroupArc& g) const {
  QString tip = QStringLiteral("<b>group %1</b> (slice of positions %2–%3)<br>view v%4")
                    .arg(g.slice)
                    .arg(g.start)
                    .arg(g.end)
                    .arg(g.vid);
  for (const Replica& r : g.replicas) {
    tip +=
        QStringLiteral("<br>%1: %2 in v%3, %4 keys").arg(r.node, r.status).arg(r.vid).arg(r.keys);
  }
  if (busy_.contains(g.slice)) tip += QStringLiteral("<br><i>reconfiguring</i>");
  return tip;
}

QString RingCanvas::toolTipAt(QPointF p) const {
  const QString id = nodeAt(p);
  if (const RingNode* n = id.isEmpty() ? nullptr : snap_.node(id)) return nodeTip(*n);
  if (const GroupArc* g = snap_.group(sliceAt(p))) return sliceTip(*g);
  return {};
}

bool RingCanvas::event(QEvent* e) {
  if (e->type() == QEvent::ToolTip) {
    auto* h = static_cast<QHelpEvent*>(e);
    const QString tip = toolTipAt(h->pos());
    if (tip.isEmpty()) {
      QToolTip::hideText();
    } else {
      QToolTip::showText(h->globalPos(), tip, this);
    }
    return true;
  }
  return QWidget::event(e);
}

void RingCanvas::mousePressEvent(QMouseEvent* e) {
  const QString id = nodeAt(e->position());
  if (!id.isEmpty()) {
    setSelectedNode(id);
    emit nodeClicked(id);
    return;
  }
  const int slice = sliceAt(e->position());
  if (slice >= 0) {
    setSelectedSlice(slice);
    emit sliceClicked(slice);
  }
}

void RingCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  p.setPen(Qt::black);
  p.drawText(QRectF(10, 6, width() - 20, 20), Qt::AlignLeft | Qt::AlignVCenter, caption_);
  p.setFont(font());
  if (snap_.kind == RingKind::None) {
    p.setPen(Qt::darkGray);
    p.drawText(rect(), Qt::AlignCenter,
               tr("No ring at this moment.\nRun or open a CATS, Chord or one-hop run:\n"
                  "its nodes appear here once they report their ring state."));
    return;
  }
  // The circle itself.
  p.setPen(QPen(QColor(200, 200, 200), 1.5));
  p.setBrush(Qt::NoBrush);
  p.drawEllipse(centre(), radius(), radius());
  paintGroups(p);
  paintPointers(p);
  paintQuorum(p);
  paintNodes(p);
  paintCaptions(p);
}

void RingCanvas::paintGroups(QPainter& p) const {
  if (snap_.groups.empty()) return;
  const double r0 = radius() + kBandInner, r1 = radius() + kBandOuter;
  const QRectF outer(centre() - QPointF(r1, r1), QSizeF(2 * r1, 2 * r1));
  const QRectF inner(centre() - QPointF(r0, r0), QSizeF(2 * r0, 2 * r0));
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.8);
  p.setFont(small);
  const QFontMetricsF fm(small);
  for (const GroupArc& g : snap_.groups) {
    // Qt angles: degrees counter-clockwise from 3 o'clock; ours: clockwise from 12.
    const double a0 = angleOf(g.start), a1 = angleOf(g.end + 1);
    const double gap = 0.006;
    const double start = 90 - qRadiansToDegrees(a0 + gap);
    const double span = -qRadiansToDegrees(a1 - a0 - 2 * gap);
    QPainterPath path;
    path.arcMoveTo(outer, start);
    path.arcTo(outer, start, span);
    path.arcTo(inner, start + span, -span);
    path.closeSubpath();
    const bool selected = g.slice == selectedSlice_;
    p.setPen(QPen(selected ? Qt::black : QColor(150, 150, 150), selected ? 2.2 : 0.8));
    p.setBrush(sliceColour(g, busy_.contains(g.slice)));
    p.drawPath(path);
    const QString label = QStringLiteral("v%1").arg(g.vid);
    const double mid = (a0 + a1) / 2, rm = (r0 + r1) / 2;
    if (fm.horizontalAdvance(label) < (a1 - a0) * rm) {
      const QPointF c = centre() + QPointF(rm * std::sin(mid), -rm * std::cos(mid));
      p.setPen(Qt::black);
      p.drawText(QRectF(c - QPointF(20, 8), QSizeF(40, 16)), Qt::AlignCenter, label);
    }
  }
  // The selected group: lines from its segment to its members.
  if (const GroupArc* g = snap_.group(selectedSlice_)) {
    const double mid = (angleOf(g->start) + angleOf(g->end + 1)) / 2;
    const QPointF from = centre() + QPointF(r0 * std::sin(mid), -r0 * std::cos(mid));
    for (const Replica& rep : g->replicas) {
      const RingNode* n = snap_.node(rep.node);
      if (!n) continue;
      const bool ready = rep.vid == g->vid && rep.status == QStringLiteral("ready");
      p.setPen(QPen(ready ? QColor(46, 125, 50) : QColor(239, 108, 0), 2, Qt::DotLine));
      p.drawLine(from, nodePoint(n->id, radius()));
    }
  }
  // A key the inspector looks at: a tick on the circle.
  if (markedSlice_ >= 0) {
    const QPointF a = pointAt(markedPosition_, radius() + kBandOuter + 2);
    const QPointF b = pointAt(markedPosition_, radius() + kBandOuter + 14);
    const QPointF t = pointAt(markedPosition_, radius() + kBandOuter + 26);
    p.setPen(QPen(Qt::black, 2));
    p.drawLine(a, b);
    p.drawText(QRectF(t - QPointF(60, 8), QSizeF(120, 16)), Qt::AlignCenter,
               QStringLiteral("key ") + markedKey_);
  }
  p.setFont(font());
}

void RingCanvas::paintPointers(QPainter& p) const {
  const double r = radius();
  // A pointer runs inside the circle along an arc at radius `rr`, clockwise
  // (successors) or counter-clockwise (predecessors), from one node to another.
  auto arc = [&](const QString& from, const QString& to, double rr, bool clockwise,
                 const QPen& pen) {
    const double a0 = nodeAngle(from), a1 = nodeAngle(to);
    double sweep = clockwise ? a1 - a0 : a0 - a1;
    while (sweep <= 0) sweep += 2 * M_PI;
    const double dir = clockwise ? 1 : -1;
    const double inset = std::min(0.5 * sweep, (kNodeRadius * 0.6) / rr);
    auto at = [&](double ang, double rad) {
      return centre() + QPointF(rad * std::sin(ang), -rad * std::cos(ang));
    };
    QPainterPath path(at(a0, r - kNodeRadius));
    const int steps = std::max(4, static_cast<int>(sweep * 40));
    for (int i = 0; i <= steps; ++i) {
      const double t = a0 + dir * (inset + (sweep - 2 * inset) * i / steps);
      path.lineTo(at(t, rr));
    }
    const QPointF tip = at(a1, r - kNodeRadius - 1);
    const QPointF before = path.currentPosition();
    path.lineTo(tip);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    const QPointF d = tip - before;
    const double ang = std::atan2(d.y(), d.x());
    QPolygonF head;
    head << tip << tip - QPointF(8 * std::cos(ang - 0.45), 8 * std::sin(ang - 0.45))
         << tip - QPointF(8 * std::cos(ang + 0.45), 8 * std::sin(ang + 0.45));
    p.setBrush(pen.color());
    p.setPen(Qt::NoPen);
    p.drawPolygon(head);
  };
  // Under a quorum the pointers step back, so the quorum's arrows stand out.
  if (!quorum_.empty()) p.setOpacity(0.3);
  for (const RingNode& n : snap_.nodes) {
    if (n.status == NodeStatus::Down || n.status == NodeStatus::Left) continue;
    const bool sel = n.id == selectedNode_;
    if (!n.successors.isEmpty() && snap_.node(n.successors.front())) {
      const QString& s = n.successors.front();
      const bool crossing =
          snap_.sideOf(n.id) && snap_.sideOf(s) && snap_.sideOf(n.id) != snap_.sideOf(s);
      arc(n.id, s, r - 24, true,
          QPen(crossing ? kSideB : QColor(25, 118, 210), sel ? 2.6 : 1.6,
               crossing ? Qt::DashLine : Qt::SolidLine));
    }
    // The rest of the successor list, for the selected node.
    if (sel) {
      for (int i = 1; i < n.successors.size(); ++i) {
        if (snap_.node(n.successors[i]))
          arc(n.id, n.successors[i], r - 48 - 12 * (i - 1), true, QPen(QColor(100, 181, 246), 1.4));
      }
    }
    if (!n.predecessor.isEmpty() && snap_.node(n.predecessor))
      arc(n.id, n.predecessor, r - 36, false, QPen(QColor(120, 120, 120), 1.0, Qt::DashLine));
  }
  p.setOpacity(1);
}

void RingCanvas::paintNodes(QPainter& p) const {
  const double r = radius();
  QFont bold = font();
  bold.setBold(true);
  for (const RingNode& n : snap_.nodes) {
    const QPointF c = nodePoint(n.id, r);
    if (const int side = snap_.sideOf(n.id)) {
      p.setPen(Qt::NoPen);
      QColor halo = side == 1 ? kSideA : kSideB;
      halo.setAlpha(70);
      p.setBrush(halo);
      p.drawEllipse(c, kNodeRadius + 9, kNodeRadius + 9);
    }
    const QColor fill = statusColour(n.status);
    QPen pen(n.id == selectedNode_ ? Qt::black : fill.darker(140), n.id == selectedNode_ ? 3 : 1.5);
    const bool off = n.status == NodeStatus::Down || n.status == NodeStatus::Left;
    if (n.status == NodeStatus::Suspected || off) pen.setStyle(Qt::DashLine);
    p.setPen(pen);
    p.setBrush(off ? QBrush(Qt::white) : QBrush(fill));
    p.drawEllipse(c, kNodeRadius, kNodeRadius);
    // Label inside the circle; the status in words just inside the ring.
    p.setFont(bold);
    p.setPen(off ? Qt::darkGray : Qt::white);
    p.drawText(
        QRectF(c - QPointF(kNodeRadius, kNodeRadius), QSizeF(2 * kNodeRadius, 2 * kNodeRadius)),
        Qt::AlignCenter, n.id);
    p.setFont(font());
    if (n.status != NodeStatus::Ready) {
      const QPointF t = nodePoint(n.id, r + kNodeRadius + 10);
      const QString word = statusName(n.status);
      const QRectF box(t - QPointF(fontMetrics().horizontalAdvance(word) / 2.0 + 3, 8),
                       QSizeF(fontMetrics().horizontalAdvance(word) + 6, 16));
      p.setPen(Qt::NoPen);
      p.setBrush(QColor(255, 255, 255, 220));  // readable over the group band
      p.drawRoundedRect(box, 3, 3);
      p.setPen(fill.darker(150));
      p.drawText(box, Qt::AlignCenter, word);
    }
  }
}

namespace {
// A legend entry: a small mark in `colour` and its meaning.
QString swatch(const QColor& colour, const QString& text, const char* shape) {
  const QString c = colour.name();
  QString mark;
  if (qstrcmp(shape, "dot") == 0) {
    mark = QStringLiteral("<span style='color:%1; font-size:large'>●</span>").arg(c);
  } else if (qstrcmp(shape, "line") == 0) {
    mark = QStringLiteral("<span style='color:%1'><b>━━</b></span>").arg(c);
  } else if (qstrcmp(shape, "dash") == 0) {
    mark = QStringLiteral("<span style='color:%1'><b>╌╌</b></span>").arg(c);
  } else if (qstrcmp(shape, "arrow") == 0) {
    mark = QStringLiteral("<span style='color:%1'><b>━▶</b></span>").arg(c);
  } else {
    mark = QStringLiteral(
               "<span style='background:%1; border:1px solid #888'>&nbsp;&nbsp;&nbsp;&nbsp;</span>")
               .arg(c);
  }
  return QStringLiteral("<span style='white-space:nowrap'>%1&nbsp;%2</span> &nbsp; ")
      .arg(mark, text.toHtmlEscaped());
}
}  // namespace

QString RingCanvas::legendHtml() const {
  if (snap_.kind == RingKind::None) return {};
  QString html;
  for (NodeStatus s : {NodeStatus::Ready, NodeStatus::Joining, NodeStatus::Suspected,
                       NodeStatus::Leaving, NodeStatus::Left, NodeStatus::Down})
    html += swatch(statusColour(s), tr("node %1").arg(statusName(s)), "dot");
  html += swatch(QColor(25, 118, 210), tr("successor pointer"), "line");
  html += swatch(QColor(120, 120, 120), tr("predecessor pointer"), "dash");
  if (snap_.kind == RingKind::Cats) {
    html += QStringLiteral("<br>");
    html += swatch(QColor(165, 214, 167), tr("group: every member ready in view vN"), "box");
    html += swatch(QColor(255, 224, 130), tr("a member joining or behind"), "box");
    html += swatch(QColor(255, 171, 145), tr("a member down"), "box");
    html += swatch(kBusy.lighter(150), tr("Paxos round or handoff under way"), "box");
  }
  if (!snap_.partitions.empty()) {
    html += QStringLiteral("<br>");
    html += swatch(kSideA, tr("partition side A"), "dot");
    html += swatch(kSideB, tr("partition side B"), "dot");
    html += swatch(kSideB, tr("pointer across the cut"), "dash");
  }
  if (!quorum_.empty()) {
    html += QStringLiteral("<br><b>%1</b> &nbsp; ").arg(tr("Quorum:"));
    html += swatch(kCoordinatorColour, tr("coordinator"), "dot");
    html += swatch(verdictColour(ReplyVerdict::Counted), tr("asked, reply counted"), "arrow");
    html += swatch(verdictColour(ReplyVerdict::Refused), tr("refused"), "arrow");
    html += swatch(verdictColour(ReplyVerdict::OtherView), tr("replied in another view: ignored"),
                   "arrow");
    html +=
        swatch(verdictColour(ReplyVerdict::NotNeeded), tr("not needed / not a member"), "arrow");
    html += swatch(verdictColour(ReplyVerdict::NoReply), tr("asked, no reply"), "dash");
    html += tr("(the tag is the view id the reply carried)");
  }
  return html;
}

void RingCanvas::paintCaptions(QPainter& p) const {
  double y = 26;
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  p.setFont(small);
  if (!snap_.partitions.empty()) {
    const PartitionCut& c = snap_.partitions.front();
    p.setPen(kSideB.darker(120));
    p.drawText(QRectF(10, y, width() - 20, 18), Qt::AlignLeft | Qt::AlignVCenter,
               tr("Partition in force: A [%1] %2 B [%3]")
                   .arg(c.sideA.join(QStringLiteral(" ")),
                        c.oneWay ? QStringLiteral("-/->") : QStringLiteral("|"),
                        c.sideB.join(QStringLiteral(" "))));
    y += 18;
  }
  if (!quorum_.empty()) {
    p.setPen(kCoordinatorColour.darker(160));
    p.drawText(QRectF(10, y, width() - 20, 18), Qt::AlignLeft | Qt::AlignVCenter,
               quorum_.caption());
  }
  p.setFont(font());
}

}  // namespace catslab::ui::ring
