#include "topology_editor/topology_scene.h"

#include <QGraphicsEllipseItem>
#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneMouseEvent>
#include <QKeyEvent>
#include <QPen>
#include <QVariantAnimation>
#include <algorithm>
#include <cmath>

#include "topology_editor/link_item.h"

namespace catslab::ui {

TopologyScene::TopologyScene(TopologyModel* model, QObject* parent)
    : QGraphicsScene(parent), model_(model) {
  setItemIndexMethod(NoIndex);  // few items, many moves
  connect(model_, &QAbstractItemModel::modelReset, this, &TopologyScene::rebuild);
  connect(model_, &QAbstractItemModel::rowsInserted, this, &TopologyScene::rebuild);
  connect(model_, &QAbstractItemModel::rowsRemoved, this, &TopologyScene::rebuild);
  connect(model_, &QAbstractItemModel::dataChanged, this, &TopologyScene::onDataChanged);
  rebuild();
}

TopologyScene::~TopologyScene() {
  // QGraphicsScene deletes items in any order, but a link unregisters from
  // its nodes when it dies: links must go first.
  qDeleteAll(linkRows_);
  linkRows_.clear();
}

void TopologyScene::setMode(Mode mode) {
  if (mode_ == mode) return;
  mode_ = mode;
  for (NodeItem* n : std::as_const(nodeRows_))
    n->setFlag(QGraphicsItem::ItemIsMovable, mode == Mode::Select);
  emit modeChanged(mode);
}

void TopologyScene::rebuild() {
  // Keep the selection across structural changes (ids are stable, rows not).
  const QStringList selectedIds = selectedNodeIds();
  QList<QPair<QString, QString>> selectedLinks;
  for (LinkItem* l : std::as_const(linkRows_))
    if (l && l->isSelected()) selectedLinks.append({l->a()->id(), l->b()->id()});

  if (rubber_) {
    removeItem(rubber_);
    delete rubber_;
    rubber_ = nullptr;
    linkFrom_ = nullptr;
  }
  qDeleteAll(linkRows_);  // links first: they unregister from their nodes
  linkRows_.clear();
  qDeleteAll(nodeRows_);
  nodeRows_.clear();
  nodes_.clear();

  for (int i = 0; i < model_->nodeCount(); ++i) {
    auto* item = new NodeItem(i, QString::fromStdString(model_->node(i).id()));
    item->setFlag(QGraphicsItem::ItemIsMovable, mode_ == Mode::Select);
    addItem(item);
    nodeRows_.append(item);
    refreshNode(i);
  }
  for (int i = 0; i < model_->linkCount(); ++i) {
    const pb::Link& l = model_->link(i);
    NodeItem* a = nodes_.value(QString::fromStdString(l.a()));
    NodeItem* b = nodes_.value(QString::fromStdString(l.b()));
    if (!a || !b) {  // cannot happen for validated topologies; keep rows aligned anyway
      linkRows_.append(nullptr);
      continue;
    }
    auto* item = new LinkItem(i, a, b);
    addItem(item);
    linkRows_.append(item);
    refreshLink(i);
  }

  for (const QString& id : selectedIds)
    if (NodeItem* n = nodes_.value(id)) n->setSelected(true);
  for (const auto& [a, b] : selectedLinks)
    if (const int r = model_->linkRow(a, b); r >= 0 && r < linkRows_.size())
      if (LinkItem* l = linkRows_[r]) l->setSelected(true);
}

void TopologyScene::refreshNode(int row) {
  NodeItem* item = nodeRows_.value(row);
  if (!item) return;
  const pb::Node& n = model_->node(row);
  const QString id = QString::fromStdString(n.id());
  if (item->id() != id) nodes_.remove(item->id());
  nodes_.insert(id, item);
  item->setTexts(id, QString::fromStdString(n.stack()));
  item->setStatus(status_.value(id, NodeStatus::Unknown));
  const QPointF pos(n.x(), n.y());
  if (item->pos() != pos) item->setPos(pos);
}

void TopologyScene::refreshLink(int row) {
  LinkItem* item = linkRows_.value(row);
  if (!item) return;
  const pb::Link& l = model_->link(row);
  const pb::LinkModel& m = l.has_model() ? l.model() : model_->topology().default_link();
  item->setLabel(describeLinkModel(m), m.down());
}

void TopologyScene::onDataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight) {
  const QModelIndex parent = topLeft.parent();
  if (!parent.isValid()) return;  // group rows: counts only
  for (int r = topLeft.row(); r <= bottomRight.row(); ++r) {
    if (parent.row() == TopologyModel::NodesGroup) {
      refreshNode(r);
    } else {
      refreshLink(r);
    }
  }
  update();
}

