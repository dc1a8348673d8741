// VectorClocks: happened-before over a SpaceTimeModel, as vector clocks
// computed from the trace records (Fidge/Mattern). An event's clock counts,
// per lane, how many of that lane's events happened before it or are it:
// each event ticks its own lane, and a delivery first takes the maximum
// with its message's send. Drops are no lane's event and order nothing.
//
// Because clocks grow along a lane, an event's causal past is a prefix of
// every lane and its causal future a suffix, so both come back as one
// position per lane — cheap to draw however long the run.
// Computed incrementally: update() extends the clocks to new events.
// Not thread-safe; reads the model it is given.
#pragma once

#include <cstdint>
#include <vector>

#include "snapshot_view/spacetime/spacetime_model.h"

namespace catslab::ui::spacetime {

class VectorClocks {
 public:
  void clear();
  // Computes clocks for events the model gained since the last call.
  void update(const SpaceTimeModel& model);

  // The clock of `event`: one entry per lane (lanes that appeared later
  // than the event read as 0).
  std::vector<int> clock(int event) const;
  // True when a happened before b (a → b); false for a == b.
  bool happenedBefore(int a, int b) const;

  // Per lane, how many of its first events are in the causal past of
  // `event` (the event itself included on its own lane).
  std::vector<int> pastPrefix(const SpaceTimeModel& model, int event) const;
  // Per lane, the position of its first event in the causal future of
  // `event` (the event itself included); lane length when none.
  std::vector<int> futureSuffix(const SpaceTimeModel& model, int event) const;

 private:
  int at(int event, int lane) const;

  // Clocks are stored flat, each sized by the lane count at its event.
  std::vector<int> values_;
  std::vector<std::int64_t> offset_;         // per event: start in values_
  std::vector<int> width_;                   // per event: lanes known then
  std::vector<std::vector<int>> laneClock_;  // scratch: current clock per lane
};

}  // namespace catslab::ui::spacetime
