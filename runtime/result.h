// Result types for expected failures (parsing, I/O, look-ups): a value or a
// message for people. Never ignored: [[nodiscard]].
//
//   Result<Topology> t = loadTopology(path);
//   if (!t) { std::cerr << t.error() << '\n'; return 2; }
//   use(*t);
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace catslab::runtime {

class [[nodiscard]] Status {
 public:
  static Status ok() { return Status(); }
  static Status failure(std::string message) { return Status(std::move(message)); }
  bool isOk() const { return !message_.has_value(); }
  explicit operator bool() const { return isOk(); }
  const std::string& error() const {
    static const std::string none;
    return message_ ? *message_ : none;
  }

 private:
  Status() = default;
  explicit Status(std::string m) : message_(std::move(m)) {}
  std::optional<std::string> message_;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  static Result failure(std::string message) { return Result(Error{std::move(message)}); }
  Result(const Status& failed) : error_(failed.error()) {}  // NOLINT: only from a failure

  bool isOk() const { return value_.has_value(); }
  explicit operator bool() const { return isOk(); }
  const std::string& error() const { return error_; }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& value() {
    if (!value_) throw std::logic_error("Result has no value: " + error_);
    return *value_;
  }
  const T& value() const {
    if (!value_) throw std::logic_error("Result has no value: " + error_);
    return *value_;
  }

 private:
  struct Error {
    std::string message;
  };
  explicit Result(Error e) : error_(std::move(e.message)) {}
  std::optional<T> value_;
  std::string error_;
};

}  // namespace catslab::runtime
