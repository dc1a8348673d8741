#include "ui/main_window.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSpinBox>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

#include "runtime/sim/scenario_file.h"
#include "runtime/sim/trace_file.h"
#include "snapshot_view/activity_chart.h"
#include "snapshot_view/component_tree_view.h"
#include "snapshot_view/event_log_model.h"
#include "snapshot_view/node_state_view.h"
#include "snapshot_view/run_store.h"
#include "snapshot_view/timeline_widget.h"
#include "topology_editor/property_panel.h"
#include "topology_editor/topology_document.h"
#include "topology_editor/topology_scene.h"
#include "topology_editor/topology_view.h"
#include "ui/console_panel.h"
#include "ui/live_canvas.h"
#include "ui/process_backend.h"
#include "ui/simulation_backend.h"

namespace catslab::ui {

namespace {
QIcon themed(const char* name, QStyle::StandardPixmap fallback, const QStyle* style) {
  return QIcon::fromTheme(QString::fromLatin1(name), style->standardIcon(fallback));
}
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("CatsLabMainWindow"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/catslab.svg")));
  doc_ = new TopologyDocument(this);
  scene_ = new TopologyScene(doc_->model(), this);
  view_ = new TopologyView(scene_, this);
  setCentralWidget(view_);
  store_ = new RunStore(this);
  sim_ = new SimulationBackend(store_, this);
  proc_ = new ProcessBackend(store_, this);
  live_ = new LiveCanvas(store_, scene_, this);

  buildActions();
  buildDocks();
  buildToolBars();

  fileLabel_ = new QLabel(this);
  runLabel_ = new QLabel(tr("Idle — edit the topology, then Simulate or Launch locally"), this);
  timeLabel_ = new QLabel(this);
  statusBar()->addWidget(runLabel_, 1);
  statusBar()->addPermanentWidget(timeLabel_);
  statusBar()->addPermanentWidget(fileLabel_);

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
  connect(scene_, &TopologyScene::addNodeRequested, this, [this](QPointF p) {
    const QString id = doc_->addNode(p);
    scene_->selectNode(id);
  });
  connect(scene_, &TopologyScene::linkRequested, this, [this](const QString& a, const QString& b) {
    if (auto e = doc_->addLink(a, b)) runLabel_->setText(tr("Link not added: %1").arg(e->reason));
  });
  connect(scene_, &TopologyScene::nodesMoved, doc_, &TopologyDocument::moveNodes);
  connect(scene_, &TopologyScene::deleteRequested, this, &MainWindow::deleteSelection);
  connect(scene_, &TopologyScene::nodeContextMenuRequested, this, &MainWindow::onNodeContextMenu);
  connect(scene_, &TopologyScene::linkContextMenuRequested, this, &MainWindow::onLinkContextMenu);
  connect(panel_, &PropertyPanel::editRejected, this,
          [this](const QString& why) { runLabel_->setText(tr("Not applied: %1").arg(why)); });
  connect(consoles_, &ConsolePanel::commandEntered, this,
          [this](const QString& node, const QString& line) {
            if (Backend* b = activeBackend()) {
              b->sendCommand(node, line);
            } else {
              consoles_->appendOutput(
                  node, tr("Nothing is running: press Simulate or Launch locally first."), true);
            }
          });
  connectBackend(sim_);
  connectBackend(proc_);
  connect(sim_, &SimulationBackend::playingChanged, this, &MainWindow::updateRunActions);
  connect(sim_, &SimulationBackend::timeAdvanced, this,
          [this](qint64 ns) { timeLabel_->setText(tr("virtual time %1").arg(formatTimeNs(ns))); });
  connect(sim_, &SimulationBackend::componentTreeReady, this, [this](const QByteArray& json) {
    components_->showJson(tr("<b>Simulation</b> — live component tree (all nodes)"), json);
  });
  connect(proc_, &ProcessBackend::nodeReady, this,
          [this](const QString& id, const QString&) { scene_->setNodeStatus(id, NodeStatus::Up); });

  resize(1400, 880);
  doc_->newTopology();
  updateTitle();
  updateRunActions();
}

MainWindow::~MainWindow() {
  // The scene reports selection changes while it deletes its items, and the
  // panels watch the document: cut those ties before members go.
  disconnect(scene_, nullptr, this, nullptr);
  delete panel_;
  delete view_;
  delete scene_;
}

void MainWindow::connectBackend(Backend* backend) {
  connect(backend, &Backend::consoleOutput, consoles_, &ConsolePanel::appendOutput);
  connect(backend, &Backend::commandSent, consoles_, &ConsolePanel::appendCommand);
  connect(backend, &Backend::nodeExited, consoles_, &ConsolePanel::appendStatus);
  connect(backend, &Backend::statusChanged, runLabel_, &QLabel::setText);
  connect(backend, &Backend::runStarted, this, &MainWindow::updateRunActions);
  connect(backend, &Backend::runFinished, this, [this](const QString& summary) {
    runLabel_->setText(tr("Run finished: %1 — drag the timeline to look back").arg(summary));
    updateRunActions();
  });
  connect(backend, &Backend::runFailed, this, [this](const QString& reason) {
    showError(tr("Cannot run"), reason);
    updateRunActions();
  });
}

void MainWindow::buildActions() {
  const QStyle* s = style();
  auto make = [this](const QIcon& icon, const QString& text, const QKeySequence& key,
                     const QString& tip) {
    auto* a = new QAction(icon, text, this);
    if (!key.isEmpty()) a->setShortcut(key);
    a->setToolTip(tip + (key.isEmpty() ? QString()
                                       : QStringLiteral(" (") + key.toString() + QLatin1Char(')')));
    a->setStatusTip(tip);
    return a;
  };
  newAct_ = make(themed("document-new", QStyle::SP_FileIcon, s), tr("&New"), QKeySequence::New,
                 tr("Start an empty topology"));
  openAct_ = make(themed("document-open", QStyle::SP_DialogOpenButton, s), tr("&Open…"),
                  QKeySequence::Open, tr("Open a topology file (.json)"));
  saveAct_ = make(themed("document-save", QStyle::SP_DialogSaveButton, s), tr("&Save"),
                  QKeySequence::Save, tr("Save the topology"));
  saveAsAct_ = make(QIcon(), tr("Save &As…"), QKeySequence::SaveAs,
                    tr("Save the topology under a new name"));
  openTraceAct_ = make(QIcon(), tr("Open &Trace…"), QKeySequence(),
                       tr("Browse a finished run from a trace file"));
  undoAct_ = doc_->undoStack()->createUndoAction(this, tr("&Undo"));
  undoAct_->setShortcut(QKeySequence::Undo);
  undoAct_->setIcon(themed("edit-undo", QStyle::SP_ArrowBack, s));
  redoAct_ = doc_->undoStack()->createRedoAction(this, tr("&Redo"));
  redoAct_->setShortcut(QKeySequence::Redo);
  redoAct_->setIcon(themed("edit-redo", QStyle::SP_ArrowForward, s));
  selectAct_ = make(QIcon(), tr("Select"), QKeySequence(Qt::Key_S), tr("Select and move nodes"));
  addNodeAct_ = make(QIcon(), tr("Add node"), QKeySequence(Qt::Key_N),
                     tr("Click on the canvas to place a node"));
  addLinkAct_ = make(QIcon(), tr("Add link"), QKeySequence(Qt::Key_L),
                     tr("Drag from one node to another to link them"));
  for (QAction* a : {selectAct_, addNodeAct_, addLinkAct_}) a->setCheckable(true);
  auto* modes = new QActionGroup(this);
  for (QAction* a : {selectAct_, addNodeAct_, addLinkAct_}) modes->addAction(a);
  selectAct_->setChecked(true);
  deleteAct_ = make(themed("edit-delete", QStyle::SP_TrashIcon, s), tr("Delete"),
                    QKeySequence::Delete, tr("Delete the selected nodes and links"));
  layoutAct_ =
      make(QIcon(), tr("Arrange in circle"), QKeySequence(), tr("Place all nodes on a circle"));
  zoomInAct_ = make(themed("zoom-in", QStyle::SP_ArrowUp, s), tr("Zoom in"), QKeySequence::ZoomIn,
                    tr("Zoom in"));
  zoomOutAct_ = make(themed("zoom-out", QStyle::SP_ArrowDown, s), tr("Zoom out"),
                     QKeySequence::ZoomOut, tr("Zoom out"));
  fitAct_ = make(themed("zoom-fit-best", QStyle::SP_TitleBarMaxButton, s), tr("Fit"),
                 QKeySequence(Qt::Key_F), tr("Show the whole topology"));
  launchAct_ = make(themed("system-run", QStyle::SP_ComputerIcon, s), tr("Launch locally"),
                    QKeySequence(Qt::CTRL | Qt::Key_L),
                    tr("Run every node as a catslab-node process on this machine"));
  simulateAct_ = make(themed("media-playback-start", QStyle::SP_MediaPlay, s), tr("Simulate"),
                      QKeySequence(Qt::CTRL | Qt::Key_R),
                      tr("Run the topology in the deterministic simulator"));
  playAct_ = make(s->standardIcon(QStyle::SP_MediaPause), tr("Pause"), QKeySequence(Qt::Key_Space),
                  tr("Pause or resume the simulation"));
  stepAct_ = make(s->standardIcon(QStyle::SP_MediaSkipForward), tr("Step"),
                  QKeySequence(Qt::Key_Period), tr("Run exactly one simulation event"));
  runToEndAct_ = make(s->standardIcon(QStyle::SP_MediaSeekForward), tr("Run to end"),
                      QKeySequence(), tr("Run the scenario as fast as possible until it ends"));
  stopAct_ =
      make(themed("process-stop", QStyle::SP_MediaStop, s), tr("Stop"),
           QKeySequence(Qt::SHIFT | Qt::Key_F5), tr("Stop the simulation or the node processes"));
  animateAct_ =
      make(QIcon(), tr("Animate messages"), QKeySequence(), tr("Show messages moving along links"));
  animateAct_->setCheckable(true);
  animateAct_->setChecked(true);

  connect(newAct_, &QAction::triggered, this, &MainWindow::fileNew);
  connect(openAct_, &QAction::triggered, this, &MainWindow::fileOpen);
  connect(saveAct_, &QAction::triggered, this, &MainWindow::fileSave);
  connect(saveAsAct_, &QAction::triggered, this, &MainWindow::fileSaveAs);
  connect(openTraceAct_, &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open trace"), {},
                                                      tr("Traces (*.trace);;All files (*)"));
    if (path.isEmpty()) return;
    if (auto e = openTrace(path)) showError(tr("Cannot open trace"), *e);
  });
  connect(selectAct_, &QAction::triggered, this,
          [this] { scene_->setMode(TopologyScene::Mode::Select); });
  connect(addNodeAct_, &QAction::triggered, this,
          [this] { scene_->setMode(TopologyScene::Mode::AddNode); });
  connect(addLinkAct_, &QAction::triggered, this,
          [this] { scene_->setMode(TopologyScene::Mode::AddLink); });
  connect(scene_, &TopologyScene::modeChanged, this, [this](TopologyScene::Mode m) {
    (m == TopologyScene::Mode::Select    ? selectAct_
     : m == TopologyScene::Mode::AddNode ? addNodeAct_
                                         : addLinkAct_)
        ->setChecked(true);
  });
  connect(deleteAct_, &QAction::triggered, this, &MainWindow::deleteSelection);
  connect(layoutAct_, &QAction::triggered, this, [this] {
    doc_->applyCircleLayout();
    view_->fitAll();
  });
  connect(zoomInAct_, &QAction::triggered, view_, &TopologyView::zoomIn);
  connect(zoomOutAct_, &QAction::triggered, view_, &TopologyView::zoomOut);
  connect(fitAct_, &QAction::triggered, view_, &TopologyView::fitAll);
  connect(launchAct_, &QAction::triggered, this, [this] {
    if (auto e = launchLocally()) showError(tr("Cannot launch"), *e);
  });
  connect(simulateAct_, &QAction::triggered, this, [this] {
    if (auto e = simulate(scenarioPath_, static_cast<quint64>(seed_->value())))
      showError(tr("Cannot simulate"), *e);
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
    updateRunActions();
  });
  connect(animateAct_, &QAction::toggled, live_, &LiveCanvas::setAnimationsEnabled);

  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addActions({newAct_, openAct_, saveAct_, saveAsAct_});
  file->addSeparator();
  file->addAction(openTraceAct_);
  file->addSeparator();
  auto* quit = new QAction(tr("&Quit"), this);
  quit->setShortcut(QKeySequence::Quit);
  connect(quit, &QAction::triggered, this, &QWidget::close);
  file->addAction(quit);
  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->addActions({undoAct_, redoAct_});
  edit->addSeparator();
  edit->addActions({selectAct_, addNodeAct_, addLinkAct_, deleteAct_, layoutAct_});
  QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
  viewMenu->addActions({zoomInAct_, zoomOutAct_, fitAct_, animateAct_});
  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addActions({simulateAct_, playAct_, stepAct_, runToEndAct_, launchAct_, stopAct_});
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

