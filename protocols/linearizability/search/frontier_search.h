// The fast exhaustive pass: a time-ordered ("just in time", as in Knossos'
// linear checker and Lowe's JIT) sweep over the events of one Partition that
// keeps the set of configurations possible at the current moment.
//
// A configuration is (which in-flight ok-operations are already linearized,
// register value); in-flight operations occupy one of 64 slots, so a
// configuration is 12 bytes. Invocations add a slot; a return of operation x
// replaces every configuration by those reachable from it by linearizing
// in-flight operations and ending with x linearized (later ones wait for their
// own return: any linearization can be cut into such segments). A history is
// linearizable iff the set never becomes empty; when it does, the returning
// operation is the culprit and the history up to that return is already not
// linearizable.
//
// Unknown-outcome operations are handled *relaxed*: a class of them, once
// invoked, may be taken any number of times. Relaxing only adds orders, so
// "not linearizable" from this pass is final; "linearizable" must be confirmed
// by the exact search (search.h) unless the partition has no unknown
// operations. Observers-first and lazy unknown operations apply as in search.h.
//
// Not thread-safe; the Partition must outlive the call.
#pragma once

#include "protocols/linearizability/search/partition.h"
#include "protocols/linearizability/search/search.h"

namespace catslab::checker {

struct FrontierOutcome {
  // Unknown also when more than 64 operations were in flight at once (use the
  // depth-first search instead) or the budget ran out.
  Verdict verdict = Verdict::Linearizable;
  bool tooWide = false;
  std::uint64_t configurations = 0;    // configurations created, all events together
  std::size_t peakConfigurations = 0;  // largest set held at one moment
  std::size_t culprit = 0;             // index in Partition::completed (NotLinearizable)
};

[[nodiscard]] FrontierOutcome sweepRelaxed(const Partition& partition,
                                           const SearchLimits& limits = {});

}  // namespace catslab::checker
