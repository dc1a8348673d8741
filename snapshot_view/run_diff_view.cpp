#include "snapshot_view/run_diff_view.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>

#include "runtime/sim/trace_file.h"
#include "snapshot_view/run_store.h"
#include "snapshot_view/spacetime/spacetime_canvas.h"
#include "snapshot_view/spacetime/spacetime_view.h"

namespace catslab::ui {

RunDiffView::RunDiffView(QWidget* parent) : QWidget(parent) {
  setWindowTitle(tr("Run diff — CATS Lab"));
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(4, 4, 4, 4);
  summary_ = new QLabel;
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  ignoreTime_ = new QCheckBox(tr("Ignore time (compare only what happened, in order)"));
  v->addWidget(summary_);
  v->addWidget(ignoreTime_);
  auto* split = new QSplitter(Qt::Vertical);
  for (int side = 0; side < 2; ++side) {
    auto* pane = new QWidget;
    auto* pv = new QVBoxLayout(pane);
    pv->setContentsMargins(0, 0, 0, 0);
    names_[side] = new QLabel;
    pv->addWidget(names_[side]);
    stores_[side] = new RunStore(this);
    views_[side] = new spacetime::SpaceTimeView(stores_[side]);
    views_[side]->setLegendVisible(side == 1);
    pv->addWidget(views_[side], 1);
    split->addWidget(pane);
    connect(views_[side]->canvas(), &spacetime::SpaceTimeCanvas::viewChanged, this,
            [this, side] { syncFrom(side); });
  }
  v->addWidget(split, 1);
  connect(ignoreTime_, &QCheckBox::toggled, this, &RunDiffView::compare);
  resize(1200, 800);
}

std::optional<QString> RunDiffView::load(const QString& leftPath, const QString& rightPath) {
  auto left = sim::TraceFileReader::readAll(leftPath.toStdString());
  if (!left) return QString::fromStdString(left.error());
  auto right = sim::TraceFileReader::readAll(rightPath.toStdString());
  if (!right) return QString::fromStdString(right.error());
  setRuns(std::move(*left), QFileInfo(leftPath).fileName(), std::move(*right),
          QFileInfo(rightPath).fileName());
  return std::nullopt;
}

void RunDiffView::setRuns(std::vector<::catslab::trace::Record> left, const QString& leftName,
                          std::vector<::catslab::trace::Record> right, const QString& rightName) {
  runs_[0] = std::move(left);
  runs_[1] = std::move(right);
  const QString names[2] = {leftName, rightName};
  for (int side = 0; side < 2; ++side) {
    names_[side]->setText(QStringLiteral("<b>%1</b> — %2 (%3 records)")
                              .arg(side == 0 ? tr("Left") : tr("Right"), names[side])
                              .arg(runs_[side].size()));
    stores_[side]->clear(names[side]);
    stores_[side]->append(runs_[side]);
  }
  compare();
}

void RunDiffView::setIgnoreTime(bool on) { ignoreTime_->setChecked(on); }

QString RunDiffView::summary() const { return summary_->text(); }

void RunDiffView::compare() {
  divergence_ = firstDivergence(runs_[0], runs_[1], DiffOptions{ignoreTime_->isChecked()});
  if (!divergence_) {
    summary_->setText(tr("The runs are the same: %1 records each, in the same order%2.")
                          .arg(runs_[0].size())
                          .arg(ignoreTime_->isChecked() ? QString() : tr(" at the same times")));
    for (int side = 0; side < 2; ++side) {
      views_[side]->canvas()->setMarkedRecord(-1);
      stores_[side]->select(-1);
      views_[side]->canvas()->fit();
    }
    return;
  }
  summary_->setText(
      tr("<b>First divergence</b> (ringed in red): %1").arg(divergence_->what.toHtmlEscaped()));
  showDivergence();
}

void RunDiffView::showDivergence() {
  const int at[2] = {divergence_->left, divergence_->right};
  // Show a few dozen records either side of the divergence.
  std::int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (int side = 0; side < 2; ++side) {
    const int n = stores_[side]->recordCount();
    if (n == 0) continue;
    const int centre = at[side] >= 0 ? at[side] : n - 1;
    lo = std::min(lo, stores_[side]->record(std::max(0, centre - 40)).time_ns());
    hi = std::max(hi, stores_[side]->record(std::min(n - 1, centre + 40)).time_ns());
  }
  for (int side = 0; side < 2; ++side) {
    spacetime::SpaceTimeCanvas* canvas = views_[side]->canvas();
    canvas->setMarkedRecord(at[side]);
    stores_[side]->select(at[side]);
    if (lo <= hi) canvas->showRange(lo, hi);
  }
}

void RunDiffView::syncFrom(int side) {
  if (syncing_) return;
  syncing_ = true;
  const auto& from = views_[side]->canvas()->viewport();
  spacetime::SpaceTimeCanvas* other = views_[1 - side]->canvas();
  other->setFollowEnd(false);
  other->viewport().setTimeWindow(from.leftNs(), from.nsPerPixel());
  other->update();
  syncing_ = false;
}

}  // namespace catslab::ui
