#include "runtime/state_writer.h"

#include <cstdio>

namespace catslab::runtime {

void StateWriter::set(std::string_view key, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", value);
  set(key, std::string(buf));
}

void StateWriter::setList(std::string_view key, const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += items[i];
  }
  out += "]";
  set(key, std::move(out));
}

void MapStateWriter::set(std::string_view key, std::string value) {
  std::string k = prefix_;
  k.append(key);
  entries_[std::move(k)] = std::move(value);
}

}  // namespace catslab::runtime
