#include "protocols/linearizability/history/edn_reader.h"

#include <cctype>

namespace catslab::checker::edn {

namespace {

// Nesting deeper than this is not a history; refusing it keeps a hostile
// file from exhausting the stack.
constexpr int kMaxDepth = 64;

bool isDelimiter(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == '(' || c == ')' ||
         c == '[' || c == ']' || c == '{' || c == '}' || c == '"' || c == ';';
}

Type classify(const std::string& token) {
  if (token == "nil") return Type::Nil;
  if (token == "true" || token == "false") return Type::Boolean;
  if (token[0] == ':') return Type::Keyword;
  if (token[0] == '\\') return Type::Char;
  char first = token[0];
  char second = token.size() > 1 ? token[1] : '\0';
  if (std::isdigit(static_cast<unsigned char>(first)) ||
      ((first == '-' || first == '+') && std::isdigit(static_cast<unsigned char>(second))))
    return Type::Number;
  return Type::Symbol;
}

}  // namespace

const Value* Value::get(std::string_view key) const {
  if (type != Type::Map) return nullptr;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2)
    if (items[i].isKeyword(key)) return &items[i + 1];
  return nullptr;
}

void EdnReader::skipSpace() {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == '\n') {
      ++line_;
      ++pos_;
    } else if (std::isspace(static_cast<unsigned char>(c)) || c == ',') {
      ++pos_;
    } else if (c == ';') {
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    } else {
      return;
    }
  }
}

bool EdnReader::more() {
  skipSpace();
  return pos_ < text_.size();
}

Error EdnReader::fail(const std::string& reason) const {
  return Error{std::to_string(line_) + ": " + reason};
}

Value EdnReader::readToken() {
  Value v;
  v.line = line_;
  std::size_t start = pos_;
  // A character literal may be a delimiter itself: \( or \space.
  if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) pos_ += 2;
  while (pos_ < text_.size() && !isDelimiter(text_[pos_])) ++pos_;
  v.text = std::string(text_.substr(start, pos_ - start));
  v.type = classify(v.text);
  return v;
}

Result<Value> EdnReader::readString() {
  Value v;
  v.type = Type::String;
  v.line = line_;
  std::size_t start = pos_++;
  while (pos_ < text_.size() && text_[pos_] != '"') {
    if (text_[pos_] == '\n') ++line_;
    if (text_[pos_] == '\\') ++pos_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return Error{std::to_string(v.line) + ": unterminated string"};
  ++pos_;
  v.text = std::string(text_.substr(start, pos_ - start));
  return v;
}

Result<Value> EdnReader::readCollection(Type type, char close) {
  Value v;
  v.type = type;
  v.line = line_;
  if (++depth_ > kMaxDepth) return fail("forms nested too deeply");
  for (;;) {
    skipSpace();
    if (pos_ >= text_.size())
      return Error{std::to_string(v.line) + ": '" + std::string(1, close) +
                   "' missing at the end of the input"};
    if (text_[pos_] == close) {
      ++pos_;
      break;
    }
    Result<Value> item = read();
    if (!item) return item;
    v.items.push_back(std::move(item.value()));
  }
  --depth_;
  if (type == Type::Map && v.items.size() % 2 != 0)
    return Error{std::to_string(v.line) + ": a map needs an even number of forms"};
  return v;
}

Result<Value> EdnReader::read() {
  skipSpace();
  if (pos_ >= text_.size()) return fail("expected a form, found the end of the input");
  // Discards in a row (#_a #_b c) are skipped in a loop, not by recursion,
  // so that no number of them can exhaust the stack.
  while (text_.compare(pos_, 2, "#_") == 0) {
    pos_ += 2;
    if (++depth_ > kMaxDepth) return fail("forms nested too deeply");
    Result<Value> discarded = read();
    --depth_;
    if (!discarded) return discarded;
    if (!more()) return fail("expected a form after a discarded one");
  }
  char c = text_[pos_];
  switch (c) {
    case '(':
      ++pos_;
      return readCollection(Type::List, ')');
    case '[':
      ++pos_;
      return readCollection(Type::Vector, ']');
    case '{':
      ++pos_;
      return readCollection(Type::Map, '}');
    case ')':
    case ']':
    case '}':
      return fail(std::string("unexpected '") + c + "'");
    case '"':
      return readString();
    case '#': {
      if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '{') {
        pos_ += 2;
        return readCollection(Type::Set, '}');
      }
      // A tagged form: #tag form (#inst "...", #jepsen.history.Op{...}).
      std::int64_t at = line_;
      ++pos_;
      Value tag = readToken();
      if (tag.text.empty()) return fail("'#' without a tag");
      if (++depth_ > kMaxDepth) return fail("forms nested too deeply");
      Result<Value> inner = read();
      --depth_;
      if (!inner) return inner;
      Value v;
      v.type = Type::Tagged;
      v.text = tag.text;
      v.line = at;
      v.items.push_back(std::move(inner.value()));
      return v;
    }
    default:
      return readToken();
  }
}

std::string show(const Value& value) {
  auto join = [&](const char* open, const char* close) {
    std::string out = open;
    for (std::size_t i = 0; i < value.items.size(); ++i) {
      if (i > 0) out += value.type == Type::Map && i % 2 == 0 ? ", " : " ";
      out += show(value.items[i]);
    }
    return out + close;
  };
  switch (value.type) {
    case Type::Vector:
      return join("[", "]");
    case Type::List:
      return join("(", ")");
    case Type::Map:
      return join("{", "}");
    case Type::Set:
      return join("#{", "}");
    case Type::Tagged:
      return "#" + value.text + show(value.items.front());
    default:
      return value.text;
  }
}

}  // namespace catslab::checker::edn
