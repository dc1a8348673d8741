#include "protocols/linearizability/history/history.h"

namespace catslab::checker {

const char* toString(OpKind kind) {
  switch (kind) {
    case OpKind::Read:
      return "read";
    case OpKind::Write:
      return "write";
    case OpKind::Cas:
      return "cas";
  }
  return "?";
}

const char* toString(Outcome outcome) {
  switch (outcome) {
    case Outcome::Ok:
      return "ok";
    case Outcome::Fail:
      return "fail";
    case Outcome::Unknown:
      return "unknown";
  }
  return "?";
}

std::string showValue(const std::string& value) { return value.empty() ? "nil" : value; }

std::string describe(const Operation& op, const std::string& timeUnit) {
  std::string line = "client " + op.client + "  ";
  if (!op.key.empty()) line += "key " + op.key + "  ";
  switch (op.kind) {
    case OpKind::Read:
      line += "read";
      if (op.outcome == Outcome::Ok) line += " -> " + showValue(op.value);
      break;
    case OpKind::Write:
      line += "write " + showValue(op.value);
      break;
    case OpKind::Cas:
      line += "cas [" + showValue(op.expected) + " " + showValue(op.value) + "]";
      break;
  }
  line += std::string("  ") + toString(op.outcome);
  line += "  invoked " + std::to_string(op.invokeTime);
  if (op.completeTime >= 0 && op.outcome == Outcome::Unknown) {
    line += " info at " + std::to_string(op.completeTime);
  } else if (op.completeTime >= 0) {
    line += " completed " + std::to_string(op.completeTime);
  } else {
    line += " never completed";
  }
  line += " " + timeUnit;
  if (!op.origin.empty()) line += "  (" + op.origin + ")";
  return line;
}

}  // namespace catslab::checker
