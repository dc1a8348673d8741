// Test helpers: compact construction of small histories. Positions are given
// directly (invoke/complete), -1 for "never returned".
#pragma once

#include <initializer_list>
#include <string>

#include "protocols/linearizability/history/history.h"

namespace lintest {

using catslab::checker::History;
using catslab::checker::Operation;
using catslab::checker::OpKind;
using catslab::checker::Outcome;

struct Op {
  std::string client;
  OpKind kind;
  std::string value;  // read result, written value, cas new value
  std::string expected;
  Outcome outcome;
  int invoke;
  int complete;  // -1: never returned
  std::string key = {};
};

inline Op read(std::string c, std::string result, int inv, int ret) {
  return {std::move(c), OpKind::Read, std::move(result), {}, Outcome::Ok, inv, ret};
}
inline Op write(std::string c, std::string v, int inv, int ret, Outcome o = Outcome::Ok) {
  return {std::move(c), OpKind::Write, std::move(v), {}, o, inv, ret};
}
inline Op cas(std::string c, std::string from, std::string to, int inv, int ret,
              Outcome o = Outcome::Ok) {
  return {std::move(c), OpKind::Cas, std::move(to), std::move(from), o, inv, ret};
}

inline History makeHistory(std::initializer_list<Op> ops) {
  History h;
  h.timeUnit = "t";
  for (const Op& o : ops) {
    Operation op;
    op.client = o.client;
    op.kind = o.kind;
    op.value = o.value;
    op.expected = o.expected;
    op.key = o.key;
    op.outcome = o.outcome;
    op.invokeAt = op.invokeTime = o.invoke;
    if (o.complete >= 0 && o.outcome != Outcome::Unknown) {
      op.completeAt = op.completeTime = o.complete;
    } else if (o.complete >= 0) {
      op.completeTime = o.complete;  // returned "info"
    }
    h.ops.push_back(op);
  }
  return h;
}

}  // namespace lintest