  auto* logPane = new QWidget;
  auto* lv = new QVBoxLayout(logPane);
  lv->setContentsMargins(2, 2, 2, 2);
  auto* filters = new QHBoxLayout;
  logNode_ = new QComboBox;
  logType_ = new QComboBox;
  logKind_ = new QComboBox;
  auto* text = new QLineEdit;
  text->setPlaceholderText(tr("filter text"));
  text->setClearButtonEnabled(true);
  logKind_->addItem(tr("all kinds"), QString());
  for (const char* k : {"sent", "delivered", "dropped", "node up", "node down", "crash", "state",
                        "log", "client op"})
    logKind_->addItem(QString::fromLatin1(k), QString::fromLatin1(k));
  filters->addWidget(new QLabel(tr("Node")));
  filters->addWidget(logNode_);
  filters->addWidget(new QLabel(tr("Message")));
  filters->addWidget(logType_);
  filters->addWidget(new QLabel(tr("Kind")));
  filters->addWidget(logKind_);
  filters->addWidget(text, 1);
  lv->addLayout(filters);
  logModel_ = new EventLogModel(store_, this);
  logProxy_ = new EventFilterProxy(this);
  logProxy_->setSourceModel(logModel_);
  log_ = new QTableView;
  log_->setModel(logProxy_);
  log_->setSelectionBehavior(QAbstractItemView::SelectRows);
  log_->setSelectionMode(QAbstractItemView::SingleSelection);
  log_->verticalHeader()->hide();
  log_->verticalHeader()->setDefaultSectionSize(20);
  log_->horizontalHeader()->setStretchLastSection(true);
  log_->setColumnWidth(EventLogModel::SeqColumn, 50);
  log_->setColumnWidth(EventLogModel::TimeColumn, 80);
  log_->setColumnWidth(EventLogModel::NodeColumn, 60);
  log_->setColumnWidth(EventLogModel::KindColumn, 80);
  log_->setColumnWidth(EventLogModel::TypeColumn, 90);
  lv->addWidget(log_);
  auto refillCombos = [this] {
    for (auto [combo, items, all] :
         {std::tuple{logNode_, store_->nodeIds(), tr("all nodes")},
          std::tuple{logType_, store_->messageTypes(), tr("all messages")}}) {
      const QString current = combo->currentData().toString();
      const QSignalBlocker block(combo);
      combo->clear();
      combo->addItem(all, QString());
      for (const QString& i : items) combo->addItem(i, i);
      combo->setCurrentIndex(std::max(0, combo->findData(current)));
    }
  };
  connect(store_, &RunStore::nodesChanged, this, refillCombos);
  connect(store_, &RunStore::recordsAppended, this, [this, refillCombos] {
    if (logType_->count() - 1 != store_->messageTypes().size()) refillCombos();
  });
  refillCombos();
  connect(logNode_, &QComboBox::currentIndexChanged, this,
          [this] { logProxy_->setNodeFilter(logNode_->currentData().toString()); });
  connect(logType_, &QComboBox::currentIndexChanged, this,
          [this] { logProxy_->setTypeFilter(logType_->currentData().toString()); });
  connect(logKind_, &QComboBox::currentIndexChanged, this,
          [this] { logProxy_->setKindFilter(logKind_->currentData().toString()); });
  connect(text, &QLineEdit::textChanged, logProxy_, &EventFilterProxy::setTextFilter);
  connect(log_, &QTableView::clicked, this, [this](const QModelIndex& index) {
    store_->setCurrent(index.data(EventLogModel::RecordIndexRole).toInt());
  });
  connect(logModel_, &QAbstractItemModel::rowsInserted, log_, [this] {
    if (store_->follow()) log_->scrollToBottom();
  });
  QDockWidget* logDock =
      dock(tr("Event log"), QStringLiteral("eventLogDock"), logPane, Qt::BottomDockWidgetArea);

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
  (void)outlineDock;
}

