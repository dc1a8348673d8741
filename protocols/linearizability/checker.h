// The checker's front door: splits a History by key (Horn & Kroening's
// P-compositionality: a history is linearizable iff each key's sub-history
// is), searches each key, and explains the first violation found.
// Stateless; safe to call from several threads on different histories.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "protocols/linearizability/explain.h"
#include "protocols/linearizability/history/history.h"
#include "protocols/linearizability/search/decide.h"
#include "protocols/linearizability/search/search.h"

namespace catslab::checker {

struct CheckOptions {
  std::string initial;  // initial value of every register; "" is nil
  SearchLimits limits;
  bool explain = true;  // shrink the first violation to a small set
};

struct KeyReport {
  std::string key;
  std::size_t operations = 0;  // ops of this key in the history
  std::size_t unknown = 0;     // of which never returned / info
  Decision decision;
};

struct Violation {
  std::string key;
  Explanation explanation;
};

struct CheckReport {
  Verdict verdict = Verdict::Linearizable;
  std::vector<KeyReport> keys;
  std::optional<Violation> violation;  // first non-linearizable key, if explained
};

[[nodiscard]] CheckReport checkHistory(const History& history, const CheckOptions& options = {});

// Human-readable multi-line summary: verdict, per-key statistics, and the
// violating operations if any.
std::string formatReport(const History& history, const CheckReport& report);

const char* toString(Verdict verdict);

}  // namespace catslab::checker
