// ReconfigurationPanel: one CATS group's reconfiguration at the timeline's
// moment — its history of views (id, members, proposer and ballot, when
// decided, who installed it as what), the Paxos round under way if any
// (proposed view, ballot, prepare or accept phase) and each joiner's
// handoff progress (sources answered of those needed, keys received).
// The group is picked in the box or by clicking its segment on the ring.
// GUI thread only.
#pragma once

#include <QWidget>

#include "snapshot_view/ring/cats_history.h"

class QComboBox;
class QLabel;
class QTableView;

namespace catslab::ui::ring {

class ViewHistoryModel;

class ReconfigurationPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ReconfigurationPanel(QWidget* parent = nullptr);

  // Shows `slice` of `history` as of record `upTo`; `slices` fills the box.
  void show(const CatsHistory& history, int slices, int slice, int upTo);
  ViewHistoryModel* model() const { return model_; }
  QString progressText() const;

 signals:
  void sliceChosen(int slice);

 private:
  QComboBox* slice_;
  QLabel* progress_;
  QTableView* table_;
  ViewHistoryModel* model_;
};

}  // namespace catslab::ui::ring
