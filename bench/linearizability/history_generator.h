// Generates long register histories for benchmarking the checker: a
// simulated single register with concurrent clients, some of whose operations
// crash (never return, or return "info") and may or may not have taken effect.
// Optionally plants a violation in the middle, which makes the history
// provably non-linearizable, in one of two ways:
//   Quiet:      one client writes a value nobody else ever writes, then a
//               domain value, then reads back the first value.
//   Concurrent: a read in the middle of busy traffic returns a domain value
//               v that nothing can have written in time: some write w of
//               another value completed before the read began, and every
//               write or cas that leaves v (ok, crashed or info) either
//               completed before w began or began after the read returned.
//               The read overlaps many other operations, so the violation
//               is not in a quiet window, and v is written all the time.
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
  enum class Plant { Quiet, Concurrent } plant = Plant::Quiet;
};

History generateHistory(const GeneratorConfig& config);

// Writers used to reproduce a run through catslab-check.
[[nodiscard]] Result<bool> writeJepsenLog(const History& history, const std::string& path);
[[nodiscard]] Result<bool> writeTrace(const History& history, const std::string& path);

}  // namespace catslab::checker::bench
