#include "ui/main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>

#include "snapshot_view/activity_chart.h"
#include "snapshot_view/component_tree_view.h"
#include "snapshot_view/event_log_panel.h"
#include "snapshot_view/node_state_view.h"
#include "snapshot_view/operations/operations_view.h"
#include "snapshot_view/ring/ring_view.h"
#include "snapshot_view/run_store.h"
#include "snapshot_view/spacetime/spacetime_view.h"
#include "snapshot_view/timeline_widget.h"
#include "topology_editor/property_panel.h"
#include "topology_editor/topology_document.h"
#include "topology_editor/topology_scene.h"
#include "topology_editor/topology_view.h"
#include "ui/canvas_controller.h"
#include "ui/console_panel.h"
#include "ui/examples_dialog.h"
#include "ui/file_controller.h"
#include "ui/live_canvas.h"
#include "ui/process_backend.h"
#include "ui/run_controller.h"
#include "ui/simulation_backend.h"
#include "ui/workload/workload_controller.h"

namespace catslab::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("CatsLabMainWindow"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/catslab.svg")));
  doc_ = new TopologyDocument(this);
  scene_ = new TopologyScene(doc_->model(), this);
  view_ = new TopologyView(scene_, this);
  store_ = new RunStore(this);
  spaceTime_ = new spacetime::SpaceTimeView(store_, this);
  centre_ = new QTabWidget(this);
  centre_->setDocumentMode(true);
  centre_->addTab(view_, tr("Topology"));
  centre_->addTab(spaceTime_, tr("Space-time"));
  centre_->setTabToolTip(1, tr("Who sent what to whom, when: a lane per node, messages as arrows"));
  ring_ = new ring::RingView(store_, this);
  centre_->setTabToolTip(centre_->addTab(ring_, tr("Ring")),
                         tr("Ring pointers, groups and their views, reconfiguration, keys"));
  operations_ = new operations::OperationsView(store_, this);
  ring_->followOperations(operations_);
  centre_->setTabToolTip(centre_->addTab(operations_, tr("Operations")),
                         tr("Client operations over time, their quorums and linearizability"));
  setCentralWidget(centre_);
  live_ = new LiveCanvas(store_, scene_, this);
  fileLabel_ = new QLabel(this);
  runLabel_ = new QLabel(tr("Idle — edit the topology, then Simulate or Launch locally"), this);
  timeLabel_ = new QLabel(this);

  buildDocks();
  files_ = new FileController(doc_, this);
  run_ = new RunController(doc_, store_, consoles_, this);
  canvas_ = new CanvasController(doc_, scene_, view_, live_, run_, store_, consoles_, this);
  workload_ = new workload::WorkloadController(this, doc_, store_, run_);
  buildMenus();
  buildToolBars();
  statusBar()->addWidget(runLabel_, 1);
  statusBar()->addPermanentWidget(timeLabel_);
  statusBar()->addPermanentWidget(fileLabel_);

  connect(files_, &FileController::statusMessage, runLabel_, &QLabel::setText);
  connect(run_, &RunController::statusMessage, runLabel_, &QLabel::setText);
  connect(files_, &FileController::errorOccurred, this, &MainWindow::showError);
  connect(files_, &FileController::documentReplaced, consoles_, &ConsolePanel::clearAll);
  connect(run_, &RunController::errorOccurred, this, &MainWindow::showError);
  connect(canvas_, &CanvasController::statusMessage, runLabel_, &QLabel::setText);
  connect(doc_, &TopologyDocument::filePathChanged, this, &MainWindow::updateTitle);
  connect(doc_, &TopologyDocument::modifiedChanged, this, &MainWindow::updateTitle);
  connect(doc_, &TopologyDocument::documentReset, this, [this] {
    view_->fitAll();
    consoles_->setNodes(doc_->model()->nodeIds());
  });
  connect(doc_->model(), &QAbstractItemModel::rowsInserted, this,
          [this] { consoles_->setNodes(doc_->model()->nodeIds()); });
  connect(doc_->model(), &QAbstractItemModel::rowsRemoved, this,
          [this] { consoles_->setNodes(doc_->model()->nodeIds()); });
  connect(scene_, &QGraphicsScene::selectionChanged, this, &MainWindow::onSelectionChanged);
  connect(panel_, &PropertyPanel::editRejected, this,
          [this](const QString& why) { runLabel_->setText(tr("Not applied: %1").arg(why)); });
  connect(consoles_, &ConsolePanel::commandEntered, this,
          [this](const QString& node, const QString& line) {
            if (Backend* b = run_->activeBackend()) {
              b->sendCommand(node, line);
            } else {
              consoles_->appendOutput(
                  node, tr("Nothing is running: press Simulate or Launch locally first."), true);
            }
          });
  connect(ring_, &ring::RingView::watchRequested, this, [this](const QString& key) {
    Backend* b = run_->activeBackend();
    if (!b) return runLabel_->setText(tr("Nothing is running: watch needs live nodes."));
    for (const QString& id : store_->nodeIds()) b->sendCommand(id, QStringLiteral("watch ") + key);
    runLabel_->setText(tr("Asked every node to watch '%1'").arg(key));
  });
  SimulationBackend* sim = run_->simulation();
  connect(sim, &SimulationBackend::timeAdvanced, this,
          [this](qint64 ns) { timeLabel_->setText(tr("virtual time %1").arg(formatTimeNs(ns))); });
  connect(sim, &SimulationBackend::componentTreeReady, this, [this](const QByteArray& json) {
    components_->showJson(tr("<b>Simulation</b> — live component tree (all nodes)"), json);
  });
  connect(run_->processes(), &ProcessBackend::nodeReady, this,
          [this](const QString& id, const QString&) { scene_->setNodeStatus(id, NodeStatus::Up); });

  resize(1400, 880);
  doc_->newTopology();
  updateTitle();
}

