// SpaceTimeViewport: where things go on the space-time diagram. Time runs
// left to right (like the timeline bar under it), lanes are rows in a
// display order that hides filtered nodes. Holds the zoom (ns per pixel),
// the pan (time at the left edge, first lane row) and the geometry; maps
// times to x and lanes to y and back. Plain value type, no Qt widgets.
#pragma once

#include <QRectF>
#include <cstdint>
#include <vector>

namespace catslab::ui::spacetime {

class SpaceTimeViewport {
 public:
  static constexpr double kGutter = 64;  // lane names
  static constexpr double kAxis = 22;    // time axis on top
  static constexpr double kMinLaneHeight = 26;

  void setSize(double width, double height);
  double width() const { return width_; }
  double height() const { return height_; }
  // Plot area: right of the gutter, under the axis.
  QRectF plot() const;

  // Display order: lane ids top to bottom (hidden lanes left out).
  void setRows(std::vector<int> laneIds, int laneCount);
  const std::vector<int>& rows() const { return rows_; }
  int rowOf(int lane) const {
    return lane < static_cast<int>(rowOfLane_.size()) ? rowOfLane_[lane] : -1;
  }
  double laneHeight() const;
  void setFirstRow(double row);  // vertical pan, in rows
  double firstRow() const { return firstRow_; }
  // Centre line of a lane, or NaN when the lane is hidden.
  double laneY(int lane) const;
  // The lane under y, or -1.
  int laneAt(double y) const;

  // Horizontal: the time at the plot's left edge and the zoom.
  void setTimeWindow(std::int64_t leftNs, double nsPerPixel);
  void fitTime(std::int64_t t0, std::int64_t t1);  // whole range with a small margin
  void zoomAt(double x, double factor);            // factor > 1 zooms in around x
  void panPixels(double dx);
  std::int64_t leftNs() const { return static_cast<std::int64_t>(leftNs_); }
  std::int64_t rightNs() const;
  double nsPerPixel() const { return nsPerPx_; }
  double x(std::int64_t timeNs) const;
  std::int64_t timeAt(double x) const;

 private:
  double width_ = 800, height_ = 400;
  std::vector<int> rows_;
  std::vector<int> rowOfLane_;
  double firstRow_ = 0;
  double leftNs_ = 0;
  double nsPerPx_ = 1e6;
};

}  // namespace catslab::ui::spacetime
