// Decides whether one Partition (one key's register history) is linearizable.
//
// Algorithm: Wing & Gong's search for a sequential order, made just-in-time
// by Lowe (an operation may be linearized only if it was invoked before every
// not-yet-linearized operation returned) and memoised as in Lowe / Horn &
// Kroening: a configuration is (set of linearized ok-operations, register
// value, how many members of each unknown-outcome class were used), and a
// configuration is never explored twice. Three reductions keep the search
// small without losing completeness (each is proved in docs/linearizability.md):
//   1. Observers first. An available read (or cas [v v]) that is legal now is
//      linearized at once, without branching: taking it earlier can only help.
//   2. Lazy unknown operations. An operation that never returned is taken only
//      when it changes the register to a value that an available operation
//      needs (a read's result or a cas's expected value), i.e. as late as
//      possible; otherwise it may as well never have happened.
//   3. Dominance. A configuration that has used a superset of the unknown
//      operations used by an already explored one with the same linearized set
//      and value cannot succeed where that one failed.
//   4. Lazy writes. A write is taken only where its value is seen (an
//      available read or cas waits for it) or when it returns first; a write
//      nobody sees is then absorbed, placed right before the last blind write
//      of the path when that is a valid position. Of available writes of one
//      value only the one returning first is tried. This is what keeps dozens
//      of clients in flight from multiplying the configurations by every
//      subset of their writes.
//   5. Feasibility. A configuration in which an available read or cas waits
//      for a value that nothing left can produce in time is abandoned at once.
// Because the linearized set of ok-operations is stored as (first unlinearized
// index, bits of the short window after it), a point where nothing but
// never-returned operations is in flight collapses to (index, value, used):
// the search carries only the set of possible register values across such a
// point, however the segment before it was ordered.
//
// A Searcher is single-threaded and owns its memo; it reads the Partition,
// which must outlive it.
#pragma once

#include <cstdint>
#include <memory>

#include "protocols/linearizability/search/partition.h"

namespace catslab::checker {

enum class Verdict : std::uint8_t { Linearizable, NotLinearizable, Unknown };

struct SearchLimits {
  // Give up (Verdict::Unknown) after memoising this many configurations.
  std::uint64_t maxConfigurations = 30'000'000;
  // Budget of the optimistic depth-first try that decidePartition makes
  // before its exhaustive passes (0 skips it; tests use that).
  std::uint64_t quickTryConfigurations = 60'000;
  // If neither the try nor the windows below decide, the try continues up to
  // this many configurations in all before the exhaustive passes.
  std::uint64_t secondTryConfigurations = 250'000;
  // If the windows and the sliding scan (window.h) find nothing either, the
  // try continues up to this many before the exhaustive sweep.
  std::uint64_t thirdTryConfigurations = 3'000'000;
  // When that try runs out, windows of this many operations either side of
  // where it got stuck are checked first (window.h), growing 4x per try up
  // to maxWindowRadius; 0 skips them.
  std::size_t firstWindowRadius = 16;
  std::size_t maxWindowRadius = 256;
};

struct SearchOutcome {
  Verdict verdict = Verdict::Linearizable;
  std::uint64_t configurations = 0;  // distinct configurations memoised
  std::uint64_t steps = 0;           // operations linearized, including retries
  // Index in Partition::completed of the first operation that no explored
  // order got past (meaningful for NotLinearizable).
  std::size_t deepest = 0;
};

// Exact treats each unknown-outcome operation as usable once; Relaxed lets a
// class be used any number of times once invoked (an over-approximation: its
// "not linearizable" is final, its "linearizable" is not).
enum class UnknownOps : std::uint8_t { Exact, Relaxed };

class Searcher;

// The same search, continued across calls: each run() explores until the
// total number of configurations reaches its budget, keeping the memo and the
// path so far, so that a short try that ran out is not paid for twice.
class ResumableSearch {
 public:
  explicit ResumableSearch(const Partition& partition, UnknownOps mode = UnknownOps::Exact);
  ~ResumableSearch();
  ResumableSearch(const ResumableSearch&) = delete;
  ResumableSearch& operator=(const ResumableSearch&) = delete;

  // Cumulative outcome; Unknown while the budget keeps running out.
  [[nodiscard]] SearchOutcome run(std::uint64_t maxConfigurations);

 private:
  std::unique_ptr<Searcher> impl_;
};

[[nodiscard]] SearchOutcome searchPartition(const Partition& partition,
                                            const SearchLimits& limits = {},
                                            UnknownOps mode = UnknownOps::Exact);

}  // namespace catslab::checker
