// TopologyScene: the canvas of the topology editor. It mirrors a
// TopologyModel (one NodeItem per node, one LinkItem per link) and turns
// mouse gestures into requests (add a node, link two nodes, nodes moved,
// delete); it never edits the model itself, so every edit goes through the
// document's undo stack. While a run is going on the live views paint node
// status and animate messages along links through the "live status" API.
//
// Gestures: in Select mode drag nodes to move them, Shift+drag from a node
// to another to link them, Delete removes the selection; in Add node mode a
// click places a node; in Add link mode drag from node to node.
// Does not own the model. GUI thread only.
#pragma once

#include <QGraphicsScene>
#include <QHash>
#include <QPointer>

#include "topology_editor/node_item.h"
#include "topology_editor/topology_model.h"

namespace catslab::ui {

class LinkItem;

class TopologyScene : public QGraphicsScene {
  Q_OBJECT
 public:
  enum class Mode { Select, AddNode, AddLink };

  explicit TopologyScene(TopologyModel* model, QObject* parent = nullptr);
  ~TopologyScene() override;

  void setMode(Mode mode);
  Mode mode() const { return mode_; }

  QStringList selectedNodeIds() const;
  QList<int> selectedLinkRows() const;
  void selectNode(const QString& id);
  void selectLink(int row);
  NodeItem* nodeItem(const QString& id) const { return nodes_.value(id); }
  QRectF itemsBoundingRectWithMargin() const;

  // Live status (driven by the snapshot views; cleared when a run ends).
  void setNodeStatus(const QString& id, NodeStatus status);
  void setNodeActivity(const QString& id, const QString& text);
  void clearLiveStatus();
  void setAnimationsEnabled(bool enabled) { animations_ = enabled; }
  bool animationsEnabled() const { return animations_; }
  // A message dot travelling from one node to another over `durationMs`.
  void animateMessage(const QString& from, const QString& to, int durationMs, bool dropped);
  int messagesInFlight() const { return inFlight_; }

 signals:
  void addNodeRequested(QPointF position);
  void linkRequested(const QString& a, const QString& b);
  void nodesMoved(const QList<QPair<QString, QPointF>>& moves);
  void deleteRequested();
  void nodeContextMenuRequested(const QString& id, QPoint screenPos);
  void linkContextMenuRequested(int row, QPoint screenPos);
  void canvasContextMenuRequested(QPointF scenePos, QPoint screenPos);
  void modeChanged(Mode mode);

 protected:
  void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
  void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
  void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void contextMenuEvent(QGraphicsSceneContextMenuEvent* event) override;

 private:
  void rebuild();
  void refreshNode(int row);
  void refreshLink(int row);
  void onDataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight);
  NodeItem* nodeAt(QPointF scenePos) const;

  TopologyModel* model_;
  Mode mode_ = Mode::Select;
  QHash<QString, NodeItem*> nodes_;
  QList<NodeItem*> nodeRows_;
  QList<LinkItem*> linkRows_;
  QHash<QString, NodeStatus> status_;  // survives rebuilds during a run
  QGraphicsLineItem* rubber_ = nullptr;
  NodeItem* linkFrom_ = nullptr;
  bool animations_ = true;
  int inFlight_ = 0;
};

}  // namespace catslab::ui