QStringList TopologyScene::selectedNodeIds() const {
  QStringList ids;
  for (NodeItem* n : nodeRows_)
    if (n->isSelected()) ids << n->id();
  return ids;
}

QList<int> TopologyScene::selectedLinkRows() const {
  QList<int> rows;
  for (LinkItem* l : linkRows_)
    if (l && l->isSelected()) rows << l->row();
  return rows;
}

void TopologyScene::selectNode(const QString& id) {
  clearSelection();
  if (NodeItem* n = nodes_.value(id)) n->setSelected(true);
}

void TopologyScene::selectLink(int row) {
  clearSelection();
  if (LinkItem* l = linkRows_.value(row)) l->setSelected(true);
}

QRectF TopologyScene::itemsBoundingRectWithMargin() const {
  QRectF r = itemsBoundingRect();
  if (r.isEmpty()) r = QRectF(-200, -150, 400, 300);
  return r.adjusted(-40, -40, 40, 40);
}

NodeItem* TopologyScene::nodeAt(QPointF scenePos) const {
  const QList<QGraphicsItem*> hits = items(scenePos);
  for (QGraphicsItem* it : hits)
    if (it->type() == NodeItem::Type) return static_cast<NodeItem*>(it);
  return nullptr;
}

void TopologyScene::mousePressEvent(QGraphicsSceneMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return QGraphicsScene::mousePressEvent(event);
  NodeItem* hit = nodeAt(event->scenePos());
  if (mode_ == Mode::AddNode && !hit) {
    emit addNodeRequested(event->scenePos());
    return;
  }
  const bool linking =
      mode_ == Mode::AddLink || (mode_ == Mode::Select && (event->modifiers() & Qt::ShiftModifier));
  if (linking && hit) {
    linkFrom_ = hit;
    rubber_ = addLine(QLineF(hit->pos(), event->scenePos()),
                      QPen(QColor(0x21, 0x96, 0xf3), 2, Qt::DashLine));
    rubber_->setZValue(3);
    return;
  }
  QGraphicsScene::mousePressEvent(event);
}

void TopologyScene::mouseMoveEvent(QGraphicsSceneMouseEvent* event) {
  if (rubber_) {
    rubber_->setLine(QLineF(linkFrom_->pos(), event->scenePos()));
    return;
  }
  QGraphicsScene::mouseMoveEvent(event);
}

void TopologyScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
  if (rubber_) {
    NodeItem* to = nodeAt(event->scenePos());
    const QString from = linkFrom_->id();
    removeItem(rubber_);
    delete rubber_;
    rubber_ = nullptr;
    linkFrom_ = nullptr;
    if (to && to->id() != from) emit linkRequested(from, to->id());
    return;
  }
  QGraphicsScene::mouseReleaseEvent(event);
  // Items moved freely during the drag; report the result once, as one edit.
  QList<QPair<QString, QPointF>> moves;
  for (NodeItem* n : std::as_const(nodeRows_)) {
    const pb::Node& node = model_->node(n->row());
    const QPointF pos = n->pos();
    if (pos != QPointF(node.x(), node.y()))
      moves.append({n->id(), QPointF(std::round(pos.x()), std::round(pos.y()))});
  }
  if (!moves.isEmpty()) emit nodesMoved(moves);
}

