#include "protocols/linearizability/history/jepsen_ops.h"

namespace catslab::checker {

namespace {

std::string valueOf(const edn::Value& v) {
  return v.type == edn::Type::Nil ? std::string() : v.text;
}

bool isPair(const edn::Value* v) {
  return v != nullptr && v->type == edn::Type::Vector && v->items.size() == 2;
}

// What an invocation says: the key (if keyed), the value and the expected value.
struct Invoked {
  bool keyed = false;
  std::string key, value, expected;
};

std::string decodeInvocation(const std::string& f, const edn::Value* v, Invoked& out) {
  if (v == nullptr) return "missing value after " + f;
  if (f == ":read") {
    if (v->type == edn::Type::Nil) return {};
    if (isPair(v) && v->items[0].isScalar() && v->items[1].type == edn::Type::Nil) {
      out.keyed = true;
      out.key = v->items[0].text;
      return {};
    }
    return "a read invocation must carry nil (or [key nil]), got '" + edn::show(*v) + "'";
  }
  if (f == ":write") {
    if (v->isScalar()) {
      out.value = valueOf(*v);
      return {};
    }
    if (isPair(v) && v->items[0].isScalar() && v->items[1].isScalar()) {
      out.keyed = true;
      out.key = v->items[0].text;
      out.value = valueOf(v->items[1]);
      return {};
    }
    return "expected a single value (or [key value]) for :write, got '" + edn::show(*v) + "'";
  }
  // :cas
  if (v->type != edn::Type::Vector)
    return "cas value must be [expected new] (or [key [expected new]]), got '" + edn::show(*v) +
           "'";
  const edn::Value* pair = v;
  if (isPair(v) && v->items[0].isScalar() && v->items[1].type == edn::Type::Vector) {
    out.keyed = true;
    out.key = v->items[0].text;
    pair = &v->items[1];
  }
  if (!isPair(pair) || !pair->items[0].isScalar() || !pair->items[1].isScalar())
    return "cas value must hold exactly two values, got '" + edn::show(*v) + "'";
  out.expected = valueOf(pair->items[0]);
  out.value = valueOf(pair->items[1]);
  return {};
}

}  // namespace

bool isJepsenType(const std::string& type) {
  return type == ":invoke" || type == ":ok" || type == ":fail" || type == ":info";
}

std::string JepsenHistoryBuilder::add(const JepsenRecord& r) {
  if (!isJepsenType(r.type))
    return "expected :invoke, :ok, :fail or :info after the process, got '" + r.type + "'";
  OpKind kind = OpKind::Read;
  if (r.f == ":read") {
    kind = OpKind::Read;
  } else if (r.f == ":write") {
    kind = OpKind::Write;
  } else if (r.f == ":cas") {
    kind = OpKind::Cas;
  } else {
    return "unknown function '" + r.f + "' (expected :read, :write or :cas)";
  }
  const auto position = static_cast<std::int64_t>(++records_);
  const std::int64_t shown = r.time >= 0 ? r.time : position;
  auto it = open_.find(r.process);

  if (r.type == ":invoke") {
    if (it != open_.end())
      return "process " + r.process + " invokes again while its operation from " +
             history_.ops[it->second].origin + " is still open";
    Invoked invoked;
    if (std::string reason = decodeInvocation(r.f, r.value, invoked); !reason.empty())
      return reason;
    Operation op;
    op.client = r.process;
    op.kind = kind;
    op.key = invoked.key;
    op.value = invoked.value;
    op.expected = invoked.expected;
    op.invokeAt = position;
    op.invokeTime = shown;
    op.origin = r.origin;
    open_.emplace(r.process, history_.ops.size());
    history_.ops.push_back(std::move(op));
    return {};
  }

  if (it == open_.end())
    return "process " + r.process + " completes (" + r.type + ") without an open invocation";
  Operation& op = history_.ops[it->second];
  if (op.kind != kind)
    return std::string("completion is a ") + toString(kind) + " but the open invocation (" +
           op.origin + ") is a " + toString(op.kind);
  if (r.type == ":ok" && kind == OpKind::Read) {
    // The one completion whose value matters: what the read returned.
    const bool keyed = !op.key.empty();
    const edn::Value* v = r.value;
    if (v == nullptr) return "an :ok read must carry the value read";
    if (keyed) {
      if (!isPair(v) || !v->items[0].isScalar() || !v->items[1].isScalar())
        return "a read of key " + op.key + " must complete with [key value], got '" +
               edn::show(*v) + "'";
      if (v->items[0].text != op.key)
        return "the read completes for key " + v->items[0].text + " but was invoked (" + op.origin +
               ") for key " + op.key;
      op.value = valueOf(v->items[1]);
    } else {
      if (!v->isScalar()) return "expected a single value for :read, got '" + edn::show(*v) + "'";
      op.value = valueOf(*v);
    }
  }
  op.completeAt = position;
  op.completeTime = shown;
  if (r.type == ":ok") {
    op.outcome = Outcome::Ok;
  } else if (r.type == ":fail") {
    op.outcome = Outcome::Fail;
  } else {
    op.outcome = Outcome::Unknown;
    op.completeAt = kNever;  // an :info op may take effect even later
  }
  open_.erase(it);
  return {};
}

History JepsenHistoryBuilder::take(const std::string& timeUnit) {
  history_.timeUnit = timeUnit;
  open_.clear();
  return std::move(history_);
}

}  // namespace catslab::checker
