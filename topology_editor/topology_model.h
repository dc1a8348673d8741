// TopologyModel: a Qt item model over one topology.proto Topology message.
//
// Two top-level rows group the items: row 0 "Nodes" (one child per node),
// row 1 "Links" (one child per link). Columns describe the item for a tree
// or table view; custom roles give views the raw fields. The model is the
// single owner of the Topology message; everything that edits a topology
// (canvas, property panel, undo commands) goes through the mutators below,
// which emit the matching Qt model signals.
//
// The mutators apply changes directly and are meant for TopologyCommand
// subclasses: user edits go through TopologyDocument so they can be undone.
// GUI-thread only, like every QObject here.
#pragma once

#include <QAbstractItemModel>
#include <QPointF>

#include "runtime/proto/topology.pb.h"

namespace catslab::ui {

namespace pb = ::catslab::topology;

class TopologyModel : public QAbstractItemModel {
  Q_OBJECT
 public:
  enum Group { NodesGroup = 0, LinksGroup = 1 };
  enum Column { NameColumn, DetailColumn, ExtraColumn, StatusColumn, ColumnCount };
  enum Role {
    KindRole = Qt::UserRole + 1,  // "group", "node" or "link"
    NodeIdRole,                   // node id (nodes), "a" end (links)
    PeerIdRole,                   // "b" end (links)
    PositionRole,                 // QPointF (nodes)
    StackRole,                    // stack name (nodes)
  };

  explicit TopologyModel(QObject* parent = nullptr);

  const pb::Topology& topology() const { return topology_; }
  void setTopology(const pb::Topology& topology);

  int nodeCount() const { return topology_.nodes_size(); }
  int linkCount() const { return topology_.links_size(); }
  const pb::Node& node(int row) const { return topology_.nodes(row); }
  const pb::Link& link(int row) const { return topology_.links(row); }
  int nodeRow(const QString& id) const;                   // -1 if absent
  int linkRow(const QString& a, const QString& b) const;  // either direction
  QStringList nodeIds() const;
  QString freshNodeId() const;  // "n<k>" not used yet

  QModelIndex nodeIndex(int row, int column = 0) const;
  QModelIndex linkIndex(int row, int column = 0) const;

  // Raw mutators (no undo). Replacing a node whose id changes renames the
  // link ends that referred to it, so links follow their nodes.
  void insertNode(int row, const pb::Node& node);
  void removeNode(int row);
  void replaceNode(int row, const pb::Node& node);
  void insertLink(int row, const pb::Link& link);
  void removeLink(int row);
  void replaceLink(int row, const pb::Link& link);
  void setDefaultLink(const pb::LinkModel& model);
  void setMeta(const QString& name, const QString& description, const QString& bootstrap);

  // QAbstractItemModel
  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 signals:
  void defaultLinkChanged();
  void metaChanged();
  void topologyReset();

 private:
  QVariant nodeData(int row, int column, int role) const;
  QVariant linkData(int row, int column, int role) const;

  pb::Topology topology_;
};

// A one-line description of a link model for labels: "20 ms ±5, 1% loss".
QString describeLinkModel(const pb::LinkModel& model);

}  // namespace catslab::ui