void TopologyScene::keyPressEvent(QKeyEvent* event) {
  if ((event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) &&
      !selectedItems().isEmpty()) {
    emit deleteRequested();
    return;
  }
  if (event->key() == Qt::Key_Escape) {
    setMode(Mode::Select);
    clearSelection();
    return;
  }
  QGraphicsScene::keyPressEvent(event);
}

void TopologyScene::contextMenuEvent(QGraphicsSceneContextMenuEvent* event) {
  const QList<QGraphicsItem*> hits = items(event->scenePos());
  for (QGraphicsItem* it : hits) {
    if (it->type() == NodeItem::Type) {
      auto* n = static_cast<NodeItem*>(it);
      selectNode(n->id());
      emit nodeContextMenuRequested(n->id(), event->screenPos());
      return;
    }
    if (it->type() == LinkItem::Type) {
      auto* l = static_cast<LinkItem*>(it);
      selectLink(l->row());
      emit linkContextMenuRequested(l->row(), event->screenPos());
      return;
    }
  }
  emit canvasContextMenuRequested(event->scenePos(), event->screenPos());
}

void TopologyScene::setNodeStatus(const QString& id, NodeStatus status) {
  status_.insert(id, status);
  if (NodeItem* n = nodes_.value(id)) n->setStatus(status);
}

void TopologyScene::setNodeActivity(const QString& id, const QString& text) {
  if (NodeItem* n = nodes_.value(id)) n->setActivity(text);
}

void TopologyScene::clearLiveStatus() {
  status_.clear();
  for (NodeItem* n : std::as_const(nodeRows_)) {
    n->setStatus(NodeStatus::Unknown);
    n->setActivity({});
  }
}

void TopologyScene::animateMessage(const QString& from, const QString& to, int durationMs,
                                   bool dropped) {
  NodeItem* a = nodes_.value(from);
  NodeItem* b = nodes_.value(to);
  if (!animations_ || !a || !b || a == b) return;
  const QColor colour = dropped ? QColor(0xe5, 0x39, 0x35) : QColor(0xff, 0x98, 0x00);
  auto* dot = addEllipse(-5, -5, 10, 10, QPen(colour.darker(150)), colour);
  dot->setZValue(4);
  dot->setPos(a->pos());
  dot->setToolTip(dropped ? tr("dropped message %1 → %2").arg(from, to)
                          : tr("message %1 → %2").arg(from, to));
  auto* anim = new QVariantAnimation(this);
  anim->setDuration(std::max(60, durationMs));
  anim->setStartValue(0.0);
  // A dropped message dies half-way, where a red cross marks the loss.
  anim->setEndValue(dropped ? 0.5 : 1.0);
  const QPointF p1 = a->pos(), p2 = b->pos();
  ++inFlight_;
  connect(anim, &QVariantAnimation::valueChanged, this, [dot, p1, p2](const QVariant& v) {
    const double t = v.toDouble();
    dot->setPos(p1 + (p2 - p1) * t);
  });
  connect(anim, &QVariantAnimation::finished, this, [this, dot, dropped, anim] {
    --inFlight_;
    if (dropped) {
      auto* cross = addSimpleText(QStringLiteral("✕"));
      cross->setBrush(QColor(0xe5, 0x39, 0x35));
      cross->setPos(dot->pos() - QPointF(5, 9));
      cross->setZValue(4);
      auto* fade = new QVariantAnimation(this);
      fade->setDuration(800);
      fade->setStartValue(1.0);
      fade->setEndValue(0.0);
      connect(fade, &QVariantAnimation::valueChanged, this,
              [cross](const QVariant& v) { cross->setOpacity(v.toDouble()); });
      connect(fade, &QVariantAnimation::finished, this, [this, cross] {
        removeItem(cross);
        delete cross;
      });
      fade->start(QAbstractAnimation::DeleteWhenStopped);
    }
    removeItem(dot);
    delete dot;
    anim->deleteLater();
  });
  anim->start();
}

}  // namespace catslab::ui
