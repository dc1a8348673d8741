// WorkloadController: the Workload dock and what it drives. It owns the
// WorkloadModel and the WorkloadPanel, puts the panel in a dock next to the
// Charts, and turns the panel's Start and Stop into request streams on the
// backend that runs now (RunController::activeBackend): the simulation runs
// them on virtual time (sim_stream.h), local processes on the wall clock
// (timer_streams.h). "All nodes" starts one stream per node of the topology.
// GUI thread only; parented to the window.
#pragma once

#include <QMap>
#include <QObject>
#include <optional>

#include "ui/workload/request_stream.h"

class QDockWidget;
class QMainWindow;

namespace catslab::ui {
class Backend;
class RunController;
class RunStore;
class TopologyDocument;
}  // namespace catslab::ui

namespace catslab::ui::workload {

class WorkloadModel;
class WorkloadPanel;

class WorkloadController : public QObject {
  Q_OBJECT
 public:
  WorkloadController(QMainWindow* window, TopologyDocument* doc, RunStore* store,
                     RunController* run);

  // Starts `spec` on `node` ("" = every node of the topology) on the running
  // backend; the reason when it cannot.
  std::optional<QString> start(const QString& node, const WorkloadSpec& spec);
  void stop(const QString& node);  // "" = every stream
  // Brings the dock to the front.
  void show();

  WorkloadModel* model() const { return model_; }
  WorkloadPanel* panel() const { return panel_; }
  QDockWidget* dock() const { return dock_; }

 private:
  void updateStreams();
  void updateNodes();

  TopologyDocument* doc_;
  RunController* run_;
  WorkloadModel* model_;
  WorkloadPanel* panel_;
  QDockWidget* dock_;
  QMap<QString, QString> described_;  // node → its stream's spec, as started
};

}  // namespace catslab::ui::workload
