// Reads a Jepsen register history in any of the forms Jepsen writes it
// (docs/linearizability.md lists them with examples):
//
//   the test log, old (log4j) and new (logback) layout, tabs or spaces:
//     INFO  jepsen.util - 3	:invoke	:cas	[3 0]
//     INFO  jepsen.util - 2   :fail   :read   :timed-out
//     ... INFO [jepsen worker 0] jepsen.util: 0 :fail :cas [6 [0 1]] :conn-closed
//   history.txt (the same columns without the logger prefix):
//     0	:info	:write	3	:timed-out
//   history.edn (one map per operation, optionally inside [...] or (...)):
//     {:type :invoke, :f :write, :value 3, :process 0, :time 123, :index 0}
//
// Operations are read/write/cas on one register, or on one register per key
// in jepsen.independent's [key value] form (see jepsen_ops.h for the values
// and completions accepted). Lines of other loggers, nemesis operations and
// anything after the value column (Jepsen's :error) are ignored. A client
// line or map that is malformed is reported as "name:line: reason" and stops
// parsing.
//
// Times shown are line numbers for logs and :time (ns) for EDN when every
// operation has one; nil becomes the empty value.
#pragma once

#include <istream>
#include <string>

#include "protocols/linearizability/history/history.h"
#include "protocols/linearizability/result.h"

namespace catslab::checker {

[[nodiscard]] Result<History> parseJepsenLog(std::istream& in, const std::string& name);

// The EDN form alone (history.edn); parseJepsenLog detects it by content.
[[nodiscard]] Result<History> parseJepsenEdn(const std::string& text, const std::string& name);

}  // namespace catslab::checker
