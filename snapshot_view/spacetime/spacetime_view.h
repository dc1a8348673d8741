// SpaceTimeView: the space-time (Lamport) diagram of the run in a RunStore,
// as a panel — a tool row (fit, zoom, node and message-type filters, local
// events, causality, legend), the SpaceTimeCanvas and the legend under it.
//
// Follows the store like every view: records extend the diagram as they
// arrive (simulation, local processes or a trace file alike), the timeline's
// position is the canvas's cursor line, and selection is shared both ways —
// clicking an event or arrow selects its record in the store (so the event
// log selects its row and the timeline moves there), and a record selected
// elsewhere is marked here with its causal past and future.
// Owns its model, clocks and canvas; does not own the store. GUI thread only.
#pragma once

#include <QSet>
#include <QWidget>

#include "snapshot_view/spacetime/spacetime_model.h"
#include "snapshot_view/spacetime/vector_clocks.h"

class QCheckBox;
class QLabel;
class QMenu;
class QToolButton;

namespace catslab::ui {
class RunStore;
}

namespace catslab::ui::spacetime {

class SpaceTimeCanvas;
class SpaceTimeLegend;

class SpaceTimeView : public QWidget {
  Q_OBJECT
 public:
  explicit SpaceTimeView(RunStore* store, QWidget* parent = nullptr);

  SpaceTimeCanvas* canvas() const { return canvas_; }
  const SpaceTimeModel& model() const { return model_; }
  const VectorClocks& clocks();  // up to date with the model
  RunStore* store() const { return store_; }

  // Filters, as the Nodes and Messages menus set them.
  void setNodeVisible(const QString& node, bool visible);
  void setTypeVisible(const QString& type, bool visible);
  void setLegendVisible(bool visible);
  void setShowLocalEvents(bool on);

 private:
  void reset();
  void ingest(int first, int last);
  void updateRows();
  void updateMenus();
  static void syncChecks(QMenu* menu, const QSet<QString>& hidden);
  void updateInfo();

  RunStore* store_;
  SpaceTimeModel model_;
  VectorClocks clocks_;
  SpaceTimeCanvas* canvas_;
  SpaceTimeLegend* legend_;
  QToolButton* nodesButton_;
  QToolButton* typesButton_;
  QMenu* nodesMenu_;
  QMenu* typesMenu_;
  QCheckBox* local_;
  QCheckBox* causality_;
  QCheckBox* legendBox_;
  QLabel* info_;
  QSet<QString> hiddenNodes_;
  QSet<QString> hiddenTypes_;
  int menuLanes_ = -1;
  int menuTypes_ = -1;
};

}  // namespace catslab::ui::spacetime
