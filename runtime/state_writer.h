// StateWriter receives a component's inspect() output: flat key/value
// pairs ("successor" -> "n4", "suspects" -> "[n2, n3]"). Keys are relative to
// the component; tracing prefixes them. Values are strings for people.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace catslab::runtime {

class StateWriter {
 public:
  virtual ~StateWriter() = default;
  virtual void set(std::string_view key, std::string value) = 0;

  void set(std::string_view key, const char* value) { set(key, std::string(value)); }
  void set(std::string_view key, std::int64_t value) { set(key, std::to_string(value)); }
  void set(std::string_view key, std::uint64_t value) { set(key, std::to_string(value)); }
  void set(std::string_view key, int value) { set(key, std::to_string(value)); }
  void set(std::string_view key, bool value) { set(key, std::string(value ? "true" : "false")); }
  void set(std::string_view key, double value);
  void setList(std::string_view key, const std::vector<std::string>& items);
};

// Collects entries into a sorted map (used for diffing snapshots).
class MapStateWriter final : public StateWriter {
 public:
  explicit MapStateWriter(std::string prefix = {}) : prefix_(std::move(prefix)) {}
  using StateWriter::set;
  void set(std::string_view key, std::string value) override;
  const std::map<std::string, std::string>& entries() const { return entries_; }
  std::map<std::string, std::string>& entries() { return entries_; }

 private:
  std::string prefix_;
  std::map<std::string, std::string> entries_;
};

}  // namespace catslab::runtime
