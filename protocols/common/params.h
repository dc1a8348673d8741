// Reading a stack's parameters (topology node params), with defaults.
//
// Two styles, one per caller:
// - paramPositiveInt() returns a runtime::Result: for config structs with a
//   Result-returning fromParams() (the part-B stacks), so that a bad value is
//   reported without exceptions and unit tests can check the message. Such a
//   stack's registry factory turns the failure into the configuration error
//   its host reports with stackConfig().
// - paramInt() / paramMs() throw std::invalid_argument naming the parameter:
//   for stacks that read parameters inside their top component's
//   constructor (the part-A stacks); the factory's caller reports it.
// Every error names the parameter and the bad value. Pure functions.
#pragma once

#include <charconv>
#include <chrono>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

#include "runtime/result.h"

namespace catslab::protocols {

// A parameter that must be a whole number >= 1 (a count, a period in ms):
// `fallback` if the key is absent, else its value, or a failure such as
//   parameter 'view': expected a positive integer, got '0' (must be at least 1)
// A key present with an empty value is an error, not the default: the user
// wrote it, so they meant something.
[[nodiscard]] inline runtime::Result<int> paramPositiveInt(
    const std::map<std::string, std::string>& params, const std::string& name, int fallback) {
  auto it = params.find(name);
  if (it == params.end()) return fallback;
  const std::string& text = it->second;
  const auto fail = [&](const std::string& reason) {
    return runtime::Result<int>::failure("parameter '" + name +
                                         "': expected a positive integer, got '" + text + "' (" +
                                         reason + ")");
  };
  long long value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error == std::errc::result_out_of_range) return fail("too large");
  if (error != std::errc() || stop != end) return fail("not a whole number");
  if (value < 1) return fail("must be at least 1");
  if (value > std::numeric_limits<int>::max()) return fail("too large");
  return static_cast<int>(value);
}

// The same for stacks that read parameters in their constructors: throws
// std::invalid_argument with paramPositiveInt's message.
inline int requirePositiveInt(const std::map<std::string, std::string>& params,
                              const std::string& name, int fallback) {
  auto value = paramPositiveInt(params, name, fallback);
  if (!value) throw std::invalid_argument(value.error());
  return *value;
}

// The first failure among `results` (Results or Statuses), or ok: lets a
// fromParams() read every parameter first and report in a fixed order.
template <class... R>
[[nodiscard]] runtime::Status firstFailure(const R&... results) {
  runtime::Status first = runtime::Status::ok();
  const auto keep = [&first](const auto& r) {
    if (first.isOk() && !r.isOk()) first = runtime::Status::failure(r.error());
  };
  (keep(results), ...);
  return first;
}

// In a stack's registry factory: the parsed configuration, or the
// configuration error its host reports (factories throw), prefixed with the
// stack's name: "cyclon stack: parameter 'view': ...".
template <class Config>
Config stackConfig(const std::string& stack, runtime::Result<Config> parsed) {
  if (!parsed) throw std::invalid_argument(stack + " stack: " + parsed.error());
  return std::move(*parsed);
}

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