void MainWindow::buildToolBars() {
  QToolBar* file = addToolBar(tr("File"));
  file->setObjectName(QStringLiteral("fileToolBar"));
  file->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  file->addActions({newAct_, openAct_, saveAct_});
  file->addSeparator();
  file->addActions({undoAct_, redoAct_});
  QToolBar* edit = addToolBar(tr("Edit"));
  edit->setObjectName(QStringLiteral("editToolBar"));
  edit->setToolButtonStyle(Qt::ToolButtonTextOnly);
  edit->addActions({selectAct_, addNodeAct_, addLinkAct_});
  edit->addSeparator();
  edit->addActions({fitAct_});
  addToolBarBreak();
  QToolBar* run = addToolBar(tr("Run"));
  run->setObjectName(QStringLiteral("runToolBar"));
  run->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  run->addActions({launchAct_, simulateAct_});
  run->addSeparator();
  run->addActions({playAct_, stepAct_, runToEndAct_, stopAct_});
  run->addSeparator();
  run->addWidget(new QLabel(tr(" Seed ")));
  seed_ = new QSpinBox;
  seed_->setRange(0, 1'000'000'000);
  seed_->setValue(1);
  seed_->setToolTip(tr("Root seed of the simulation: same seed, same run"));
  run->addWidget(seed_);
  run->addWidget(new QLabel(tr(" Speed ")));
  speed_ = new QComboBox;
  for (auto [label, factor] :
       {std::pair{"0.1×", 0.1}, std::pair{"0.5×", 0.5}, std::pair{"1×", 1.0}, std::pair{"5×", 5.0},
        std::pair{"20×", 20.0}, std::pair{"fastest", 0.0}})
    speed_->addItem(QString::fromUtf8(label), factor);
  speed_->setCurrentIndex(2);
  speed_->setToolTip(tr("Virtual seconds per real second"));
  connect(speed_, &QComboBox::currentIndexChanged, this,
          [this] { sim_->setSpeed(speed_->currentData().toDouble()); });
  run->addWidget(speed_);
  run->addAction(animateAct_);
}

Backend* MainWindow::activeBackend() const {
  if (usingProcesses_) return proc_->isRunning() ? proc_ : nullptr;
  return sim_->isRunning() ? sim_ : nullptr;
}

void MainWindow::updateRunActions() {
  const bool simRunning = !usingProcesses_ && sim_->isRunning();
  const bool procRunning = usingProcesses_ && proc_->isRunning();
  playAct_->setEnabled(simRunning && !sim_->isFinished());
  stepAct_->setEnabled(simRunning && !sim_->isFinished());
  runToEndAct_->setEnabled(simRunning && !sim_->isFinished() && !scenarioPath_.isEmpty());
  stopAct_->setEnabled(simRunning || procRunning);
  launchAct_->setEnabled(!procRunning);
  const bool playing = simRunning && sim_->isPlaying();
  playAct_->setText(playing ? tr("Pause") : tr("Play"));
  playAct_->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
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
    logNode_->setCurrentIndex(std::max(0, logNode_->findData(nodes.first())));
  } else if (links.size() == 1 && nodes.isEmpty()) {
    panel_->showLink(links.first());
  } else {
    panel_->showTopology();
  }
}

