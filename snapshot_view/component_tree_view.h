// ComponentTreeView: the live component tree of one node (runtime
// introspection JSON from the trace's ComponentTree records, the newest at
// or before the store's cursor) as an expandable tree: components with their
// ports, channels and queue lengths. GUI thread only.
#pragma once

#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace catslab::ui {

class RunStore;

class ComponentTreeView : public QWidget {
  Q_OBJECT
 public:
  explicit ComponentTreeView(RunStore* store, QWidget* parent = nullptr);
  void setNode(const QString& id);
  // Shows a tree directly (e.g. the in-process simulation's describeJson()).
  void showJson(const QString& title, const QByteArray& json);
  QTreeWidget* tree() const { return tree_; }

 private:
  void refresh();

  RunStore* store_;
  QString node_;
  int shownRecord_ = -2;
  QLabel* header_;
  QTreeWidget* tree_;
};

}  // namespace catslab::ui
