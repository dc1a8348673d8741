// Automatic placement for topologies whose nodes have no positions yet:
// nodes on a circle in id order, sized so that neighbours do not overlap.
// Pure function; any thread.
#pragma once

#include <QPointF>
#include <QVector>

namespace catslab::ui {

QVector<QPointF> circleLayout(int count, double nodeSpacing = 110.0);

}  // namespace catslab::ui
