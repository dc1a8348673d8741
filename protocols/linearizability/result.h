// Result<T>: the value of an expected failure (parsing, I/O) or the message
// explaining it, in the spirit of std::expected (C++23, not in our C++20
// toolchain). A Result owns its value; it is a plain value type with no
// thread-safety of its own.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace catslab::checker {

// Tag that builds a failed Result from a message: `return Error{"bad"};`.
struct Error {
  std::string message;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Precondition: ok().
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }

  // Precondition: !ok().
  const std::string& error() const { return std::get<1>(state_).message; }

 private:
  std::variant<T, Error> state_;
};

}  // namespace catslab::checker
