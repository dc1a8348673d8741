// RunController: what feeds the RunStore — the simulation backend, the
// local-process backend and trace files — and the Run actions that drive
// them (Launch locally, Simulate, Play/Pause, Step, Run to end, Stop) with
// the profile, seed and speed boxes. The profile box picks how Simulate runs:
// deterministic (virtual time, replayable) or stress (the work-stealing pool
// in real time with 2, 4 or one worker per core; not replayable). At most one backend is active;
// starting one stops the other. "Save Run as Scenario…" writes a
// deterministic simulation with the actions taken on it as a scenario file
// (replayed record for record), or a launch with the actions taken on its
// processes (replayed in the simulator at the same times).
// Owns both backends and its actions. GUI thread only.
#pragma once

#include <QObject>
#include <optional>

#include "runtime/proto/scenario.pb.h"
#include "runtime/result.h"

class QAction;
class QComboBox;
class QSpinBox;
class QToolBar;
class QWidget;

namespace catslab::ui {

class Backend;
class ConsolePanel;
class ProcessBackend;
class RunStore;
class SimulationBackend;
class TopologyDocument;

class RunController : public QObject {
  Q_OBJECT
 public:
  RunController(TopologyDocument* doc, RunStore* store, ConsolePanel* consoles, QWidget* window);

  // Simulates the current topology, or `scenarioPath` when given.
  std::optional<QString> simulate(const QString& scenarioPath, quint64 seed);
  std::optional<QString> launchLocally();
  std::optional<QString> openTrace(const QString& path);
  // The backend that runs now, or nullptr.
  Backend* activeBackend() const;
  // Stops the node processes (the simulation needs no goodbye).
  void stopProcesses();

  SimulationBackend* simulation() const { return sim_; }
  ProcessBackend* processes() const { return proc_; }
  // Index of the profile box: 0 deterministic, 1.. stress (2, 4, all cores).
  void setProfileIndex(int index);
  // Adds the run actions, profile, seed and speed boxes to `bar`.
  void fillToolBar(QToolBar* bar);
  QList<QAction*> menuActions() const;
  QAction* openTraceAction() const { return openTraceAct_; }
  // "Save Run as Scenario…": the scenario the run started from plus every
  // action taken on it so far (run_recording.h).
  QAction* saveScenarioAction() const { return saveScenarioAct_; }
  std::optional<QString> saveRunAsScenario(const QString& path);
  // "Compare Traces…": two trace files side by side at their first divergence.
  QAction* compareTracesAction() const { return compareAct_; }

 signals:
  void statusMessage(const QString& text);
  void errorOccurred(const QString& title, const QString& message);

 private:
  void connectBackend(Backend* backend);
  void compareTraces();
  void updateActions();

  TopologyDocument* doc_;
  RunStore* store_;
  ConsolePanel* consoles_;
  QWidget* window_;
  SimulationBackend* sim_;
  ProcessBackend* proc_;
  QString scenarioPath_;
  ::catslab::runtime::Result<::catslab::scenario::Scenario> base_ =
      ::catslab::runtime::Result<::catslab::scenario::Scenario>::failure("nothing simulated yet");
  bool usingProcesses_ = false;
  QComboBox* profile_;
  QSpinBox* seed_;
  QComboBox* speed_;
  QAction* openTraceAct_;
  QAction* saveScenarioAct_;
  QAction* compareAct_;
  QAction* launchAct_;
  QAction* simulateAct_;
  QAction* playAct_;
  QAction* stepAct_;
  QAction* runToEndAct_;
  QAction* stopAct_;
};

}  // namespace catslab::ui
