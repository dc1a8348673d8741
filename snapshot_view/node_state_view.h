// NodeStateView: the inspect() state of one node at the store's cursor, as
// a tree grouped by component path ("ping.sent" under "ping"). Keys that
// changed since the previous event are highlighted, removed ones struck
// out, so stepping through a run shows what each event did.
// Does not own the store. GUI thread only.
#pragma once

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace catslab::ui {

class RunStore;

class NodeStateView : public QWidget {
  Q_OBJECT
 public:
  explicit NodeStateView(RunStore* store, QWidget* parent = nullptr);
  void setNode(const QString& id);
  QString node() const { return node_; }
  QTreeWidget* tree() const { return tree_; }

 private:
  void refresh();

  RunStore* store_;
  QString node_;
  QLabel* header_;
  QTreeWidget* tree_;
};

}  // namespace catslab::ui
