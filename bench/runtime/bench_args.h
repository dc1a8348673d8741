// Command-line options of the benchmark programs: "--name value" pairs that
// follow the benchmark's name.
//
// Reading an option never throws: a malformed or out-of-range value leaves
// the fallback in place and records the first problem, and check() reports
// it (together with any option nobody asked for), so main() can print one
// clear line and exit with code 2. Not thread-safe; used by main() only.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>

#include "runtime/result.h"

namespace catslab::bench {

class Args {
 public:
  // argv[first..argc) are the options of `benchmark`.
  Args(std::string benchmark, int argc, char** argv, int first);

  std::int64_t integer(const std::string& name, std::int64_t fallback, std::int64_t min,
                       std::int64_t max);
  std::string choice(const std::string& name, const std::string& fallback,
                     std::initializer_list<const char*> allowed);
  bool has(const std::string& name) const { return values_.contains(name); }

  // The first problem met so far, or an option that no read asked for.
  runtime::Status check() const;

 private:
  void fail(const std::string& message);

  std::string benchmark_;
  std::map<std::string, std::string> values_;
  std::set<std::string> used_;
  std::string error_;
};

}  // namespace catslab::bench
