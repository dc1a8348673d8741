// A small reader for the part of EDN (Clojure's data notation) that Jepsen
// writes in its logs and history files: nil, booleans, numbers, strings,
// characters, keywords, symbols, vectors, lists, maps, sets, tagged forms
// (`#jepsen.history.Op{...}`), `;` comments and `#_` discards; commas are
// whitespace.
//
// Scalars keep their source text (`3`, `"a b"`, `:timed-out`), which is what
// the history model compares values by. An EdnReader reads forms one after
// the other from a string it does not own; it is a plain single-threaded
// value. Errors name the line of the form that broke.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/linearizability/result.h"

namespace catslab::checker::edn {

enum class Type : std::uint8_t {
  Nil,
  Boolean,
  Number,
  String,
  Char,
  Keyword,
  Symbol,
  Vector,
  List,
  Map,
  Set,
  Tagged
};

struct Value {
  Type type = Type::Nil;
  std::string text;          // scalars: the source text; Tagged: the tag
  std::vector<Value> items;  // collections (a map alternates key, value); Tagged: one form
  std::int64_t line = 0;     // where the form starts (1-based, relative to the reader's start)

  bool isScalar() const { return type <= Type::Symbol; }
  bool isKeyword(std::string_view name) const { return type == Type::Keyword && text == name; }
  // For a map: the value under keyword `key`, or nullptr.
  const Value* get(std::string_view key) const;
};

class EdnReader {
 public:
  explicit EdnReader(std::string_view text, std::int64_t firstLine = 1)
      : text_(text), line_(firstLine) {}

  // Skips whitespace, commas and comments; true if a form follows.
  bool more();
  // Reads the next form. Precondition: more().
  [[nodiscard]] Result<Value> read();
  // The unread rest, and the line it starts on.
  std::string_view rest() const { return text_.substr(pos_); }
  std::int64_t line() const { return line_; }

 private:
  void skipSpace();
  Result<Value> readCollection(Type type, char close);
  Result<Value> readString();
  Value readToken();
  Error fail(const std::string& reason) const;

  std::string_view text_;
  std::size_t pos_ = 0;
  std::int64_t line_;
  int depth_ = 0;
};

// The source-like text of a form: scalars as written, collections rebuilt.
std::string show(const Value& value);

}  // namespace catslab::checker::edn
