#include "snapshot_view/spacetime/spacetime_style.h"

#include <cmath>

namespace catslab::ui::spacetime::style {

QColor typeColor(int type) {
  if (type < 0) return kLocal;
  // Golden-angle steps keep neighbouring type indices far apart in hue;
  // skip the reds, which mean drops and crashes here.
  const double hue = std::fmod(0.08 + 0.618034 * type, 1.0);
  const double h = 0.10 + hue * 0.80;
  return QColor::fromHsvF(static_cast<float>(h), 0.75f, 0.70f);
}

}  // namespace catslab::ui::spacetime::style
