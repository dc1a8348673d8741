#include "topology_editor/circle_layout.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace catslab::ui {

QVector<QPointF> circleLayout(int count, double nodeSpacing) {
  QVector<QPointF> points;
  if (count <= 0) return points;
  if (count == 1) return {QPointF(0, 0)};
  // Chord between neighbours = spacing  =>  r = spacing / (2 sin(pi/n)).
  const double radius = std::max(120.0, nodeSpacing / (2.0 * std::sin(std::numbers::pi / count)));
  for (int i = 0; i < count; ++i) {
    // Start at the top and go clockwise, like a clock face people read.
    const double angle = -std::numbers::pi / 2 + 2 * std::numbers::pi * i / count;
    points.append(
        QPointF(std::round(radius * std::cos(angle)), std::round(radius * std::sin(angle))));
  }
  return points;
}

}  // namespace catslab::ui
