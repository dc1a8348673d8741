// RingView: the ring tab of the app. The ring drawn at the timeline's
// moment (RingCanvas) beside three panels: the nodes as a table, the
// reconfiguration of one group, and the key inspector. It follows the
// RunStore's cursor, so it time-travels with the timeline and shows a
// simulation, a loaded trace and launched processes alike; the
// reconfiguration story and the partitions come from the trace's log lines
// (CatsHistory), kept up to date as records arrive. A client operation
// chosen in the Operations tab (or through its record in the event log or
// the space-time diagram) has its quorum drawn on the ring, and a fourth
// panel, Quorum, holds its phase table: clicking a phase draws that phase.
// GUI thread only.
#pragma once

#include <QWidget>
#include <memory>

#include "snapshot_view/ring/cats_history.h"
#include "snapshot_view/ring/ring_snapshot.h"

class QLabel;
class QTabWidget;
class QTableView;
class QTimer;

namespace catslab::ui {
class RunStore;
}
namespace catslab::ui::operations {
struct ClientOperation;
class OperationsView;
class QuorumTableModel;
}  // namespace catslab::ui::operations

namespace catslab::ui::ring {

class KeyInspector;
class ReconfigurationPanel;
class RingCanvas;
class RingNodeModel;

class RingView : public QWidget {
  Q_OBJECT
 public:
  explicit RingView(RunStore* store, QWidget* parent = nullptr);
  ~RingView() override;

  // Which side panel to show: "nodes", "reconfiguration", "key" or "quorum".
  bool showPanel(const QString& name);
  // Draws `op`'s quorum (number: its 1-based place in the run; nullptr:
  // none), in its last phase; selectPhase() draws another.
  void showOperation(const operations::ClientOperation* op, int number);
  void selectPhase(int phase);
  // Shows the quorum of whatever operation `ops` selects from now on.
  void followOperations(operations::OperationsView* ops);
  operations::QuorumTableModel* quorumTable() const { return quorumTable_; }
  QTableView* quorumView() const { return quorumView_; }
  QString quorumTitle() const;
  QString legendText() const;
  void selectSlice(int slice);
  void inspectKey(const QString& key);
  // Recomputes everything for the cursor now (views batch updates otherwise).
  void refresh();

  RingCanvas* canvas() const { return canvas_; }
  RingNodeModel* nodeModel() const { return nodes_; }
  ReconfigurationPanel* reconfiguration() const { return reconfig_; }
  KeyInspector* keyInspector() const { return keys_; }
  const CatsHistory& history() const { return history_; }
  int selectedSlice() const { return slice_; }

 signals:
  // The key inspector asks the running nodes to watch `key`.
  void watchRequested(const QString& key);

 protected:
  void showEvent(QShowEvent* e) override;

 private:
  void scheduleRefresh();

  RunStore* store_;
  CatsHistory history_;
  RingCanvas* canvas_;
  QTabWidget* side_;
  QTableView* nodeTable_;
  RingNodeModel* nodes_;
  ReconfigurationPanel* reconfig_;
  KeyInspector* keys_;
  QWidget* quorumPanel_;
  QLabel* quorumTitle_;
  QTableView* quorumView_;
  operations::QuorumTableModel* quorumTable_;
  QLabel* legend_;
  QTimer* pending_;
  int slice_ = -1;                                   // chosen by the user; -1: follow the activity
  int shownSlice_ = 0;                               // the group the panel shows
  QString placedKey_;                                // the key whose group the panel last moved to
  std::unique_ptr<operations::ClientOperation> op_;  // whose quorum is drawn
  int opNumber_ = 0;
};

}  // namespace catslab::ui::ring
