#include "topology_editor/topology_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QScrollBar>
#include <QWheelEvent>
#include <cmath>

#include "topology_editor/topology_scene.h"

namespace catslab::ui {

TopologyView::TopologyView(QGraphicsScene* scene, QWidget* parent) : QGraphicsView(scene, parent) {
  setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
  setDragMode(RubberBandDrag);
  setTransformationAnchor(AnchorUnderMouse);
  setViewportUpdateMode(FullViewportUpdate);
  setSceneRect(-5000, -5000, 10000, 10000);  // room to pan around the nodes
  setFrameShape(QFrame::NoFrame);
  setMinimumSize(320, 240);
}

void TopologyView::zoomBy(double factor) {
  const double next = zoom() * factor;
  if (next < 0.1 || next > 8) return;
  scale(factor, factor);
  emit zoomChanged(zoom());
}

void TopologyView::resetZoom() {
  setTransform(QTransform());
  emit zoomChanged(1.0);
}

void TopologyView::fitAll() {
  auto* s = qobject_cast<TopologyScene*>(scene());
  const QRectF r = s ? s->itemsBoundingRectWithMargin() : scene()->itemsBoundingRect();
  fitInView(r, Qt::KeepAspectRatio);
  // Never blow small topologies up beyond natural size: text stays crisp.
  if (zoom() > 1.3) {
    setTransform(QTransform::fromScale(1.3, 1.3));
    centerOn(r.center());
  }
  emit zoomChanged(zoom());
}

void TopologyView::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps == 0) return QGraphicsView::wheelEvent(event);
  zoomBy(std::pow(1.15, steps));
  event->accept();
}

void TopologyView::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::MiddleButton || (panning_ && event->button() == Qt::LeftButton)) {
    // Translate a middle drag into the built-in hand drag.
    setDragMode(ScrollHandDrag);
    QMouseEvent fake(event->type(), event->position(), event->globalPosition(), Qt::LeftButton,
                     Qt::LeftButton, event->modifiers());
    QGraphicsView::mousePressEvent(&fake);
    return;
  }
  QGraphicsView::mousePressEvent(event);
}

void TopologyView::mouseReleaseEvent(QMouseEvent* event) {
  if (dragMode() == ScrollHandDrag) {
    QMouseEvent fake(event->type(), event->position(), event->globalPosition(), Qt::LeftButton,
                     Qt::NoButton, event->modifiers());
    QGraphicsView::mouseReleaseEvent(&fake);
    if (!panning_) setDragMode(RubberBandDrag);
    return;
  }
  QGraphicsView::mouseReleaseEvent(event);
}

void TopologyView::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
    panning_ = true;
    setDragMode(ScrollHandDrag);
    return;
  }
  if (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Equal) return zoomIn();
  if (event->key() == Qt::Key_Minus) return zoomOut();
  QGraphicsView::keyPressEvent(event);
}

void TopologyView::keyReleaseEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
    panning_ = false;
    setDragMode(RubberBandDrag);
    return;
  }
  QGraphicsView::keyReleaseEvent(event);
}

void TopologyView::drawBackground(QPainter* painter, const QRectF& rect) {
  painter->fillRect(rect, QColor(0xfa, 0xfb, 0xfc));
  const int step = 40;
  painter->setPen(QPen(QColor(0xe8, 0xeb, 0xef), 0));
  const double left = std::floor(rect.left() / step) * step;
  const double top = std::floor(rect.top() / step) * step;
  for (double x = left; x < rect.right(); x += step)
    painter->drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()));
  for (double y = top; y < rect.bottom(); y += step)
    painter->drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y));
}

void TopologyView::drawForeground(QPainter* painter, const QRectF&) {
  if (!scene() || !scene()->items().isEmpty()) return;
  painter->save();
  painter->resetTransform();
  painter->setPen(QColor(0x80, 0x88, 0x90));
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 1.2);
  painter->setFont(f);
  painter->drawText(viewport()->rect(), Qt::AlignCenter,
                    tr("Empty topology\nChoose \"Add node\" and click here to place nodes,\n"
                       "then Shift+drag from one node to another to link them."));
  painter->restore();
}

}  // namespace catslab::ui
