// Reading a stack's numeric parameters (topology node params) with defaults.
// A malformed value is a configuration error: it throws std::invalid_argument
// naming the parameter, which the stack factory's caller reports.
#pragma once

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>

namespace catslab::protocols {

inline long long paramInt(const std::map<std::string, std::string>& params, const std::string& name,
                          long long fallback) {
  auto it = params.find(name);
  if (it == params.end() || it->second.empty()) return fallback;
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(it->second, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != it->second.size()) {
    throw std::invalid_argument("stack parameter '" + name + "': expected an integer, got '" +
                                it->second + "'");
  }
  return value;
}

inline std::chrono::milliseconds paramMs(const std::map<std::string, std::string>& params,
                                         const std::string& name, long long fallbackMs) {
  return std::chrono::milliseconds(paramInt(params, name, fallbackMs));
}

}  // namespace catslab::protocols
