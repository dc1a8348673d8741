#include "ui/workload/fault_periods.h"

namespace catslab::ui::workload {

void FaultPeriods::clear() {
  periods_.clear();
  down_.clear();
  partitions_.clear();
}

void FaultPeriods::add(const trace::Record& r) {
  const std::int64_t t = r.time_ns();
  if (r.has_node_down()) {
    if (down_.count(r.node())) return;  // already down
    down_[r.node()] = periods_.size();
    periods_.push_back({FaultPeriod::Kind::NodeDown,
                        r.node() + (r.node_down().crashed() ? " down (crashed)" : " down"), t, -1});
  } else if (r.has_node_up()) {
    if (auto it = down_.find(r.node()); it != down_.end()) {
      periods_[it->second].endNs = t;
      down_.erase(it);
    }
  } else if (r.has_log() && r.log().level() == "sim") {
    const std::string& text = r.log().text();
    if (text.rfind("partition [", 0) == 0) {
      partitions_.push_back(periods_.size());
      periods_.push_back({FaultPeriod::Kind::Partition, text, t, -1});
    } else if (text == "heal") {
      for (std::size_t i : partitions_) periods_[i].endNs = t;
      partitions_.clear();
    }
  }
}

}  // namespace catslab::ui::workload
