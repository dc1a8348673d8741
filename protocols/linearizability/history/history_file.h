// Loads a History from a file in either supported format, detecting the
// format from the content when asked to. Detection: a file whose first 4 KiB
// mention "jepsen.util" or ":invoke" is a Jepsen log; anything else is read as
// a trace. Errors carry the path and, where it applies, the line or record.
#pragma once

#include <string>

#include "protocols/linearizability/history/history.h"
#include "protocols/linearizability/result.h"

namespace catslab::checker {

enum class Format { Auto, Trace, Jepsen };

[[nodiscard]] Result<History> loadHistory(const std::string& path, Format format = Format::Auto);

}  // namespace catslab::checker
