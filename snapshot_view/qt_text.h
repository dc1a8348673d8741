// Text conversions the views share.
#pragma once

#include <QString>
#include <string>

namespace catslab::ui {

// A trace string (UTF-8) as a QString.
inline QString qs(const std::string& s) { return QString::fromStdString(s); }

}  // namespace catslab::ui
