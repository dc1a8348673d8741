// Generates long register histories for benchmarking the checker: a
// simulated single register with concurrent clients, some of whose operations
// crash (never return, or return "info") and may or may not have taken effect.
// Optionally hides a stale read in the middle, which makes the history
// provably non-linearizable: one client writes a value nobody else ever
// writes, then a domain value, then reads back the first value.
//
// Deterministic for a given config (seeded std::mt19937_64). Single-threaded.
#pragma once

#include <cstdint>
#include <string>

#include "protocols/linearizability/history/history.h"
#include "protocols/linearizability/result.h"

namespace catslab::checker::bench {

struct GeneratorConfig {
  std::size_t ops = 8000;
  std::size_t clients = 20;
  std::size_t pending = 150;  // crashed operations (never returned or info)
  std::size_t values = 5;     // writes and cas draw from 0..values-1
  double latency = 10.0;      // mean operation latency (exponential, plus 0.5), ticks
  double think = 1.0;         // mean pause between a client's operations, ticks
  std::uint64_t seed = 1;
  bool violating = false;
};

History generateHistory(const GeneratorConfig& config);

// Writers used to reproduce a run through catslab-check.
[[nodiscard]] Result<bool> writeJepsenLog(const History& history, const std::string& path);
[[nodiscard]] Result<bool> writeTrace(const History& history, const std::string& path);

}  // namespace catslab::checker::bench