MainWindow::~MainWindow() {
  // The scene reports selection changes while it deletes its items, and the
  // panels watch the document: cut those ties before members go.
  disconnect(scene_, nullptr, this, nullptr);
  delete panel_;
  delete view_;
  delete scene_;
}

SimulationBackend* MainWindow::simulation() const { return run_->simulation(); }
ProcessBackend* MainWindow::processes() const { return run_->processes(); }

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addActions(
      {files_->newAction(), files_->openAction(), files_->saveAction(), files_->saveAsAction()});
  file->addSeparator();
  file->addAction(run_->openTraceAction());
  QAction* examples = file->addAction(tr("&Examples…"));
  examples->setStatusTip(tr("The bundled examples, each with a short lesson"));
  connect(examples, &QAction::triggered, this, &MainWindow::showExamples);
  file->addActions({run_->saveScenarioAction(), run_->compareTracesAction()});
  file->addSeparator();
  auto* quit = new QAction(tr("&Quit"), this);
  quit->setShortcut(QKeySequence::Quit);
  connect(quit, &QAction::triggered, this, &QWidget::close);
  file->addAction(quit);
  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->addActions(canvas_->historyActions());
  edit->addSeparator();
  edit->addActions(canvas_->editMenuActions());
  menuBar()->addMenu(tr("&View"))->addActions(canvas_->viewMenuActions());
  menuBar()->addMenu(tr("&Run"))->addActions(run_->menuActions());
}

