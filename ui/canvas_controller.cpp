#include "ui/canvas_controller.h"

#include <QActionGroup>
#include <QApplication>
#include <QMenu>
#include <QUndoStack>

#include "runtime/topology.h"
#include "snapshot_view/run_store.h"
#include "topology_editor/topology_document.h"
#include "topology_editor/topology_scene.h"
#include "topology_editor/topology_view.h"
#include "ui/action_factory.h"
#include "ui/backend.h"
#include "ui/console_panel.h"
#include "ui/live_canvas.h"
#include "ui/run_controller.h"

namespace catslab::ui {

CanvasController::CanvasController(TopologyDocument* doc, TopologyScene* scene, TopologyView* view,
                                   LiveCanvas* live, RunController* run, RunStore* store,
                                   ConsolePanel* consoles, QObject* parent)
    : QObject(parent),
      doc_(doc),
      scene_(scene),
      view_(view),
      run_(run),
      store_(store),
      consoles_(consoles) {
  const QStyle* s = QApplication::style();
  undoAct_ = doc_->undoStack()->createUndoAction(this, tr("&Undo"));
  undoAct_->setShortcut(QKeySequence::Undo);
  undoAct_->setIcon(themedIcon("edit-undo", QStyle::SP_ArrowBack, s));
  redoAct_ = doc_->undoStack()->createRedoAction(this, tr("&Redo"));
  redoAct_->setShortcut(QKeySequence::Redo);
  redoAct_->setIcon(themedIcon("edit-redo", QStyle::SP_ArrowForward, s));
  selectAct_ =
      makeAction(this, QIcon(), tr("Select"), QKeySequence(Qt::Key_S), tr("Select and move nodes"));
  addNodeAct_ = makeAction(this, QIcon(), tr("Add node"), QKeySequence(Qt::Key_N),
                           tr("Click on the canvas to place a node"));
  addLinkAct_ = makeAction(this, QIcon(), tr("Add link"), QKeySequence(Qt::Key_L),
                           tr("Drag from one node to another to link them"));
  auto* modes = new QActionGroup(this);
  for (QAction* a : {selectAct_, addNodeAct_, addLinkAct_}) {
    a->setCheckable(true);
    modes->addAction(a);
  }
  selectAct_->setChecked(true);
  deleteAct_ = makeAction(this, themedIcon("edit-delete", QStyle::SP_TrashIcon, s), tr("Delete"),
                          QKeySequence::Delete, tr("Delete the selected nodes and links"));
  layoutAct_ = makeAction(this, QIcon(), tr("Arrange in circle"), QKeySequence(),
                          tr("Place all nodes on a circle"));
  zoomInAct_ = makeAction(this, themedIcon("zoom-in", QStyle::SP_ArrowUp, s), tr("Zoom in"),
                          QKeySequence::ZoomIn, tr("Zoom in"));
  zoomOutAct_ = makeAction(this, themedIcon("zoom-out", QStyle::SP_ArrowDown, s), tr("Zoom out"),
                           QKeySequence::ZoomOut, tr("Zoom out"));
  fitAct_ = makeAction(this, themedIcon("zoom-fit-best", QStyle::SP_TitleBarMaxButton, s),
                       tr("Fit"), QKeySequence(Qt::Key_F), tr("Show the whole topology"));
  animateAct_ = makeAction(this, QIcon(), tr("Animate messages"), QKeySequence(),
                           tr("Show messages moving along links"));
  animateAct_->setCheckable(true);
  animateAct_->setChecked(true);

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
  connect(deleteAct_, &QAction::triggered, this, &CanvasController::deleteSelection);
  connect(layoutAct_, &QAction::triggered, this, [this] {
    doc_->applyCircleLayout();
    view_->fitAll();
  });
  connect(zoomInAct_, &QAction::triggered, view_, &TopologyView::zoomIn);
  connect(zoomOutAct_, &QAction::triggered, view_, &TopologyView::zoomOut);
  connect(fitAct_, &QAction::triggered, view_, &TopologyView::fitAll);
  connect(animateAct_, &QAction::toggled, live, &LiveCanvas::setAnimationsEnabled);

  connect(scene_, &TopologyScene::addNodeRequested, this, [this](QPointF p) {
    const QString id = doc_->addNode(p);
    scene_->selectNode(id);
  });
  connect(scene_, &TopologyScene::linkRequested, this, [this](const QString& a, const QString& b) {
    if (auto e = doc_->addLink(a, b)) emit statusMessage(tr("Link not added: %1").arg(e->reason));
  });
  connect(scene_, &TopologyScene::nodesMoved, doc_, &TopologyDocument::moveNodes);
  connect(scene_, &TopologyScene::deleteRequested, this, &CanvasController::deleteSelection);
  connect(scene_, &TopologyScene::nodeContextMenuRequested, this,
          &CanvasController::onNodeContextMenu);
  connect(scene_, &TopologyScene::linkContextMenuRequested, this,
          &CanvasController::onLinkContextMenu);
}

QList<QAction*> CanvasController::editMenuActions() const {
  return {selectAct_, addNodeAct_, addLinkAct_, deleteAct_, layoutAct_};
}

QList<QAction*> CanvasController::viewMenuActions() const {
  return {zoomInAct_, zoomOutAct_, fitAct_, animateAct_};
}

void CanvasController::deleteSelection() {
  const QStringList nodes = scene_->selectedNodeIds();
  const QList<int> links = scene_->selectedLinkRows();
  doc_->undoStack()->beginMacro(tr("Delete selection"));
  doc_->removeLinks(links);
  doc_->removeNodes(nodes);
  doc_->undoStack()->endMacro();
}

void CanvasController::onNodeContextMenu(const QString& id, QPoint screenPos) {
  QMenu menu;
  Backend* b = run_->activeBackend();
  const bool up = b && store_->stateAfter(store_->recordCount() - 1).node(id.toStdString()) &&
                  store_->stateAfter(store_->recordCount() - 1).node(id.toStdString())->up;
  QAction* start = menu.addAction(tr("Start %1").arg(id));
  QAction* kill = menu.addAction(tr("Kill %1 (crash)").arg(id));
  QAction* restart = menu.addAction(tr("Restart %1").arg(id));
  start->setEnabled(b && !up);
  kill->setEnabled(b && up);
  restart->setEnabled(b != nullptr);
  // A partition cuts the selected nodes (or this one) off from all the others.
  QStringList side = scene_->selectedNodeIds();
  if (!side.contains(id)) side = {id};
  QStringList rest = doc_->model()->nodeIds();
  for (const QString& n : side) rest.removeAll(n);
  menu.addSeparator();
  QAction* cut = menu.addAction(
      tr("Partition: cut %1 off from the rest")
          .arg(side.size() == 1 ? id : tr("the %1 selected nodes").arg(side.size())));
  QAction* heal = menu.addAction(tr("Heal every partition"));
  cut->setEnabled(b && !rest.isEmpty());
  heal->setEnabled(b != nullptr);
  menu.addSeparator();
  QAction* console = menu.addAction(tr("Show console"));
  QAction* del = menu.addAction(tr("Delete node"));
  QAction* chosen = menu.exec(screenPos);
  if (!chosen) return;
  if (chosen == start) b->startNode(id);
  if (chosen == kill) b->killNode(id);
  if (chosen == restart) b->restartNode(id);
  if (chosen == cut) b->partition(side, rest);
  if (chosen == heal) b->heal();
  if (chosen == console) consoles_->showNode(id);
  if (chosen == del) doc_->removeNodes({id});
}

void CanvasController::onLinkContextMenu(int row, QPoint screenPos) {
  const pb::Link link = doc_->model()->link(row);
  const QString a = QString::fromStdString(link.a()), b = QString::fromStdString(link.b());
  QMenu menu;
  Backend* backend = run_->activeBackend();
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
  if (chosen == apply) {
    // A link with a model of its own for one direction (aToB / bToA, written
    // in the file) keeps it: each direction gets its own model.
    const pb::Topology& t = doc_->model()->topology();
    const pb::LinkModel aToB = runtime::linkModel(t, link.a(), link.b());
    const pb::LinkModel bToA = runtime::linkModel(t, link.b(), link.a());
    if (aToB.SerializeAsString() == bToA.SerializeAsString()) {
      backend->setLinkModel(a, b, aToB);
    } else {
      backend->setLinkModel(a, b, aToB, true);
      backend->setLinkModel(b, a, bToA, true);
    }
  }
  if (chosen == del) doc_->removeLinks({row});
}

}  // namespace catslab::ui
