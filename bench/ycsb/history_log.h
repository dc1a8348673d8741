// HistoryLog: with `-p history.file=PATH`, catslab-ycsb records every run
// phase operation as a Jepsen history (history.txt lines, one register per
// key, jepsen.independent style) for catslab-check:
//   3 :invoke :write [17 3000000000001]     3 :ok :write [17 3000000000001]
//   5 :invoke :read [17 nil]                5 :ok :read [17 3000000000001]
// The process is the client thread, the key is the key number, and a write's
// value is a number unique to the run that the record carries at the start
// of its first field ("<id>;"); a record without one (written by the load
// phase) reads as 0, so check with `catslab-check --initial 0`.
// A line is written before the operation is sent and after its reply came,
// under one lock, so the file's order is consistent with real time.
// A failed read is :fail; a write that failed or timed out is :info (it may
// have taken effect). Thread-safe.
#pragma once

#include <cstdint>
#include <fstream>
#include <mutex>
#include <string>

#include "record.h"
#include "runtime/result.h"

namespace catslab::ycsb {

class HistoryLog {
 public:
  [[nodiscard]] runtime::Status open(const std::string& path);
  // type: "invoke", "ok", "fail" or "info"; f: "read" or "write"; value < 0: nil.
  void add(int process, const char* type, const char* f, int64_t key, int64_t value);

  // The write id a record carries (0: none), and a record tagged with one.
  static int64_t idOf(const Record& record);
  static void tag(Record& record, int64_t id);

 private:
  std::mutex mutex_;
  std::ofstream out_;
};

}  // namespace catslab::ycsb
