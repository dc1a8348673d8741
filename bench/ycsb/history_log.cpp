#include "history_log.h"

#include <cerrno>
#include <charconv>
#include <cstring>

namespace catslab::ycsb {

runtime::Status HistoryLog::open(const std::string& path) {
  out_.open(path, std::ios::trunc);
  if (!out_) {
    return runtime::Status::failure(path + ": cannot write the history (" +
                                    std::string(std::strerror(errno)) + ")");
  }
  return runtime::Status::ok();
}

void HistoryLog::add(int process, const char* type, const char* f, int64_t key, int64_t value) {
  std::lock_guard lock(mutex_);
  out_ << process << " :" << type << " :" << f << " [" << key << ' ';
  if (value < 0) {
    out_ << "nil";
  } else {
    out_ << value;
  }
  out_ << "]\n";
}

int64_t HistoryLog::idOf(const Record& record) {
  if (record.empty()) return 0;
  const std::string& v = record.front().second;
  size_t semicolon = v.find(';');
  if (semicolon == std::string::npos) return 0;
  int64_t id = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + semicolon, id);
  return ec == std::errc() && end == v.data() + semicolon ? id : 0;
}

void HistoryLog::tag(Record& record, int64_t id) {
  if (record.empty()) return;
  std::string prefix = std::to_string(id) + ";";
  std::string& v = record.front().second;
  // Keep the field's length when it has room, so that records stay the size asked for.
  v = prefix + (v.size() > prefix.size() ? v.substr(prefix.size()) : std::string());
}

}  // namespace catslab::ycsb
