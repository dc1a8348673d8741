// OperationsView: the client operations of the run and their
// linearizability, as a panel — a tool row (key filter, the checker's
// badge, "Jump to violation", fit), the OperationsCanvas, a legend, and the
// selected operation's details: what it did and the quorum table of its
// phases (QuorumTableModel).
//
// Follows the RunStore like every view: operations appear as records arrive
// (simulation, local processes or a trace file alike); the timeline's
// position is the canvas's cursor; clicking an operation selects its
// completion record in the store (the timeline, event log and space-time
// diagram go there), and a client-op record selected elsewhere selects its
// operation here (another record selects the last operation invoked by then).
// The checker runs on a worker thread shortly after records stop arriving;
// its verdict is the badge, and a violation's conflicting operations are
// marked on the canvas.
// Owns its model and widgets; does not own the store. GUI thread only.
#pragma once

#include <QWidget>
#include <atomic>
#include <memory>

#include "snapshot_view/operations/operations_check.h"
#include "snapshot_view/operations/operations_model.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTimer;

namespace catslab::ui {
class RunStore;
}

namespace catslab::ui::operations {

class OperationsCanvas;
class QuorumTableModel;

class OperationsView : public QWidget {
  Q_OBJECT
 public:
  explicit OperationsView(RunStore* store, QWidget* parent = nullptr);
  ~OperationsView() override;

  const OperationsModel& model() const { return model_; }
  OperationsCanvas* canvas() const { return canvas_; }
  QuorumTableModel* quorumTable() const { return table_; }
  const CheckOutcome& outcome() const { return outcome_; }
  QString badgeText() const;
  QString detailsText() const;

  // Shows one key's operations (empty: all). Returns false for a key the
  // run has no operation on.
  bool setKey(const QString& key);
  void selectOperation(int op);  // also selects its record in the store
  int selectedOperation() const { return selected_; }
  // Runs the checker now, on this thread (tests and screenshots), instead of
  // waiting for the background run.
  void checkNow();
  bool checkPending() const;
  // Shows the violating key, zooms to the conflicting operations and selects
  // the one completing last. False if there is no violation.
  bool jumpToViolation();

 signals:
  void checked();
  // The operation whose details are shown changed (-1: none); other views
  // (the ring) can draw its quorums from model().at(op).phases.
  void operationSelected(int op);
  // The user chose operation `op` itself: clicked it here, or selected one of
  // its records elsewhere (not just a moment at which it ran). The ring draws
  // its quorum.
  void operationChosen(int op);

 private:
  void reset();
  void ingest(int first, int last);
  void onStoreSelection(int record);
  void showOperation(int op);
  void startCheck();
  void applyOutcome(const CheckOutcome& outcome, quint64 generation);
  void updateKeys();

  RunStore* store_;
  OperationsModel model_;
  OperationsCanvas* canvas_;
  QuorumTableModel* table_;
  QTableView* tableView_;
  QComboBox* keys_;
  QLabel* badge_;
  QLabel* details_;
  QPushButton* jump_;
  QTimer* debounce_;
  CheckOutcome outcome_;
  int selected_ = -1;
  quint64 generation_ = 0;  // bumps on every change; stale check results are dropped
  quint64 checkedGeneration_ = 0;
  bool running_ = false;
  // Background checks outlive the view: this tells them not to deliver.
  std::shared_ptr<std::atomic<bool>> alive_ = std::make_shared<std::atomic<bool>>(true);
};

}  // namespace catslab::ui::operations