void MainWindow::buildDocks() {
  setDockNestingEnabled(true);
  auto dock = [this](const QString& title, const QString& name, QWidget* w,
                     Qt::DockWidgetArea area) {
    auto* d = new QDockWidget(title, this);
    d->setObjectName(name);
    d->setWidget(w);
    addDockWidget(area, d);
    return d;
  };
  panel_ = new PropertyPanel(doc_);
  QDockWidget* props =
      dock(tr("Properties"), QStringLiteral("propertiesDock"), panel_, Qt::RightDockWidgetArea);

  state_ = new NodeStateView(store_);
  QDockWidget* stateDock =
      dock(tr("Node state"), QStringLiteral("nodeStateDock"), state_, Qt::RightDockWidgetArea);
  components_ = new ComponentTreeView(store_);
  QDockWidget* compDock = dock(tr("Components"), QStringLiteral("componentsDock"), components_,
                               Qt::RightDockWidgetArea);
  tabifyDockWidget(stateDock, compDock);
  stateDock->raise();

  outline_ = new QTreeView;
  outline_->setModel(doc_->model());
  outline_->expandAll();
  outline_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  outline_->setUniformRowHeights(true);
  connect(doc_->model(), &QAbstractItemModel::modelReset, outline_, &QTreeView::expandAll);
  connect(outline_, &QTreeView::clicked, this, [this](const QModelIndex& index) {
    const QString kind = index.data(TopologyModel::KindRole).toString();
    if (kind == QStringLiteral("node"))
      scene_->selectNode(index.data(TopologyModel::NodeIdRole).toString());
    if (kind == QStringLiteral("link")) scene_->selectLink(index.row());
  });
  QDockWidget* outlineDock =
      dock(tr("Outline"), QStringLiteral("outlineDock"), outline_, Qt::LeftDockWidgetArea);
  outlineDock->setMinimumWidth(230);

  consoles_ = new ConsolePanel;
  QDockWidget* consoleDock =
      dock(tr("Consoles"), QStringLiteral("consolesDock"), consoles_, Qt::BottomDockWidgetArea);
  log_ = new EventLogPanel(store_);
  QDockWidget* logDock =
      dock(tr("Event log"), QStringLiteral("eventLogDock"), log_, Qt::BottomDockWidgetArea);
  chart_ = new ActivityChart(store_);
  QDockWidget* chartDock =
      dock(tr("Charts"), QStringLiteral("chartsDock"), chart_, Qt::BottomDockWidgetArea);
  tabifyDockWidget(consoleDock, logDock);
  tabifyDockWidget(logDock, chartDock);
  consoleDock->raise();

  // The timeline is a bar along the bottom, always there, like a player's.
  timeline_ = new TimelineWidget(store_);
  auto* timelineBar = new QToolBar(tr("Timeline"), this);
  timelineBar->setObjectName(QStringLiteral("timelineBar"));
  timelineBar->setMovable(false);
  timelineBar->addWidget(timeline_);
  addToolBar(Qt::BottomToolBarArea, timelineBar);
  resizeDocks({props, stateDock}, {330, 300}, Qt::Vertical);
  resizeDocks({props}, {330}, Qt::Horizontal);
  resizeDocks({consoleDock}, {230}, Qt::Vertical);
}

void MainWindow::buildToolBars() {
  QToolBar* file = addToolBar(tr("File"));
  file->setObjectName(QStringLiteral("fileToolBar"));
  file->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  file->addActions({files_->newAction(), files_->openAction(), files_->saveAction()});
  file->addSeparator();
  file->addActions(canvas_->historyActions());
  QToolBar* edit = addToolBar(tr("Edit"));
  edit->setObjectName(QStringLiteral("editToolBar"));
  edit->setToolButtonStyle(Qt::ToolButtonTextOnly);
  edit->addActions(canvas_->modeActions());
  edit->addSeparator();
  edit->addAction(canvas_->fitAction());
  addToolBarBreak();
  QToolBar* run = addToolBar(tr("Run"));
  run->setObjectName(QStringLiteral("runToolBar"));
  run->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  run_->fillToolBar(run);
  run->addAction(canvas_->animateAction());
}

void MainWindow::updateTitle() {
  const QString path = doc_->filePath();
  const QString name = path.isEmpty() ? QString::fromStdString(doc_->model()->topology().name())
                                      : QFileInfo(path).fileName();
  setWindowTitle((name.isEmpty() ? tr("untitled") : name) + QStringLiteral("[*] — CATS Lab"));
  setWindowModified(doc_->isModified());
  fileLabel_->setText(path.isEmpty() ? tr("not saved yet") : path);
}

