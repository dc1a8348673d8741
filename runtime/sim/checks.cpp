#include "runtime/sim/checks.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

namespace catslab::sim {

using runtime::Status;

namespace {

const std::set<std::string> kQuantifiers = {"all",      "any",  "none",      "at_most",
                                            "at_least", "same", "live_nodes"};
const std::set<std::string> kOps = {"==", "!=", "<", "<=", ">", ">=", "exists", "missing"};

std::optional<double> number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

bool compare(const std::string& lhs, const std::string& op, const std::string& rhs) {
  auto a = number(lhs);
  auto b = number(rhs);
  int c;
  if (a && b)
    c = *a < *b ? -1 : (*a > *b ? 1 : 0);
  else
    c = lhs.compare(rhs) < 0 ? -1 : (lhs == rhs ? 0 : 1);
  if (op == "==") return c == 0;
  if (op == "!=") return c != 0;
  if (op == "<") return c < 0;
  if (op == "<=") return c <= 0;
  if (op == ">") return c > 0;
  return c >= 0;  // ">="
}

bool holds(const NodeState& node, const CheckExpr& e) {
  auto it = node.state.find(e.key);
  if (e.op == "exists") return it != node.state.end();
  if (e.op == "missing") return it == node.state.end();
  if (it == node.state.end()) return false;
  return compare(it->second, e.op, e.value);
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string predicate(const CheckExpr& e) {
  if (e.op == "exists" || e.op == "missing") return e.key + " " + e.op;
  return e.key + " " + e.op + " " + e.value;
}

}  // namespace

Status validate(const CheckExpr& e) {
  if (!kQuantifiers.count(e.quantifier)) {
    return Status::failure("quantifier: unknown quantifier '" + e.quantifier +
                           "' (all, any, none, at_most, at_least, same, live_nodes)");
  }
  if (!kOps.count(e.op)) {
    return Status::failure("op: unknown operator '" + e.op +
                           "' (==, !=, <, <=, >, >=, exists, missing)");
  }
  if (e.key.empty() && e.quantifier != "live_nodes") return Status::failure("key: missing");
  if (e.quantifier == "live_nodes" && (e.op == "exists" || e.op == "missing")) {
    return Status::failure("op: live_nodes compares a number; use ==, <, <=, ...");
  }
  return Status::ok();
}

StateCheckFn compile(const CheckExpr& e) {
  return [e](const GlobalState& g) -> std::optional<std::string> {
    std::vector<std::string> selected;
    for (const auto& [id, node] : g.nodes) {
      if (!node.up) continue;
      if (!e.nodes.empty() && std::find(e.nodes.begin(), e.nodes.end(), id) == e.nodes.end()) {
        continue;
      }
      selected.push_back(id);
    }
    if (e.quantifier == "live_nodes") {
      const std::string n = std::to_string(selected.size());
      if (compare(n, e.op, e.value)) return std::nullopt;
      return "expected live nodes " + e.op + " " + e.value + ", found " + n;
    }
    if (e.quantifier == "same") {
      std::map<std::string, std::vector<std::string>> byValue;
      for (const auto& id : selected) byValue[g.nodes.at(id).get(e.key, "<missing>")].push_back(id);
      if (byValue.size() <= 1) return std::nullopt;
      std::string out = "live nodes disagree on " + e.key + ":";
      for (const auto& [v, ids] : byValue) out += " " + v + " at [" + joined(ids) + "]";
      return out;
    }
    std::vector<std::string> yes, no;
    for (const auto& id : selected) (holds(g.nodes.at(id), e) ? yes : no).push_back(id);
    const std::string p = predicate(e);
    if (e.quantifier == "all") {
      if (no.empty()) return std::nullopt;
      std::string out = "not every live node has " + p + ": [";
      for (std::size_t i = 0; i < no.size(); ++i) {
        out += (i ? ", " : "") + no[i] + "=" + g.nodes.at(no[i]).get(e.key, "<missing>");
      }
      return out + "]";
    }
    if (e.quantifier == "any") {
      if (!yes.empty()) return std::nullopt;
      return "no live node has " + p;
    }
    if (e.quantifier == "none") {
      if (yes.empty()) return std::nullopt;
      return "live nodes with " + p + ": [" + joined(yes) + "]";
    }
    if (e.quantifier == "at_most") {
      if (yes.size() <= e.count) return std::nullopt;
      return "expected at most " + std::to_string(e.count) + " live node(s) with " + p +
             ", found " + std::to_string(yes.size()) + " [" + joined(yes) + "]";
    }
    // at_least
    if (yes.size() >= e.count) return std::nullopt;
    return "expected at least " + std::to_string(e.count) + " live node(s) with " + p + ", found " +
           std::to_string(yes.size()) + " [" + joined(yes) + "]";
  };
}

void Checks::invariant(std::string name, StateCheckFn fn) {
  invariants_.push_back({std::move(name), std::move(fn)});
}

void Checks::atEnd(std::string name, StateCheckFn fn) {
  final_.push_back({std::move(name), std::move(fn)});
}

void Checks::onRecord(std::string name, RecordCheckFn fn) {
  records_.emplace_back(std::move(name), std::move(fn));
}

void Checks::add(const CheckExpr& expr) {
  if (expr.atEndOnly)
    atEnd(expr.name, compile(expr));
  else
    invariant(expr.name, compile(expr));
}

std::size_t Checks::evaluate(const GlobalState& state, bool end) {
  std::size_t failed = 0;
  auto run = [&](const Named& c) {
    ++evaluations_;
    if (auto why = c.fn(state)) {
      failures_.push_back({c.name, *why, state.timeNs});
      ++failed;
    }
  };
  for (const auto& c : invariants_) run(c);
  if (end) {
    for (const auto& c : final_) run(c);
  }
  return failed;
}

void Checks::observe(const trace::Record& record) {
  for (const auto& [name, fn] : records_) {
    if (auto why = fn(record)) failures_.push_back({name, *why, record.time_ns()});
  }
}

}  // namespace catslab::sim