void MainWindow::selectNode(const QString& id) { scene_->selectNode(id); }

void MainWindow::deleteSelection() {
  const QStringList nodes = scene_->selectedNodeIds();
  const QList<int> links = scene_->selectedLinkRows();
  doc_->undoStack()->beginMacro(tr("Delete selection"));
  doc_->removeLinks(links);
  doc_->removeNodes(nodes);
  doc_->undoStack()->endMacro();
}

void MainWindow::onNodeContextMenu(const QString& id, QPoint screenPos) {
  QMenu menu;
  Backend* b = activeBackend();
  const bool up = b && store_->stateAfter(store_->recordCount() - 1).node(id.toStdString()) &&
                  store_->stateAfter(store_->recordCount() - 1).node(id.toStdString())->up;
  QAction* start = menu.addAction(tr("Start %1").arg(id));
  QAction* kill = menu.addAction(tr("Kill %1 (crash)").arg(id));
  QAction* restart = menu.addAction(tr("Restart %1").arg(id));
  start->setEnabled(b && !up);
  kill->setEnabled(b && up);
  restart->setEnabled(b != nullptr);
  menu.addSeparator();
  QAction* console = menu.addAction(tr("Show console"));
  QAction* del = menu.addAction(tr("Delete node"));
  QAction* chosen = menu.exec(screenPos);
  if (!chosen) return;
  if (chosen == start) b->startNode(id);
  if (chosen == kill) b->killNode(id);
  if (chosen == restart) b->restartNode(id);
  if (chosen == console) consoles_->showNode(id);
  if (chosen == del) doc_->removeNodes({id});
}

