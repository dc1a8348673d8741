#include "topology_editor/node_item.h"

#include <QGraphicsScene>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include "topology_editor/link_item.h"

namespace catslab::ui {

namespace {
QColor fillFor(NodeStatus s) {
  switch (s) {
    case NodeStatus::Starting:
      return QColor(0xf2, 0xc9, 0x4c);
    case NodeStatus::Up:
      return QColor(0x4c, 0xaf, 0x50);
    case NodeStatus::Down:
      return QColor(0x9e, 0x9e, 0x9e);
    case NodeStatus::Crashed:
      return QColor(0xe5, 0x39, 0x35);
    case NodeStatus::Unknown:
      break;
  }
  return QColor(0x5c, 0x8d, 0xd6);
}
}  // namespace

NodeItem::NodeItem(int row, const QString& id, QGraphicsItem* parent)
    : QGraphicsObject(parent), row_(row), id_(id) {
  setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges | ItemIsFocusable);
  setAcceptHoverEvents(true);
  setZValue(2);
  setCursor(Qt::PointingHandCursor);
}

void NodeItem::setTexts(const QString& id, const QString& stack) {
  id_ = id;
  stack_ = stack;
  setToolTip(tr("Node %1 — stack '%2'\nDrag to move, Shift+drag to another node to link, "
                "right-click for actions")
                 .arg(id, stack.isEmpty() ? tr("none") : stack));
  update();
}

void NodeItem::setStatus(NodeStatus status) {
  if (status_ == status) return;
  status_ = status;
  update();
}

void NodeItem::setActivity(const QString& text) {
  if (activity_ == text) return;
  prepareGeometryChange();
  activity_ = text;
}

QRectF NodeItem::boundingRect() const {
  // Disc, selection ring, and the two text lines under it.
  return QRectF(-kRadius - 40, -kRadius - 20, 2 * kRadius + 80, 2 * kRadius + 56);
}

QPainterPath NodeItem::shape() const {
  QPainterPath p;
  p.addEllipse(QPointF(0, 0), kRadius + 2, kRadius + 2);
  return p;
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  painter->setRenderHint(QPainter::Antialiasing);
  const QColor fill = fillFor(status_);
  if (isSelected()) {
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0x21, 0x96, 0xf3, 90));
    painter->drawEllipse(QPointF(0, 0), kRadius + 8, kRadius + 8);
  }
  painter->setPen(QPen(fill.darker(hovered_ ? 170 : 140), isSelected() ? 3 : 2));
  QRadialGradient g(QPointF(-kRadius / 3, -kRadius / 3), kRadius * 1.6);
  g.setColorAt(0, fill.lighter(135));
  g.setColorAt(1, fill);
  painter->setBrush(g);
  painter->drawEllipse(QPointF(0, 0), kRadius, kRadius);
  if (status_ == NodeStatus::Crashed || status_ == NodeStatus::Down) {
    painter->setPen(QPen(Qt::white, 3, Qt::SolidLine, Qt::RoundCap));
    const double d = kRadius * 0.45;
    painter->drawLine(QPointF(-d, -d), QPointF(d, d));
    painter->drawLine(QPointF(-d, d), QPointF(d, -d));
  }

  QFont f = painter->font();
  f.setBold(true);
  f.setPointSizeF(10);
  painter->setFont(f);
  painter->setPen(Qt::white);
  painter->drawText(QRectF(-kRadius, -kRadius, 2 * kRadius, 2 * kRadius), Qt::AlignCenter, id_);

  f.setBold(false);
  f.setPointSizeF(8);
  painter->setFont(f);
  painter->setPen(QColor(0x44, 0x44, 0x44));
  if (!stack_.isEmpty())
    painter->drawText(QRectF(-kRadius - 40, kRadius + 2, 2 * kRadius + 80, 14), Qt::AlignHCenter,
                      stack_);
  if (!activity_.isEmpty()) {
    painter->setPen(QColor(0x1e, 0x6f, 0xb8));
    painter->drawText(QRectF(-kRadius - 40, kRadius + 16, 2 * kRadius + 80, 14), Qt::AlignHCenter,
                      activity_);
  }
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant& value) {
  if (change == ItemPositionHasChanged) {
    for (LinkItem* link : std::as_const(links_)) link->adjust();
  }
  return QGraphicsObject::itemChange(change, value);
}

void NodeItem::hoverEnterEvent(QGraphicsSceneHoverEvent* event) {
  hovered_ = true;
  update();
  QGraphicsObject::hoverEnterEvent(event);
}

void NodeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent* event) {
  hovered_ = false;
  update();
  QGraphicsObject::hoverLeaveEvent(event);
}

}  // namespace catslab::ui
