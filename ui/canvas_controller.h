// CanvasController: what the user does on the topology canvas — the editing
// modes (Select, Add node, Add link), Delete, Undo/Redo, Arrange in circle,
// zoom and fit, message animation, and the node and link context menus that
// start, kill or restart nodes and take links down in the running backend.
// Owns its actions; does not own the document, scene, view or backends.
// GUI thread only.
#pragma once

#include <QObject>
#include <QPoint>

class QAction;

namespace catslab::ui {

class ConsolePanel;
class LiveCanvas;
class RunController;
class RunStore;
class TopologyDocument;
class TopologyScene;
class TopologyView;

class CanvasController : public QObject {
  Q_OBJECT
 public:
  CanvasController(TopologyDocument* doc, TopologyScene* scene, TopologyView* view,
                   LiveCanvas* live, RunController* run, RunStore* store, ConsolePanel* consoles,
                   QObject* parent);

  QList<QAction*> historyActions() const { return {undoAct_, redoAct_}; }
  QList<QAction*> modeActions() const { return {selectAct_, addNodeAct_, addLinkAct_}; }
  QList<QAction*> editMenuActions() const;
  QList<QAction*> viewMenuActions() const;
  QAction* fitAction() const { return fitAct_; }
  QAction* animateAction() const { return animateAct_; }

 signals:
  void statusMessage(const QString& text);

 private:
  void deleteSelection();
  void onNodeContextMenu(const QString& id, QPoint screenPos);
  void onLinkContextMenu(int row, QPoint screenPos);

  TopologyDocument* doc_;
  TopologyScene* scene_;
  TopologyView* view_;
  RunController* run_;
  RunStore* store_;
  ConsolePanel* consoles_;
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
  QAction* animateAct_;
};

}  // namespace catslab::ui
