// Reads a Jepsen single-register history log (the format Knossos and
// Porcupine ship as test data):
//
//   INFO  jepsen.util - 3	:invoke	:cas	[3 0]
//   INFO  jepsen.util - 3	:fail	:cas	[3 0]
//
// A client line is any line containing "jepsen.util - " followed by a process
// number; every other line (nemesis, setup, stack traces) is ignored. Client
// lines must be well formed: type :invoke/:ok/:fail/:info, function
// :read/:write/:cas, a value (nil for a read invocation, [expected new] for a
// cas), completions matching an open invocation of the same process. A
// violation is reported as "name:line: reason" and stops parsing.
//
// Times in the History are line numbers; nil becomes the empty value.
#pragma once

#include <istream>
#include <string>

#include "protocols/linearizability/history/history.h"
#include "protocols/linearizability/result.h"

namespace catslab::checker {

[[nodiscard]] Result<History> parseJepsenLog(std::istream& in, const std::string& name);

}  // namespace catslab::checker
