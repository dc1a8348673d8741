#include "snapshot_view/spacetime/vector_clocks.h"

#include <algorithm>

namespace catslab::ui::spacetime {

void VectorClocks::clear() { *this = VectorClocks(); }

int VectorClocks::at(int event, int lane) const {
  return lane < width_[event] ? values_[offset_[event] + lane] : 0;
}

void VectorClocks::update(const SpaceTimeModel& model) {
  const std::vector<Event>& events = model.events();
  const int lanes = model.laneCount();
  laneClock_.resize(lanes);
  for (std::size_t e = width_.size(); e < events.size(); ++e) {
    const Event& ev = events[e];
    std::vector<int>& mine = laneClock_[ev.lane];
    mine.resize(lanes, 0);
    if (ev.kind == EventKind::Deliver && ev.message >= 0) {
      const int send = model.messages()[ev.message].sendEvent;
      if (send >= 0)
        for (int l = 0; l < width_[send]; ++l) mine[l] = std::max(mine[l], at(send, l));
    }
    mine[ev.lane] = ev.position + 1;
    offset_.push_back(static_cast<std::int64_t>(values_.size()));
    width_.push_back(lanes);
    values_.insert(values_.end(), mine.begin(), mine.end());
  }
}

std::vector<int> VectorClocks::clock(int event) const {
  return {values_.begin() + offset_[event], values_.begin() + offset_[event] + width_[event]};
}

bool VectorClocks::happenedBefore(int a, int b) const {
  if (a == b) return false;
  const int w = std::max(width_[a], width_[b]);
  for (int l = 0; l < w; ++l)
    if (at(a, l) > at(b, l)) return false;
  return true;
}

std::vector<int> VectorClocks::pastPrefix(const SpaceTimeModel& model, int event) const {
  std::vector<int> out(model.laneCount(), 0);
  for (int l = 0; l < model.laneCount(); ++l) out[l] = at(event, l);
  return out;
}

std::vector<int> VectorClocks::futureSuffix(const SpaceTimeModel& model, int event) const {
  const int lane = model.events()[event].lane;
  const int need = model.events()[event].position + 1;
  std::vector<int> out(model.laneCount(), 0);
  for (int l = 0; l < model.laneCount(); ++l) {
    const std::vector<int>& on = model.laneEvents(l);
    // Only events with clocks so far count; later ones are not computed yet.
    const auto known = std::partition_point(
        on.begin(), on.end(), [this](int e) { return e < static_cast<int>(width_.size()); });
    const auto first =
        std::partition_point(on.begin(), known, [&](int e) { return at(e, lane) < need; });
    out[l] = static_cast<int>(first - on.begin());
  }
  return out;
}

}  // namespace catslab::ui::spacetime
