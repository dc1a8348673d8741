// Output of the benchmark programs: one line of space-separated key=value
// fields per measurement, e.g.
//
//   bench=pingpong pairs=1 pipeline=1 ... seconds=0.512 msgs_per_sec=390625
//
// Scripts parse these lines, so field names and their meaning stay stable;
// new fields may be appended. Also: the process's resident set size.
// Not thread-safe; used by the harness thread only.
#pragma once

#include <cstdint>
#include <string>

namespace catslab::bench {

class Report {
 public:
  explicit Report(const std::string& bench);
  Report& add(const std::string& key, const std::string& value);
  Report& add(const std::string& key, std::int64_t value);
  Report& add(const std::string& key, double value, int decimals);
  // Prints the line to stdout and flushes it.
  void print() const;

 private:
  std::string line_;
};

// CPU time consumed by all threads of this process so far, in seconds. On a
// shared machine wall time depends on everyone's load; CPU time much less.
double processCpuSeconds();

// VmRSS of this process in bytes (from /proc/self/status), or -1 if unknown.
std::int64_t residentBytes();

}  // namespace catslab::bench
