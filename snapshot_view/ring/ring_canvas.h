// RingCanvas: draws one RingSnapshot — nodes on a circle by ring position
// (0 at the top, clockwise), successor pointers as solid arrows and
// predecessor pointers as dashed ones inside the circle, node status as
// the node's colour, each CATS replication group as a segment of a band
// around the circle labelled with its view id, the two sides of a
// partition as halos, and the quorum of a selected client operation: its
// coordinator ringed, an arrow to every replica asked in the phase shown,
// coloured by how the coordinator treated the reply, tagged with the reply's
// view id. legendHtml() says what each mark means (the RingView shows it
// under the canvas, so it never covers the ring).
// Hovering a node shows its successor list, hovering a group its members;
// clicking selects (signals), and the selected group's members are joined
// to its segment. Paint-only: the RingView decides what to show.
// GUI thread only.
#pragma once

#include <QSet>
#include <QWidget>
#include <map>

#include "snapshot_view/ring/ring_quorum.h"
#include "snapshot_view/ring/ring_snapshot.h"

namespace catslab::ui::ring {

class RingCanvas : public QWidget {
  Q_OBJECT
 public:
  static constexpr double kNodeRadius = 15;
  explicit RingCanvas(QWidget* parent = nullptr);

  void setSnapshot(RingSnapshot snapshot, const QString& caption);
  const RingSnapshot& snapshot() const { return snap_; }
  void setSelectedSlice(int slice);
  int selectedSlice() const { return selectedSlice_; }
  void setSelectedNode(const QString& id);
  // Slices with a Paxos round or a handoff under way (drawn highlighted).
  void setBusySlices(QSet<int> slices);
  // A key's slice and position to mark (key inspector); slice -1: none.
  void setMarkedKey(const QString& key, int slice, std::uint64_t position);
  // The quorum phase to draw (an empty RingQuorum: none).
  void setQuorum(RingQuorum quorum);
  const RingQuorum& quorum() const { return quorum_; }
  // The nodes drawn with a quorum mark now: the coordinator and every node
  // asked or answering that is on the ring (what a user sees highlighted).
  QStringList quorumNodes() const;
  // The legend for what is drawn now, as rich text.
  QString legendHtml() const;
  QString toolTipAt(QPointF p) const;

  // Geometry, public for tests: a node's centre and the slice under a point.
  QPointF nodeCentre(const QString& id) const;
  QString nodeAt(QPointF p) const;
  int sliceAt(QPointF p) const;
  QSize sizeHint() const override { return {720, 640}; }

 signals:
  void nodeClicked(const QString& id);
  void sliceClicked(int slice);

 protected:
  void paintEvent(QPaintEvent*) override;
  bool event(QEvent* e) override;
  void mousePressEvent(QMouseEvent* e) override;

 private:
  int captionLines() const;  // the caption, the partition and the quorum lines on top
  QPointF centre() const;
  double radius() const;
  QPointF pointAt(std::uint64_t position, double r) const;
  double nodeAngle(const QString& id) const;  // where a node is drawn (radians from the top)
  QPointF nodePoint(const QString& id, double r) const;
  QString nodeTip(const RingNode& n) const;
  QString sliceTip(const GroupArc& g) const;
  void paintGroups(QPainter& p) const;
  void paintPointers(QPainter& p) const;
  void paintNodes(QPainter& p) const;
  void paintCaptions(QPainter& p) const;
  void paintQuorum(QPainter& p) const;  // ring_canvas_quorum.cpp

  RingSnapshot snap_;
  QString caption_;
  int selectedSlice_ = -1;
  QString selectedNode_;
  QSet<int> busy_;
  mutable std::map<QString, double> angles_;  // drawn angles, for radius anglesFor_
  mutable double anglesFor_ = -1;
  QString markedKey_;
  int markedSlice_ = -1;
  std::uint64_t markedPosition_ = 0;
  RingQuorum quorum_;
};

QColor statusColour(NodeStatus s);
QColor verdictColour(ReplyVerdict v);
inline const QColor kCoordinatorColour(255, 160, 0);

}  // namespace catslab::ui::ring
