#include "measurements.h"

#include <algorithm>

namespace catslab::ycsb {
namespace {
OperationStats& find(StatsTable& table, const std::string& operation) {
  auto it = std::find_if(table.begin(), table.end(),
                         [&](const auto& entry) { return entry.first == operation; });
  if (it != table.end()) return it->second;
  table.emplace_back(operation, OperationStats{});
  return table.back().second;
}
}  // namespace

OperationStats& Measurements::slot(const std::string& operation) { return find(stats_, operation); }

void Measurements::measure(const std::string& operation, int64_t micros) {
  std::lock_guard lock(mutex_);
  slot(operation).latency.record(micros);
}

void Measurements::reportStatus(const std::string& operation, const std::string& status) {
  std::lock_guard lock(mutex_);
  ++slot(operation).returns[status];
}

void Measurements::mergeInto(StatsTable& into) const {
  std::lock_guard lock(mutex_);
  for (const auto& [name, stats] : stats_) {
    OperationStats& target = find(into, name);
    target.latency.merge(stats.latency);
    for (const auto& [status, count] : stats.returns) target.returns[status] += count;
  }
}

}  // namespace catslab::ycsb
