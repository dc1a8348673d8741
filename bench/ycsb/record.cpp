#include "record.h"

#include <charconv>

namespace catslab::ycsb {

std::string encodeRecord(const Record& record) {
  std::string out;
  size_t size = 0;
  for (const auto& [name, value] : record) size += name.size() + value.size() + 8;
  out.reserve(size);
  for (const auto& [name, value] : record) {
    out += name;
    out += '=';
    out += std::to_string(value.size());
    out += ':';
    out += value;
  }
  return out;
}

std::optional<Record> decodeRecord(const std::string& value) {
  Record record;
  size_t pos = 0;
  while (pos < value.size()) {
    size_t eq = value.find('=', pos);
    if (eq == std::string::npos) return std::nullopt;
    size_t colon = value.find(':', eq);
    if (colon == std::string::npos) return std::nullopt;
    size_t length = 0;
    auto [end, ec] = std::from_chars(value.data() + eq + 1, value.data() + colon, length);
    if (ec != std::errc() || end != value.data() + colon || colon + 1 + length > value.size()) {
      return std::nullopt;
    }
    record.emplace_back(value.substr(pos, eq - pos), value.substr(colon + 1, length));
    pos = colon + 1 + length;
  }
  return record;
}

std::string randomValue(Rng& rng, size_t length) {
  std::string out(length, ' ');
  uint64_t bits = 0;
  int left = 0;
  for (char& c : out) {
    if (left == 0) {
      bits = rng();
      left = 10;
    }
    c = static_cast<char>(' ' + (bits & 63) + (bits & 31));  // printable: ' '..'~'
    bits >>= 6;
    --left;
  }
  return out;
}

}  // namespace catslab::ycsb
