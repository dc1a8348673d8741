// RunStore: the QObject adapter around sim::SnapshotStore for the GUI —
// every record of one run in order, the global snapshot after any record
// (SnapshotStore keyframes make seeking cheap), the node and message-type
// names seen so far, and a cursor: the point of the run the views show. Both backends (simulation
// and processes) and trace files feed it the same way, so no view knows which backend runs.
//
// A selection (one record the user picked in the log or a diagram) is kept
// apart from the cursor so views can mark it; selecting moves the cursor too.
// While `follow` is on, the cursor moves to the newest record as records
// arrive; moving the cursor by hand turns it off (time travel).
// Records arrive on the GUI thread (backends post them with queued calls).
// Owns its records; GUI thread only.
#pragma once

#include <QObject>
#include <QStringList>
#include <vector>

#include "runtime/proto/trace.pb.h"
#include "runtime/sim/global_state.h"
#include "runtime/sim/snapshot_store.h"

namespace catslab::ui {

class RunStore : public QObject {
  Q_OBJECT
 public:
  explicit RunStore(QObject* parent = nullptr);

  void clear(const QString& description = {});
  void append(std::vector<::catslab::trace::Record> records);

  int recordCount() const { return static_cast<int>(store_.endIndex()); }
  const ::catslab::trace::Record& record(int index) const { return store_.record(index); }
  const sim::SnapshotStore& snapshots() const { return store_; }
  QString description() const { return description_; }
  std::int64_t endTimeNs() const { return store_.latest().timeNs; }

  // Snapshot after records [0, index]; index -1 gives the empty state.
  sim::GlobalState stateAfter(int index) const;
  // Index of the last record at or before `timeNs` (-1 if none).
  int indexAtTime(std::int64_t timeNs) const;
  // Every node id the run mentioned, sorted.
  QStringList nodeIds() const { return nodes_; }
  QStringList messageTypes() const { return types_; }

  int current() const { return current_; }
  std::int64_t currentTimeNs() const { return current_ < 0 ? 0 : record(current_).time_ns(); }
  bool follow() const { return follow_; }
  void setCurrent(int index);  // by the user: stops following
  void setFollow(bool follow);
  void stepForward() { setCurrent(std::min(current_ + 1, recordCount() - 1)); }
  void stepBack() { setCurrent(std::max(current_ - 1, recordCount() > 0 ? 0 : -1)); }
  void seekTime(std::int64_t timeNs) { setCurrent(indexAtTime(timeNs)); }
  // The record the user picked in any view (-1: none). Selecting a record
  // also moves the cursor there, so every view shows that moment.
  int selected() const { return selected_; }
  void select(int index);

 signals:
  void cleared();
  void recordsAppended(int first, int last);
  void currentChanged(int index);
  void followChanged(bool follow);
  void nodesChanged();
  void selectionChanged(int index);

 private:
  void moveCursor(int index);

  sim::SnapshotStore store_;
  QStringList nodes_;
  QStringList types_;
  QString description_;
  int current_ = -1;
  int selected_ = -1;
  bool follow_ = true;
};

// Human form of a virtual/run time: "12.345 s".
QString formatTimeNs(std::int64_t ns);
// One-line summaries of a record for logs and lists.
QString recordKind(const ::catslab::trace::Record& r);
QString recordSummary(const ::catslab::trace::Record& r);

}  // namespace catslab::ui