void MainWindow::onLinkContextMenu(int row, QPoint screenPos) {
  const pb::Link link = doc_->model()->link(row);
  const QString a = QString::fromStdString(link.a()), b = QString::fromStdString(link.b());
  QMenu menu;
  Backend* backend = activeBackend();
  QAction* down = menu.addAction(tr("Take link down now"));
  QAction* up = menu.addAction(tr("Bring link up now"));
  QAction* apply = menu.addAction(tr("Apply edited latency/loss to the running nodes"));
  for (QAction* x : {down, up, apply}) x->setEnabled(backend != nullptr);
  menu.addSeparator();
  QAction* del = menu.addAction(tr("Delete link"));
  QAction* chosen = menu.exec(screenPos);
  if (!chosen) return;
  if (chosen == down) backend->setLinkDown(a, b, true);
  if (chosen == up) backend->setLinkDown(a, b, false);
  if (chosen == apply)
    backend->setLinkModel(
        a, b, link.has_model() ? link.model() : doc_->model()->topology().default_link());
  if (chosen == del) doc_->removeLinks({row});
}

std::optional<QString> MainWindow::openTopology(const QString& path) {
  if (auto e = doc_->open(path)) return e;
  consoles_->clearAll();
  runLabel_->setText(tr("Opened %1 — press Simulate to run it").arg(QFileInfo(path).fileName()));
  return std::nullopt;
}

