// The space-time diagram's visual vocabulary, shared by the canvas that
// draws it and the legend that explains it, so the two never disagree.
#pragma once

#include <QColor>

namespace catslab::ui::spacetime::style {

// A distinct, readable colour per message type index (golden-angle hues).
QColor typeColor(int type);

inline const QColor kLane{0x60, 0x60, 0x60};
inline const QColor kLaneDown{0xb0, 0xb0, 0xb0};
inline const QColor kDrop{0xc6, 0x28, 0x28};
inline const QColor kCrash{0xc6, 0x28, 0x28};
inline const QColor kNodeUp{0x2e, 0x7d, 0x32};
inline const QColor kLocal{0x8a, 0x8a, 0x8a};
inline const QColor kOpOk{0x43, 0xa0, 0x47};
inline const QColor kOpFailed{0xe5, 0x39, 0x35};
inline const QColor kOpOpen{0xfb, 0x8c, 0x00};
inline const QColor kPast{0x1e, 0x88, 0xe5};
inline const QColor kFuture{0xf4, 0x51, 0x1e};
inline const QColor kFaded{0xd0, 0xd0, 0xd0};
inline const QColor kCursor{0xad, 0x14, 0x57};
inline const QColor kSelection{0x21, 0x21, 0x21};
inline const QColor kFutureShade{0xf3, 0xf3, 0xf3};

}  // namespace catslab::ui::spacetime::style
