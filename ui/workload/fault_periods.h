// FaultPeriods: when a run was under a fault, read from its trace records, so
// the workload charts can shade those periods (as Jepsen's latency plots do):
// a node down from its NodeDown record (a kill from the canvas, a scenario's
// kill, a crashed process) to its next NodeUp, and a network partition from
// the simulator's "partition […] | […]" log line to its "heal".
// Records must come in order. Plain values; not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "runtime/proto/trace.pb.h"

namespace catslab::ui::workload {

struct FaultPeriod {
  enum class Kind : std::uint8_t { NodeDown, Partition };
  Kind kind = Kind::NodeDown;
  std::string label;  // "n3 down (crashed)", "partition [n1, n2] | [n3]"
  std::int64_t startNs = 0;
  std::int64_t endNs = -1;  // -1: still in force
};

class FaultPeriods {
 public:
  void clear();
  void add(const ::catslab::trace::Record& record);
  // Every period so far, by start time; open ones end at -1.
  const std::vector<FaultPeriod>& periods() const { return periods_; }

 private:
  std::vector<FaultPeriod> periods_;
  std::map<std::string, std::size_t> down_;  // node → its open period
  std::vector<std::size_t> partitions_;      // open partition periods
};

}  // namespace catslab::ui::workload
