#include "topology_editor/link_item.h"

#include <QPainter>
#include <QPainterPathStroker>

#include "topology_editor/node_item.h"

namespace catslab::ui {

LinkItem::LinkItem(int row, NodeItem* a, NodeItem* b) : row_(row), a_(a), b_(b) {
  setFlags(ItemIsSelectable);
  setZValue(1);
  a_->addLink(this);
  b_->addLink(this);
  adjust();
}

LinkItem::~LinkItem() {
  a_->removeLink(this);
  b_->removeLink(this);
}

void LinkItem::setLabel(const QString& label, bool down) {
  prepareGeometryChange();
  label_ = label;
  down_ = down;
  setToolTip(QObject::tr("Link %1 – %2: %3\nClick to edit, right-click for actions")
                 .arg(a_->id(), b_->id(), label));
  update();
}

void LinkItem::adjust() {
  prepareGeometryChange();
  line_ = QLineF(a_->pos(), b_->pos());
}

QRectF LinkItem::boundingRect() const {
  return QRectF(line_.p1(), line_.p2()).normalized().adjusted(-90, -20, 90, 20);
}

QPainterPath LinkItem::shape() const {
  QPainterPath p(line_.p1());
  p.lineTo(line_.p2());
  QPainterPathStroker s;
  s.setWidth(12);
  return s.createStroke(p);
}

void LinkItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
  painter->setRenderHint(QPainter::Antialiasing);
  QPen pen(down_ ? QColor(0xe5, 0x39, 0x35) : QColor(0x78, 0x86, 0x9a), isSelected() ? 4 : 2);
  if (down_) pen.setStyle(Qt::DashLine);
  if (isSelected()) pen.setColor(QColor(0x21, 0x96, 0xf3));
  painter->setPen(pen);
  painter->drawLine(line_);
  if (label_.isEmpty() || line_.length() < 2 * NodeItem::kRadius + 30) return;
  QFont f = painter->font();
  f.setPointSizeF(7.5);
  painter->setFont(f);
  const QPointF mid = line_.center();
  const QRectF box = painter->fontMetrics()
                         .boundingRect(label_)
                         .adjusted(-4, -1, 4, 1)
                         .translated(mid.toPoint())
                         .translated(-painter->fontMetrics().horizontalAdvance(label_) / 2, 4);
  painter->setPen(Qt::NoPen);
  painter->setBrush(QColor(255, 255, 255, 220));
  painter->drawRoundedRect(box, 3, 3);
  painter->setPen(down_ ? QColor(0xc6, 0x28, 0x28) : QColor(0x55, 0x5f, 0x6d));
  painter->drawText(box, Qt::AlignCenter, label_);
}

}  // namespace catslab::ui
