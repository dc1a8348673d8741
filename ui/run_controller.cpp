#include "ui/run_controller.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QSpinBox>
#include <QToolBar>

#include "runtime/sim/scenario_file.h"
#include "runtime/sim/trace_file.h"
#include "snapshot_view/run_diff_view.h"
#include "snapshot_view/run_store.h"
#include "topology_editor/topology_document.h"
#include "ui/action_factory.h"
#include "ui/console_panel.h"
#include "ui/process_backend.h"
#include "ui/simulation_backend.h"
#include "ui/workload/sim_stream.h"

namespace catslab::ui {

RunController::RunController(TopologyDocument* doc, RunStore* store, ConsolePanel* consoles,
                             QWidget* window)
    : QObject(window), doc_(doc), store_(store), consoles_(consoles), window_(window) {
  sim_ = new SimulationBackend(store_, this);
  proc_ = new ProcessBackend(store_, this);
  const QStyle* s = window->style();
  openTraceAct_ = makeAction(this, QIcon(), tr("Open &Trace…"), QKeySequence(),
                             tr("Browse a finished run from a trace file"));
  launchAct_ = makeAction(this, themedIcon("system-run", QStyle::SP_ComputerIcon, s),
                          tr("Launch locally"), QKeySequence(Qt::CTRL | Qt::Key_L),
                          tr("Run every node as a catslab-node process on this machine"));
  simulateAct_ = makeAction(this, themedIcon("media-playback-start", QStyle::SP_MediaPlay, s),
                            tr("Simulate"), QKeySequence(Qt::CTRL | Qt::Key_R),
                            tr("Run the topology in the deterministic simulator"));
  playAct_ = makeAction(this, s->standardIcon(QStyle::SP_MediaPause), tr("Pause"),
                        QKeySequence(Qt::Key_Space), tr("Pause or resume the simulation"));
  stepAct_ = makeAction(this, s->standardIcon(QStyle::SP_MediaSkipForward), tr("Step"),
                        QKeySequence(Qt::Key_Period), tr("Run exactly one simulation event"));
  runToEndAct_ =
      makeAction(this, s->standardIcon(QStyle::SP_MediaSeekForward), tr("Run to end"),
                 QKeySequence(), tr("Run the scenario as fast as possible until it ends"));
  stopAct_ = makeAction(this, themedIcon("process-stop", QStyle::SP_MediaStop, s), tr("Stop"),
                        QKeySequence(Qt::SHIFT | Qt::Key_F5),
                        tr("Stop the simulation or the node processes"));

  profile_ = new QComboBox;
  profile_->addItem(tr("Deterministic"), 0);
  profile_->addItem(tr("Stress, 2 workers"), 2);
  profile_->addItem(tr("Stress, 4 workers"), 4);
  profile_->addItem(tr("Stress, all cores"), -1);
  profile_->setToolTip(
      tr("Deterministic: virtual time, the same seed replays the run. Stress: the work-stealing "
         "pool in real time, to find races and overload; not replayable."));
  seed_ = new QSpinBox;
  seed_->setRange(0, 1'000'000'000);
  seed_->setValue(1);
  seed_->setToolTip(tr("Root seed of the simulation: same seed, same run"));
  speed_ = new QComboBox;
  for (auto [label, factor] :
       {std::pair{"0.1×", 0.1}, std::pair{"0.5×", 0.5}, std::pair{"1×", 1.0}, std::pair{"5×", 5.0},
        std::pair{"20×", 20.0}, std::pair{"fastest", 0.0}})
    speed_->addItem(QString::fromUtf8(label), factor);
  speed_->setCurrentIndex(2);
  speed_->setToolTip(tr("Virtual seconds per real second"));
  connect(speed_, &QComboBox::currentIndexChanged, this,
          [this] { sim_->setSpeed(speed_->currentData().toDouble()); });

  connect(openTraceAct_, &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getOpenFileName(window_, tr("Open trace"), {},
                                                      tr("Traces (*.trace);;All files (*)"));
    if (path.isEmpty()) return;
    if (auto e = openTrace(path)) emit errorOccurred(tr("Cannot open trace"), *e);
  });
  connect(launchAct_, &QAction::triggered, this, [this] {
    if (auto e = launchLocally()) emit errorOccurred(tr("Cannot launch"), *e);
  });
  saveScenarioAct_ = makeAction(
      this, QIcon(), tr("Save Run as &Scenario…"), QKeySequence(),
      tr("Save the run with the kills, partitions, link changes and console requests you made "
         "as a scenario: catslab-sim replays a simulation to the same trace, and the actions "
         "taken on local processes at the same times"));
  connect(saveScenarioAct_, &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getSaveFileName(window_, tr("Save run as scenario"), {},
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    if (auto e = saveRunAsScenario(path)) emit errorOccurred(tr("Cannot save the scenario"), *e);
  });
  compareAct_ = makeAction(this, QIcon(), tr("&Compare Traces…"), QKeySequence(),
                           tr("Open two trace files at the first record where they diverge"));
  connect(compareAct_, &QAction::triggered, this, &RunController::compareTraces);
  connect(simulateAct_, &QAction::triggered, this, [this] {
    if (auto e = simulate(scenarioPath_, static_cast<quint64>(seed_->value())))
      emit errorOccurred(tr("Cannot simulate"), *e);
  });
  connect(playAct_, &QAction::triggered, this, [this] {
    if (sim_->isPlaying()) {
      sim_->pause();
    } else {
      sim_->play();
    }
  });
  connect(stepAct_, &QAction::triggered, sim_, &SimulationBackend::step);
  connect(runToEndAct_, &QAction::triggered, sim_, &SimulationBackend::runToEnd);
  connect(stopAct_, &QAction::triggered, this, [this] {
    if (Backend* b = activeBackend()) b->stop();
    updateActions();
  });

  connectBackend(sim_);
  connectBackend(proc_);
  connect(sim_, &SimulationBackend::playingChanged, this, &RunController::updateActions);
  updateActions();
}

void RunController::fillToolBar(QToolBar* bar) {
  bar->addActions({launchAct_, simulateAct_});
  bar->addSeparator();
  bar->addActions({playAct_, stepAct_, runToEndAct_, stopAct_});
  bar->addSeparator();
  bar->addWidget(profile_);
  bar->addWidget(new QLabel(tr(" Seed ")));
  bar->addWidget(seed_);
  bar->addWidget(new QLabel(tr(" Speed ")));
  bar->addWidget(speed_);
}

QList<QAction*> RunController::menuActions() const {
  return {simulateAct_, playAct_, stepAct_, runToEndAct_, launchAct_, stopAct_};
}

void RunController::connectBackend(Backend* backend) {
  connect(backend, &Backend::consoleOutput, consoles_, &ConsolePanel::appendOutput);
  connect(backend, &Backend::commandSent, consoles_, &ConsolePanel::appendCommand);
  connect(backend, &Backend::nodeExited, consoles_, &ConsolePanel::appendStatus);
  connect(backend, &Backend::statusChanged, this, &RunController::statusMessage);
  connect(backend, &Backend::runStarted, this, &RunController::updateActions);
  connect(backend, &Backend::runFinished, this, [this](const QString& summary) {
    emit statusMessage(tr("Run finished: %1 — drag the timeline to look back").arg(summary));
    updateActions();
  });
  connect(backend, &Backend::runFailed, this, [this](const QString& reason) {
    emit errorOccurred(tr("Cannot run"), reason);
    updateActions();
  });
}

Backend* RunController::activeBackend() const {
  if (usingProcesses_) return proc_->isRunning() ? proc_ : nullptr;
  return sim_->isRunning() ? sim_ : nullptr;
}

void RunController::stopProcesses() {
  if (proc_->isRunning()) proc_->stop();
}

void RunController::setProfileIndex(int index) { profile_->setCurrentIndex(index); }

void RunController::updateActions() {
  const bool simRunning = !usingProcesses_ && sim_->isRunning();
  const bool procRunning = usingProcesses_ && proc_->isRunning();
  // Real time cannot be paused, stepped or hurried.
  const bool controllable = simRunning && !sim_->isFinished() && !sim_->isStress();
  saveScenarioAct_->setEnabled((usingProcesses_ || !sim_->isStress()) && base_.isOk());
  playAct_->setEnabled(controllable);
  stepAct_->setEnabled(controllable);
  runToEndAct_->setEnabled(controllable && !scenarioPath_.isEmpty());
  stopAct_->setEnabled(simRunning || procRunning);
  launchAct_->setEnabled(!procRunning);
  const bool playing = simRunning && sim_->isPlaying();
  playAct_->setText(playing ? tr("Pause") : tr("Play"));
  playAct_->setIcon(
      window_->style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

std::optional<QString> RunController::simulate(const QString& scenarioPath, quint64 seed) {
  if (proc_->isRunning()) proc_->stop();
  std::shared_ptr<const sim::Scenario> scenario;
  if (!scenarioPath.isEmpty()) {
    auto loaded = sim::loadScenario(scenarioPath.toStdString());
    if (!loaded) return QString::fromStdString(loaded.error());
    scenario = std::make_shared<const sim::Scenario>(std::move(*loaded));
    // Show the scenario's topology on the canvas when it brings one.
    if (scenario->topology() &&
        scenario->topology()->SerializeAsString() != doc_->model()->topology().SerializeAsString())
      doc_->reset(*scenario->topology());
  }
  scenarioPath_ = scenarioPath;
  usingProcesses_ = false;
  seed_->setValue(static_cast<int>(seed));
  consoles_->clearAll();
  const int workers = profile_->currentData().toInt();
  sim_->setProfile(workers == 0 ? sim::Profile::Simulation : sim::Profile::Stress,
                   workers < 0 ? 0 : workers);
  if (auto e = sim_->prepare(doc_->model()->topology(), scenario, seed)) return e;
  base_ = baseScenario(scenarioPath, doc_->model()->topology());
  sim_->setSpeed(speed_->currentData().toDouble());
  sim_->play();
  updateActions();
  return std::nullopt;
}

std::optional<QString> RunController::saveRunAsScenario(const QString& path) {
  if (!base_) return QString::fromStdString(base_.error());
  if (usingProcesses_) {
    // Real processes have real timing: the saved scenario replays the same
    // actions at the same times in the simulator, not the same run.
    const auto& actions = proc_->recordedActions();
    const scenario::Scenario saved = recordedScenario(*base_, actions, proc_->elapsedNs());
    if (auto s = saveScenarioFile(saved, path); !s) return QString::fromStdString(s.error());
    emit statusMessage(tr("Saved %1 action(s) taken on the local processes to %2 — catslab-sim "
                          "--scenario %2 runs them at the same times in the simulator")
                           .arg(actions.size())
                           .arg(path));
    return std::nullopt;
  }
  if (sim_->isStress()) return tr("a stress run is not replayable: it cannot be saved");
  const auto& actions = sim_->recordedActions();
  const qint64 end = actionTimeNs(sim_->virtualTimeNs());
  scenario::Scenario saved = recordedScenario(*base_, actions, end);
  // Each request stream becomes a process raising the same requests at the same times.
  int streams = 0;
  for (const auto& [stream, stoppedAt] : sim_->recordedStreams()) {
    const auto count = stoppedAt >= 0 ? static_cast<std::uint64_t>(stoppedAt)
                                      : workload::requestsBefore(*stream, end);
    if (count == 0) continue;
    *saved.add_processes() = workload::streamProcess(*stream, count);
    ++streams;
  }
  if (auto s = saveScenarioFile(saved, path); !s) return QString::fromStdString(s.error());
  emit statusMessage(tr("Saved the run with %1 recorded action(s) and %4 request stream(s) to %2 "
                        "— catslab-sim --scenario %2 --seed %3 replays it")
                         .arg(actions.size())
                         .arg(path)
                         .arg(seed_->value())
                         .arg(streams));
  return std::nullopt;
}

void RunController::compareTraces() {
  const QString filter = tr("Traces (*.trace);;All files (*)");
  const QString left = QFileDialog::getOpenFileName(window_, tr("First (left) trace"), {}, filter);
  if (left.isEmpty()) return;
  const QString right = QFileDialog::getOpenFileName(window_, tr("Second (right) trace"),
                                                     QFileInfo(left).path(), filter);
  if (right.isEmpty()) return;
  auto* diff = new RunDiffView(window_);
  diff->setWindowFlag(Qt::Window);
  diff->setAttribute(Qt::WA_DeleteOnClose);
  if (auto e = diff->load(left, right)) {
    delete diff;
    return emit errorOccurred(tr("Cannot compare"), *e);
  }
  diff->show();
}

std::optional<QString> RunController::launchLocally() {
  if (sim_->isRunning()) sim_->stop();
  usingProcesses_ = true;
  consoles_->clearAll();
  if (auto e = proc_->launch(doc_->model()->topology())) {
    usingProcesses_ = false;
    return e;
  }
  base_ = baseScenario({}, doc_->model()->topology());
  updateActions();
  return std::nullopt;
}

std::optional<QString> RunController::openTrace(const QString& path) {
  auto records = sim::TraceFileReader::readAll(path.toStdString());
  if (!records) return QString::fromStdString(records.error());
  if (Backend* b = activeBackend()) b->stop();
  store_->clear(tr("trace %1").arg(QFileInfo(path).fileName()));
  store_->append(std::move(*records));
  store_->setCurrent(0);
  emit statusMessage(tr("Browsing %1 (%2 events) — drag the timeline or click the event log")
                         .arg(QFileInfo(path).fileName())
                         .arg(store_->recordCount()));
  return std::nullopt;
}

}  // namespace catslab::ui
