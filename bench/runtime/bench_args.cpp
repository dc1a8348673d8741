#include "bench/runtime/bench_args.h"

#include <charconv>

namespace catslab::bench {

Args::Args(std::string benchmark, int argc, char** argv, int first)
    : benchmark_(std::move(benchmark)) {
  for (int i = first; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      fail("unexpected argument '" + arg + "' (options are --name value)");
      return;
    }
    const std::string name = arg.substr(2);
    if (i + 1 >= argc) {
      fail("option --" + name + " needs a value");
      return;
    }
    if (!values_.emplace(name, argv[++i]).second) {
      fail("option --" + name + " is given twice");
      return;
    }
  }
}

void Args::fail(const std::string& message) {
  if (error_.empty()) error_ = benchmark_ + ": " + message;
}

std::int64_t Args::integer(const std::string& name, std::int64_t fallback, std::int64_t min,
                           std::int64_t max) {
  used_.insert(name);
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const std::string& text = it->second;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    fail("--" + name + " must be an integer in [" + std::to_string(min) + ", " +
         std::to_string(max) + "], got '" + text + "'");
    return fallback;
  }
  return value;
}

std::string Args::choice(const std::string& name, const std::string& fallback,
                         std::initializer_list<const char*> allowed) {
  used_.insert(name);
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  std::string list;
  for (const char* a : allowed) {
    if (it->second == a) return it->second;
    list += list.empty() ? a : std::string("|") + a;
  }
  fail("--" + name + " must be one of " + list + ", got '" + it->second + "'");
  return fallback;
}

runtime::Status Args::check() const {
  if (!error_.empty()) return runtime::Status::failure(error_);
  for (const auto& [name, value] : values_) {
    if (!used_.contains(name)) {
      return runtime::Status::failure(benchmark_ + ": unknown option --" + name);
    }
  }
  return runtime::Status::ok();
}

}  // namespace catslab::bench
