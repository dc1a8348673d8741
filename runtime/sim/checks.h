// Checks: properties a run must have, evaluated by the simulator.
//
// - Invariants hold in every global snapshot: they are evaluated at each
//   "snapshot" operation of a scenario, periodically if the scenario asks,
//   and at the end of the run.
// - End-of-run checks are evaluated once, at the end.
// - Record checks see every trace record as it is produced (e.g. "no
//   message is delivered to a node that is down").
//
// A check returns std::nullopt when it holds, else a message for people.
// Scenario files declare checks as expressions (CheckExpr below); protocol
// engineers write them in C++:
//
//   sim.checks().invariant("one leader", [](const GlobalState& g) -> std::optional<std::string> {
//     int n = 0; for (auto& [id, node] : g.nodes) n += node.up && node.get("omega.leader") == id;
//     if (n > 1) return std::to_string(n) + " leaders"; return std::nullopt; });
//
// Not thread-safe: the simulation's driving thread evaluates checks.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runtime/proto/trace.pb.h"
#include "runtime/result.h"
#include "runtime/sim/global_state.h"

namespace catslab::sim {

using StateCheckFn = std::function<std::optional<std::string>(const GlobalState&)>;
using RecordCheckFn = std::function<std::optional<std::string>(const trace::Record&)>;

struct CheckFailure {
  std::string check;
  std::string message;
  std::int64_t timeNs = 0;
};

// A declarative check over inspect keys of live nodes (the JSON form):
//   quantifier  all | any | none   — every / some / no selected live node satisfies `key op value`
//               at_most | at_least — the number of such nodes is <= / >= count
//               same               — all selected live nodes have the same value of `key`
//               live_nodes         — the number of live nodes satisfies `op value`
//   op          == != < <= > >= (numbers compare as numbers) | exists | missing
//   nodes       restricts the selection (default: every live node)
struct CheckExpr {
  std::string name;
  bool atEndOnly = false;
  std::string quantifier = "all";
  std::uint32_t count = 0;
  std::string key;
  std::string op = "==";
  std::string value;
  std::vector<std::string> nodes;
};

// Validates an expression; errors say which field is wrong ("op: unknown operator '=~'").
runtime::Status validate(const CheckExpr& expr);
StateCheckFn compile(const CheckExpr& expr);

class Checks {
 public:
  void invariant(std::string name, StateCheckFn fn);
  void atEnd(std::string name, StateCheckFn fn);
  void onRecord(std::string name, RecordCheckFn fn);
  void add(const CheckExpr& expr);  // expr must be valid

  // Returns the number of failures found by this evaluation.
  std::size_t evaluate(const GlobalState& state, bool end);
  void observe(const trace::Record& record);

  std::size_t count() const { return invariants_.size() + final_.size() + records_.size(); }
  std::uint64_t evaluations() const { return evaluations_; }
  bool empty() const { return count() == 0; }
  const std::vector<CheckFailure>& failures() const { return failures_; }
  bool passed() const { return failures_.empty(); }

 private:
  struct Named {
    std::string name;
    StateCheckFn fn;
  };
  std::vector<Named> invariants_;
  std::vector<Named> final_;
  std::vector<std::pair<std::string, RecordCheckFn>> records_;
  std::vector<CheckFailure> failures_;
  std::uint64_t evaluations_ = 0;
};

}  // namespace catslab::sim
