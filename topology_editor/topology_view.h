// TopologyView: the QGraphicsView around a TopologyScene — antialiased,
// zoom with Ctrl+wheel (or plain wheel) around the cursor, pan by dragging
// the background with the middle button or with Space held, a light grid
// and an empty-canvas hint. GUI thread only.
#pragma once

#include <QGraphicsView>

namespace catslab::ui {

class TopologyView : public QGraphicsView {
  Q_OBJECT
 public:
  explicit TopologyView(QGraphicsScene* scene, QWidget* parent = nullptr);

  void zoomIn() { zoomBy(1.25); }
  void zoomOut() { zoomBy(0.8); }
  void resetZoom();
  void fitAll();
  double zoom() const { return transform().m11(); }

 signals:
  void zoomChanged(double factor);

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void keyReleaseEvent(QKeyEvent* event) override;
  void drawBackground(QPainter* painter, const QRectF& rect) override;
  void drawForeground(QPainter* painter, const QRectF& rect) override;

 private:
  void zoomBy(double factor);
  bool panning_ = false;
};

}  // namespace catslab::ui
