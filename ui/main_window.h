// MainWindow: the CATS Lab desktop app. The centre holds tabs: the
// topology canvas, the space-time diagram of the run and its client operations; docks around it
// hold the property panel, the topology outline, node consoles, the event log, node state, charts
// and the component tree; the timeline runs along the bottom.
//
// The window only lays things out and ties views together; the work is in
// its controllers: FileController (the document as files), RunController
// (the backends and trace files that feed the RunStore, and the Run
// actions), CanvasController (editing, zoom, context menus) and
// WorkloadController (the Workload dock's request streams and charts).
// One RunStore feeds every view; whichever backend runs writes into it.
// Owns everything it shows. GUI thread only.
#pragma once

#include <QMainWindow>
#include <optional>

class QDockWidget;
class QLabel;
class QTabWidget;
class QTextBrowser;
class QTreeView;

namespace catslab::ui::spacetime {
class SpaceTimeView;
}
namespace catslab::ui::ring {
class RingView;
}
namespace catslab::ui::operations {
class OperationsView;
}
namespace catslab::ui::workload {
class WorkloadController;
}

namespace catslab::ui {

class ActivityChart;
class CanvasController;
class ComponentTreeView;
class ConsolePanel;
class EventLogPanel;
class ExamplesDialog;
class FileController;
class LiveCanvas;
class NodeStateView;
class ProcessBackend;
class PropertyPanel;
class RunController;
class RunStore;
class SimulationBackend;
class TimelineWidget;
class TopologyDocument;
class TopologyScene;
class TopologyView;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  std::optional<QString> openTopology(const QString& path);
  void openBundledExample();
  // Simulates the current topology, or `scenarioPath` when given.
  std::optional<QString> simulate(const QString& scenarioPath, quint64 seed);
  std::optional<QString> launchLocally();
  std::optional<QString> openTrace(const QString& path);
  // File → Examples: loads the example's topology, simulates its scenario
  // (seed 1) and shows its lesson in the Lesson dock.
  std::optional<QString> openExample(const QString& scenarioPath, const QString& lessonHtml);
  // File → Examples…: opens the examples browser (deleted when closed).
  ExamplesDialog* showExamples();
  QString lessonText() const;
  // File → Save Run as Scenario… without the dialog.
  std::optional<QString> saveRunAsScenario(const QString& path);
  void selectNode(const QString& id);

  TopologyDocument* document() const { return doc_; }
  TopologyScene* scene() const { return scene_; }
  TopologyView* view() const { return view_; }
  RunStore* runStore() const { return store_; }
  SimulationBackend* simulation() const;
  ProcessBackend* processes() const;
  ConsolePanel* consoles() const { return consoles_; }
  NodeStateView* nodeState() const { return state_; }
  EventLogPanel* eventLog() const { return log_; }
  spacetime::SpaceTimeView* spaceTime() const { return spaceTime_; }
  ring::RingView* ringView() const { return ring_; }
  operations::OperationsView* operationsView() const { return operations_; }
  workload::WorkloadController* workload() const { return workload_; }
  // Brings a centre view to the front: "topology", "spacetime", "ring" (also
  // "reconfiguration", "key" and "quorum": the ring with that side panel) or "operations";
  // "workload" brings the Workload dock to the front, "examples" opens File → Examples.
  std::optional<QString> showView(const QString& name);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  void buildMenus();
  void buildDocks();
  void buildToolBars();
  void updateTitle();
  void onSelectionChanged();
  void showError(const QString& title, const QString& message);

  TopologyDocument* doc_;
  TopologyScene* scene_;
  TopologyView* view_;
  RunStore* store_;
  LiveCanvas* live_;
  QTabWidget* centre_;
  spacetime::SpaceTimeView* spaceTime_;
  ring::RingView* ring_;
  operations::OperationsView* operations_;
  PropertyPanel* panel_ = nullptr;
  QTreeView* outline_ = nullptr;
  ConsolePanel* consoles_ = nullptr;
  EventLogPanel* log_ = nullptr;
  NodeStateView* state_ = nullptr;
  ActivityChart* chart_ = nullptr;
  ComponentTreeView* components_ = nullptr;
  TimelineWidget* timeline_ = nullptr;
  FileController* files_ = nullptr;
  RunController* run_ = nullptr;
  CanvasController* canvas_ = nullptr;
  workload::WorkloadController* workload_ = nullptr;
  QLabel* fileLabel_ = nullptr;
  QLabel* runLabel_ = nullptr;
  QLabel* timeLabel_ = nullptr;
  QDockWidget* lessonDock_ = nullptr;
  QTextBrowser* lesson_ = nullptr;
  bool fitted_ = false;
};

}  // namespace catslab::ui
