// LinkItem: an edge between two NodeItems with its latency label; dashed
// red when the link is down. Owned by the scene; its end nodes outlive it
// (the scene deletes links before nodes). GUI thread only.
#pragma once

#include <QGraphicsItem>

namespace catslab::ui {

class NodeItem;

class LinkItem : public QGraphicsItem {
 public:
  enum { Type = UserType + 2 };

  LinkItem(int row, NodeItem* a, NodeItem* b);
  ~LinkItem() override;
  int type() const override { return Type; }

  int row() const { return row_; }
  void setRow(int row) { row_ = row; }
  NodeItem* a() const { return a_; }
  NodeItem* b() const { return b_; }
  void setLabel(const QString& label, bool down);
  void adjust();  // end nodes moved

  QRectF boundingRect() const override;
  QPainterPath shape() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  int row_;
  NodeItem* a_;
  NodeItem* b_;
  QString label_;
  bool down_ = false;
  QLineF line_;
};

}  // namespace catslab::ui
