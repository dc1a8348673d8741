#include "snapshot_view/spacetime/spacetime_viewport.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace catslab::ui::spacetime {

void SpaceTimeViewport::setSize(double width, double height) {
  width_ = std::max(width, kGutter + 10);
  height_ = std::max(height, kAxis + 10);
  setFirstRow(firstRow_);
}

QRectF SpaceTimeViewport::plot() const {
  return QRectF(kGutter, kAxis, width_ - kGutter, height_ - kAxis);
}

void SpaceTimeViewport::setRows(std::vector<int> laneIds, int laneCount) {
  rows_ = std::move(laneIds);
  rowOfLane_.assign(laneCount, -1);
  for (std::size_t r = 0; r < rows_.size(); ++r)
    if (rows_[r] >= 0 && rows_[r] < laneCount) rowOfLane_[rows_[r]] = static_cast<int>(r);
  setFirstRow(firstRow_);
}

double SpaceTimeViewport::laneHeight() const {
  if (rows_.empty()) return kMinLaneHeight;
  return std::max(kMinLaneHeight, plot().height() / static_cast<double>(rows_.size()));
}

void SpaceTimeViewport::setFirstRow(double row) {
  const double visibleRows = plot().height() / laneHeight();
  const double maxFirst = std::max(0.0, static_cast<double>(rows_.size()) - visibleRows);
  firstRow_ = std::clamp(row, 0.0, maxFirst);
}

double SpaceTimeViewport::laneY(int lane) const {
  const int row = rowOf(lane);
  if (row < 0) return std::numeric_limits<double>::quiet_NaN();
  return kAxis + (row - firstRow_ + 0.5) * laneHeight();
}

int SpaceTimeViewport::laneAt(double y) const {
  const double row = (y - kAxis) / laneHeight() + firstRow_;
  if (row < 0 || row >= static_cast<double>(rows_.size())) return -1;
  return rows_[static_cast<std::size_t>(row)];
}

void SpaceTimeViewport::setTimeWindow(std::int64_t leftNs, double nsPerPixel) {
  leftNs_ = static_cast<double>(leftNs);
  nsPerPx_ = std::clamp(nsPerPixel, 1.0, 1e13);
}

void SpaceTimeViewport::fitTime(std::int64_t t0, std::int64_t t1) {
  const double span = std::max<double>(static_cast<double>(t1 - t0), 1000.0);
  const double px = std::max(10.0, plot().width() - 24);
  nsPerPx_ = std::clamp(span / px, 1.0, 1e13);
  leftNs_ = static_cast<double>(t0) - 12 * nsPerPx_;
}

void SpaceTimeViewport::zoomAt(double px, double factor) {
  const double anchor = leftNs_ + (px - kGutter) * nsPerPx_;
  nsPerPx_ = std::clamp(nsPerPx_ / factor, 1.0, 1e13);
  leftNs_ = anchor - (px - kGutter) * nsPerPx_;
}

void SpaceTimeViewport::panPixels(double dx) { leftNs_ -= dx * nsPerPx_; }

std::int64_t SpaceTimeViewport::rightNs() const {
  return static_cast<std::int64_t>(leftNs_ + plot().width() * nsPerPx_);
}

double SpaceTimeViewport::x(std::int64_t timeNs) const {
  return kGutter + (static_cast<double>(timeNs) - leftNs_) / nsPerPx_;
}

std::int64_t SpaceTimeViewport::timeAt(double px) const {
  return static_cast<std::int64_t>(std::llround(leftNs_ + (px - kGutter) * nsPerPx_));
}

}  // namespace catslab::ui::spacetime
