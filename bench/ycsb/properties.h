// Properties: YCSB's configuration, read from Java-style property files
// (what YCSB's workloads/ folder holds) and `-p key=value` overrides.
// Every value remembers where it came from ("workloads/workloada:17" or
// "-p recordcount"), so that a bad value is reported with its file and key.
//
// Not thread-safe; built once by the command line, then only read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "runtime/result.h"

namespace catslab::ycsb {

using runtime::Result;
using runtime::Status;

class Properties {
 public:
  struct Entry {
    std::string value;
    std::string origin;  // "FILE:LINE" or "-p"
  };

  // Parses the text of a property file (Java's format: `key=value`,
  // `key: value` or `key value`; `#` and `!` comments; a trailing backslash
  // continues a line; `\t`, `\n`, `\\`, `\uXXXX` (ASCII) escapes). `source`
  // names the file in messages. Later keys replace earlier ones.
  [[nodiscard]] Status parse(const std::string& text, const std::string& source);
  [[nodiscard]] Status load(const std::string& path);
  // `key=value` from the command line (`-p`); replaces any file's value.
  [[nodiscard]] Status setOverride(const std::string& assignment);
  void set(const std::string& key, const std::string& value, const std::string& origin);

  bool has(const std::string& key) const { return entries_.count(key) != 0; }
  std::optional<std::string> get(const std::string& key) const;
  std::string get(const std::string& key, const std::string& fallback) const;
  // Typed reads: the fallback when absent, an error naming origin and key
  // when present but malformed or out of range.
  Result<int64_t> getInt(const std::string& key, int64_t fallback, int64_t min = INT64_MIN,
                         int64_t max = INT64_MAX) const;
  Result<double> getDouble(const std::string& key, double fallback, double min, double max) const;
  Result<bool> getBool(const std::string& key, bool fallback) const;
  // "FILE:LINE: key" (or "-p key") for messages about this key.
  std::string where(const std::string& key) const;

  const std::map<std::string, Entry>& entries() const { return entries_; }

 private:
  std::map<std::string, Entry> entries_;
};

}  // namespace catslab::ycsb
