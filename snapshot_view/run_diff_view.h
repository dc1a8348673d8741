// RunDiffView: two runs one above the other, each as a space-time diagram
// on the same time axis, opened at the first record where they diverge
// (firstDivergence). The diverging record is selected and ringed in red in
// each run; zoom and pan move both diagrams together. A line on top says
// what differs; "ignore time" compares only what happened (for runs of
// local processes, whose timings never agree).
// Owns both runs' stores and views. GUI thread only.
#pragma once

#include <QWidget>
#include <optional>
#include <vector>

#include "runtime/proto/trace.pb.h"
#include "snapshot_view/run_diff.h"

class QCheckBox;
class QLabel;

namespace catslab::ui {

class RunStore;
namespace spacetime {
class SpaceTimeView;
}

class RunDiffView : public QWidget {
  Q_OBJECT
 public:
  explicit RunDiffView(QWidget* parent = nullptr);

  // Reads two trace files; the error names the file that cannot be read.
  std::optional<QString> load(const QString& leftPath, const QString& rightPath);
  void setRuns(std::vector<::catslab::trace::Record> left, const QString& leftName,
               std::vector<::catslab::trace::Record> right, const QString& rightName);
  void setIgnoreTime(bool on);

  const std::optional<Divergence>& divergence() const { return divergence_; }
  spacetime::SpaceTimeView* left() const { return views_[0]; }
  spacetime::SpaceTimeView* right() const { return views_[1]; }
  QString summary() const;

 private:
  void compare();
  void showDivergence();
  void syncFrom(int side);

  RunStore* stores_[2];
  spacetime::SpaceTimeView* views_[2];
  QLabel* names_[2];
  QLabel* summary_;
  QCheckBox* ignoreTime_;
  std::vector<::catslab::trace::Record> runs_[2];
  std::optional<Divergence> divergence_;
  bool syncing_ = false;
};

}  // namespace catslab::ui
