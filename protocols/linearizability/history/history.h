// The history model: operations on registers (one per key), each with an
// invocation and, if it returned, a completion. Both parsers (Jepsen logs,
// trace files) produce a History; the checker consumes it read-only.
//
// Real-time order is given by `invokeAt` / `completeAt`: positions in one
// global event sequence (all distinct), so a precedes b iff
// a.completeAt < b.invokeAt. Times shown to people (`invokeTime`,
// `completeTime`) are separate and may be anything (ns, line numbers).
//
// Semantics of outcomes:
//   Ok      — took effect exactly once between invocation and completion;
//             a read's `value` is what it returned.
//   Fail    — did not take effect (a failed cas, a refused write).
//   Unknown — never returned or returned "info": may have taken effect once,
//             at any time after invocation, or never.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace catslab::checker {

enum class OpKind : std::uint8_t { Read, Write, Cas };
enum class Outcome : std::uint8_t { Ok, Fail, Unknown };

inline constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

struct Operation {
  std::string client;  // process / client id, for people
  OpKind kind = OpKind::Read;
  std::string key;       // empty for the single register
  std::string value;     // written value, cas new value, or read result (Ok)
  std::string expected;  // cas only
  Outcome outcome = Outcome::Unknown;
  std::int64_t invokeAt = 0;         // position in the event sequence
  std::int64_t completeAt = kNever;  // kNever if it never returned
  std::int64_t invokeTime = 0;       // shown to people
  std::int64_t completeTime = -1;    // -1 if it never returned
  std::string origin;                // "file:line" or "file:record N"
};

struct History {
  std::vector<Operation> ops;
  std::string timeUnit = "ns";  // what invokeTime/completeTime count
};

const char* toString(OpKind kind);
const char* toString(Outcome outcome);

// Values are strings; the empty string is the register's "nil".
std::string showValue(const std::string& value);

// One readable line: "client 3  cas [1 2] -> ok  invoked 10 completed 14 (log:12)".
std::string describe(const Operation& op, const std::string& timeUnit);

}  // namespace catslab::checker
