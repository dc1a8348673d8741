// Measurements: per operation name ("READ", "UPDATE", "READ-MODIFY-WRITE",
// "INSERT", "CLEANUP", and "<OP>-FAILED" for the latencies of failed ones, as
// YCSB's DBWrapper names them) a latency histogram in microseconds and a
// count per return status.
//
// Each client thread owns one Measurements and records into it; the status
// thread takes snapshots. A mutex per instance makes that safe; the client
// thread is its only writer, so the lock is uncontended.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "histogram.h"

namespace catslab::ycsb {

struct OperationStats {
  LatencyHistogram latency;
  std::map<std::string, int64_t> returns;  // "OK" -> count, "SERVICE_UNAVAILABLE" -> count
};

// Operation name -> stats, in the order the report prints them.
using StatsTable = std::vector<std::pair<std::string, OperationStats>>;

class Measurements {
 public:
  void measure(const std::string& operation, int64_t micros);
  void reportStatus(const std::string& operation, const std::string& status);
  // A copy, merged into `into` (operation names keep their first order).
  void mergeInto(StatsTable& into) const;

 private:
  OperationStats& slot(const std::string& operation);
  mutable std::mutex mutex_;
  StatsTable stats_;
};

}  // namespace catslab::ycsb
