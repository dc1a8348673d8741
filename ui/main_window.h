// MainWindow: the CATS Lab desktop app. The topology canvas sits in the
// centre; docks around it hold the property panel, the topology outline,
// node consoles, the event log, node state, charts and the component tree;
// the timeline runs along the bottom. The toolbar edits files, launches the
// topology as local processes or simulates it, and drives the run.
//
// One RunStore feeds every view; whichever backend runs writes into it.
// Owns everything it shows. GUI thread only.
#pragma once

#include <QMainWindow>
#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QSpinBox;
class QTableView;
class QTreeView;

namespace catslab::ui {

class ActivityChart;
class ComponentTreeView;
class ConsolePanel;
class EventFilterProxy;
class EventLogModel;
class LiveCanvas;
class NodeStateView;
class ProcessBackend;
class PropertyPanel;
class RunStore;
class SimulationBackend;
class TimelineWidget;
class TopologyDocument;
class TopologyScene;
class TopologyView;
class Backend;

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
  void selectNode(const QString& id);

  TopologyDocument* document() const { return doc_; }
  TopologyScene* scene() const { return scene_; }
  TopologyView* view() const { return view_; }
  RunStore* runStore() const { return store_; }
  SimulationBackend* simulation() const { return sim_; }
  ProcessBackend* processes() const { return proc_; }
  ConsolePanel* consoles() const { return consoles_; }
  NodeStateView* nodeState() const { return state_; }

 protected:
  void closeEvent(QCloseEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  void buildActions();
  void buildDocks();
  void buildToolBars();
  void connectBackend(Backend* backend);
  void updateTitle();
  void updateRunActions();
  void onSelectionChanged();
  void onNodeContextMenu(const QString& id, QPoint screenPos);
  void onLinkContextMenu(int row, QPoint screenPos);
  void deleteSelection();
  bool maybeSave();
  void fileNew();
  void fileOpen();
  bool fileSave();
  bool fileSaveAs();
  void showError(const QString& title, const QString& message);
  Backend* activeBackend() const;

  TopologyDocument* doc_;
  TopologyScene* scene_;
  TopologyView* view_;
  PropertyPanel* panel_;
  QTreeView* outline_;
  RunStore* store_;
  SimulationBackend* sim_;
  ProcessBackend* proc_;
  LiveCanvas* live_;
  ConsolePanel* consoles_;
  EventLogModel* logModel_;
  EventFilterProxy* logProxy_;
  QTableView* log_;
  QComboBox* logNode_;
  QComboBox* logType_;
  QComboBox* logKind_;
  NodeStateView* state_;
  ActivityChart* chart_;
  ComponentTreeView* components_;
  TimelineWidget* timeline_;
  QSpinBox* seed_;
  QComboBox* speed_;
  QLabel* fileLabel_;
  QLabel* runLabel_;
  QLabel* timeLabel_;
  QString scenarioPath_;
  bool usingProcesses_ = false;
  bool fitted_ = false;

  QAction* newAct_;
  QAction* openAct_;
  QAction* saveAct_;
  QAction* saveAsAct_;
  QAction* openTraceAct_;
  QAction* undoAct_;
  QAction* redoAct_;
  QAction* selectAct_;
  QAction* addNodeAct_;
  QAction* addLinkAct_;
  QAction* deleteAct_;
  QAction* layoutAct_;
  QAction* zoomInAct_;
  QAction* zoomOutAct_;
  QAction* fitAct_;
  QAction* launchAct_;
  QAction* simulateAct_;
  QAction* playAct_;
  QAction* stepAct_;
  QAction* runToEndAct_;
  QAction* stopAct_;
  QAction* animateAct_;
};

}  // namespace catslab::ui
