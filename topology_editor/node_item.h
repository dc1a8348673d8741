// NodeItem: a node on the topology canvas — a disc with the node id, the
// stack name under it and a status colour (unknown, up, down, crashed) that
// the live views set while a run is going on. The scene owns its items;
// a NodeItem knows its links only to move their ends when it moves.
// GUI thread only.
#pragma once

#include <QGraphicsObject>

namespace catslab::ui {

class LinkItem;

enum class NodeStatus { Unknown, Starting, Up, Down, Crashed };

class NodeItem : public QGraphicsObject {
  Q_OBJECT
 public:
  static constexpr double kRadius = 26.0;
  enum { Type = UserType + 1 };

  NodeItem(int row, const QString& id, QGraphicsItem* parent = nullptr);
  int type() const override { return Type; }

  int row() const { return row_; }
  void setRow(int row) { row_ = row; }
  QString id() const { return id_; }
  void setTexts(const QString& id, const QString& stack);
  void setStatus(NodeStatus status);
  NodeStatus status() const { return status_; }
  void setActivity(const QString& text);  // a small badge, e.g. "12 msg/s"

  void addLink(LinkItem* link) { links_.append(link); }
  void removeLink(LinkItem* link) { links_.removeAll(link); }

  QRectF boundingRect() const override;
  QPainterPath shape() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;
  void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
  void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;

 private:
  int row_;
  QString id_;
  QString stack_;
  QString activity_;
  NodeStatus status_ = NodeStatus::Unknown;
  bool hovered_ = false;
  QList<LinkItem*> links_;
};

}  // namespace catslab::ui