void MainWindow::onSelectionChanged() {
  const QStringList nodes = scene_->selectedNodeIds();
  const QList<int> links = scene_->selectedLinkRows();
  if (nodes.size() == 1 && links.isEmpty()) {
    panel_->showNode(nodes.first());
    state_->setNode(nodes.first());
    components_->setNode(nodes.first());
    consoles_->showNode(nodes.first());
    log_->setNodeFilter(nodes.first());
  } else if (links.size() == 1 && nodes.isEmpty()) {
    panel_->showLink(links.first());
  } else {
    panel_->showTopology();
  }
}

void MainWindow::selectNode(const QString& id) { scene_->selectNode(id); }

std::optional<QString> MainWindow::showView(const QString& name) {
  if (name == QStringLiteral("topology")) {
    centre_->setCurrentWidget(view_);
  } else if (name == QStringLiteral("spacetime")) {
    centre_->setCurrentWidget(spaceTime_);
  } else if (name == QStringLiteral("operations")) {
    centre_->setCurrentWidget(operations_);
  } else if (name == QStringLiteral("ring") || ring_->showPanel(name)) {
    centre_->setCurrentWidget(ring_);
  } else if (name == QStringLiteral("workload")) {
    workload_->show();
  } else if (name == QStringLiteral("examples")) {
    showExamples();
  } else {
    return tr("unknown view '%1' (topology, spacetime, ring, reconfiguration, key, quorum, "
              "operations, workload or examples)")
        .arg(name);
  }
  return std::nullopt;
}

std::optional<QString> MainWindow::openTopology(const QString& path) {
  return files_->openTopology(path);
}
void MainWindow::openBundledExample() { files_->openBundledExample(); }
std::optional<QString> MainWindow::simulate(const QString& scenarioPath, quint64 seed) {
  return run_->simulate(scenarioPath, seed);
}
std::optional<QString> MainWindow::launchLocally() { return run_->launchLocally(); }
std::optional<QString> MainWindow::openTrace(const QString& path) { return run_->openTrace(path); }
ExamplesDialog* MainWindow::showExamples() {
  auto* dialog = new ExamplesDialog(examplesDir(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &ExamplesDialog::openRequested, this,
          [this](const QString& path, const QString& lesson) {
            if (auto e = openExample(path, lesson)) showError(tr("Cannot open the example"), *e);
          });
  dialog->open();
  return dialog;
}

std::optional<QString> MainWindow::openExample(const QString& scenarioPath,
                                               const QString& lessonHtml) {
  if (!files_->maybeSave()) return std::nullopt;
  if (auto e = run_->simulate(scenarioPath, 1)) return e;
  if (!lessonDock_) {
    lesson_ = new QTextBrowser;
    lessonDock_ = new QDockWidget(tr("Lesson"), this);
    lessonDock_->setObjectName(QStringLiteral("lessonDock"));
    lessonDock_->setWidget(lesson_);
    addDockWidget(Qt::RightDockWidgetArea, lessonDock_);
    tabifyDockWidget(findChild<QDockWidget*>(QStringLiteral("propertiesDock")), lessonDock_);
  }
  lesson_->setHtml(lessonHtml);
  lessonDock_->show();
  lessonDock_->raise();
  return std::nullopt;
}

QString MainWindow::lessonText() const { return lesson_ ? lesson_->toPlainText() : QString(); }

std::optional<QString> MainWindow::saveRunAsScenario(const QString& path) {
  return run_->saveRunAsScenario(path);
}

void MainWindow::showError(const QString& title, const QString& message) {
  runLabel_->setText(title + QStringLiteral(": ") + message);
  if (QApplication::platformName() == QStringLiteral("offscreen")) return;  // no one to click OK
  QMessageBox::warning(this, title, message);
}

void MainWindow::showEvent(QShowEvent* event) {
  QMainWindow::showEvent(event);
  // Fit once the view has its real size; earlier fits use a tiny viewport.
  if (!fitted_) {
    fitted_ = true;
    QTimer::singleShot(0, view_, &TopologyView::fitAll);
  }
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!files_->maybeSave()) return event->ignore();
  run_->stopProcesses();
  event->accept();
}

}  // namespace catslab::ui