void MainWindow::openBundledExample() {
  QFile f(QStringLiteral(":/topologies/ping3.json"));
  if (!f.open(QIODevice::ReadOnly)) return;
  if (auto e = doc_->openJson(QString::fromUtf8(f.readAll()), QStringLiteral("ping3.json"))) {
    showError(tr("Bundled example is broken"), *e);
    return;
  }
  runLabel_->setText(
      tr("Welcome! This is the bundled ping3 example. Press Simulate (Ctrl+R) to run it, "
         "or click a node to edit it."));
}

std::optional<QString> MainWindow::simulate(const QString& scenarioPath, quint64 seed) {
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
  if (auto e = sim_->prepare(doc_->model()->topology(), scenario, seed)) return e;
  sim_->setSpeed(speed_->currentData().toDouble());
  sim_->play();
  updateRunActions();
  return std::nullopt;
}

std::optional<QString> MainWindow::launchLocally() {
  if (sim_->isRunning()) sim_->stop();
  usingProcesses_ = true;
  consoles_->clearAll();
  if (auto e = proc_->launch(doc_->model()->topology())) {
    usingProcesses_ = false;
    return e;
  }
  updateRunActions();
  return std::nullopt;
}

std::optional<QString> MainWindow::openTrace(const QString& path) {
  auto records = sim::TraceFileReader::readAll(path.toStdString());
  if (!records) return QString::fromStdString(records.error());
  if (Backend* b = activeBackend()) b->stop();
  store_->clear(tr("trace %1").arg(QFileInfo(path).fileName()));
  store_->append(std::move(*records));
  store_->setCurrent(0);
  runLabel_->setText(tr("Browsing %1 (%2 events) — drag the timeline or click the event log")
                         .arg(QFileInfo(path).fileName())
                         .arg(store_->recordCount()));
  return std::nullopt;
}

