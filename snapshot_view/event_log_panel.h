// EventLogPanel: the event log as the user sees it — the EventLogModel's
// table behind an EventFilterProxy, with node / message type / kind
// pickers and a text filter above it. Clicking a row selects that record in
// the RunStore (which moves the cursor); a record selected elsewhere (the
// space-time diagram) is selected and scrolled to here. While the store follows the run, new rows
// scroll into view. Does not own the store. GUI thread only.
#pragma once

#include <QWidget>

class QComboBox;
class QTableView;

namespace catslab::ui {

class EventFilterProxy;
class EventLogModel;
class RunStore;

class EventLogPanel : public QWidget {
  Q_OBJECT
 public:
  explicit EventLogPanel(RunStore* store, QWidget* parent = nullptr);

  // Shows only records about `node` (empty: all nodes), as the node picker does.
  void setNodeFilter(const QString& node);
  // Selects and scrolls to the row of `record` (clears if it is filtered out).
  void showRecord(int record);
  // Record index of the selected row, or -1.
  int selectedRecord() const;
  QTableView* table() const { return table_; }
  EventFilterProxy* proxy() const { return proxy_; }

 private:
  void refillPickers();

  RunStore* store_;
  EventLogModel* model_;
  EventFilterProxy* proxy_;
  QTableView* table_;
  QComboBox* node_;
  QComboBox* type_;
  QComboBox* kind_;
};

}  // namespace catslab::ui