void MainWindow::showError(const QString& title, const QString& message) {
  runLabel_->setText(title + QStringLiteral(": ") + message);
  if (QApplication::platformName() == QStringLiteral("offscreen")) return;  // no one to click OK
  QMessageBox::warning(this, title, message);
}

bool MainWindow::maybeSave() {
  if (!doc_->isModified()) return true;
  const auto answer = QMessageBox::question(
      this, tr("Unsaved changes"), tr("The topology has unsaved changes. Save them?"),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
  if (answer == QMessageBox::Save) return fileSave();
  return answer == QMessageBox::Discard;
}

void MainWindow::fileNew() {
  if (!maybeSave()) return;
  doc_->newTopology();
  consoles_->clearAll();
}

void MainWindow::fileOpen() {
  if (!maybeSave()) return;
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Open topology"), {}, tr("Topologies (*.json)"));
  if (path.isEmpty()) return;
  if (auto e = openTopology(path)) showError(tr("Cannot open topology"), *e);
}

bool MainWindow::fileSave() {
  if (doc_->filePath().isEmpty()) return fileSaveAs();
  if (auto e = doc_->save(doc_->filePath())) {
    showError(tr("Cannot save"), *e);
    return false;
  }
  runLabel_->setText(tr("Saved %1").arg(doc_->filePath()));
  return true;
}

bool MainWindow::fileSaveAs() {
  const QString path =
      QFileDialog::getSaveFileName(this, tr("Save topology"), {}, tr("Topologies (*.json)"));
  if (path.isEmpty()) return false;
  if (auto e = doc_->save(path)) {
    showError(tr("Cannot save"), *e);
    return false;
  }
  return true;
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
  if (!maybeSave()) return event->ignore();
  if (proc_->isRunning()) proc_->stop();
  event->accept();
}

}  // namespace catslab::ui
