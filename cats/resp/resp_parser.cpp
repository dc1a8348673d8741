#include "cats/resp/resp_parser.h"

#include <charconv>
#include <cstring>

namespace catslab::cats {

namespace {

// A whole decimal number (an optional '-' then digits), nothing else.
bool parseLength(std::string_view text, long long& out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && p == end;
}

std::string printable(char c) {
  if (c >= 0x20 && c < 0x7f) return std::string(1, c);
  static const char* hex = "0123456789abcdef";
  const auto u = static_cast<unsigned char>(c);
  return std::string("\\x") + hex[u >> 4] + hex[u & 15];
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0'; }

}  // namespace

void RespParser::feed(std::string_view bytes) {
  if (failed()) return;
  compact();
  buffer_.append(bytes.data(), bytes.size());
}

void RespParser::compact() {
  // Drop consumed bytes once they are most of the buffer: amortized O(1)
  // per byte, and a long pipeline does not keep its head alive.
  if (pos_ > 0 && pos_ >= buffer_.size() / 2) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
}

RespParse RespParser::fail(std::string message) {
  error_ = std::move(message);
  args_.clear();
  buffer_.clear();
  pos_ = 0;
  return next();
}

bool RespParser::takeLine(std::size_t limit, bool allowBareLf, std::string_view& line) {
  const std::size_t available = buffer_.size() - pos_;
  const void* hit = std::memchr(buffer_.data() + pos_ + scanned_, '\n', available - scanned_);
  if (!hit) {
    scanned_ = available;
    if (available > limit) error_ = "line too long";  // refined by the caller
    return false;
  }
  const std::size_t end = static_cast<const char*>(hit) - buffer_.data();
  std::size_t length = end - pos_;
  if (length > 0 && buffer_[end - 1] == '\r') {
    --length;
  } else if (!allowBareLf) {
    error_ = "expected CRLF at the end of a line";
    return false;
  }
  if (length > limit) {
    error_ = "line too long";
    return false;
  }
  line = std::string_view(buffer_.data() + pos_, length);
  pos_ = end + 1;
  scanned_ = 0;
  return true;
}

RespParse RespParser::next() {
  if (failed()) {
    RespParse r;
    r.kind = RespParse::Kind::Error;
    r.error = error_;
    return r;
  }
  while (true) {
    std::string_view line;
    switch (state_) {
      case State::Start: {
        if (pos_ == buffer_.size()) return {};
        const bool multibulk = buffer_[pos_] == '*';
        const std::size_t limit = limits_.maxInlineLength;
        if (!takeLine(limit, !multibulk, line)) {
          if (!failed()) return {};
          if (error_ == "line too long") {
            return fail(multibulk ? "too big mbulk count string" : "too big inline request");
          }
          return fail(error_);
        }
        if (!multibulk) {
          RespParse r = parseInline(line);
          if (r.kind == RespParse::Kind::NeedMore) continue;  // an empty line
          return r;
        }
        long long count = 0;
        if (!parseLength(line.substr(1), count)) return fail("invalid multibulk length");
        if (count > static_cast<long long>(limits_.maxArrayLength)) {
          return fail("a command of " + std::to_string(count) + " arguments is over the limit of " +
                      std::to_string(limits_.maxArrayLength));
        }
        if (count <= 0) continue;  // *0 and *-1: nothing to do
        itemsLeft_ = static_cast<std::size_t>(count);
        args_.clear();
        args_.reserve(std::min<std::size_t>(itemsLeft_, 1024));
        state_ = State::ArrayItems;
        break;
      }
      case State::ArrayItems: {
        if (pos_ == buffer_.size()) return {};
        if (buffer_[pos_] != '$')
          return fail("expected '$', got '" + printable(buffer_[pos_]) + "'");
        if (!takeLine(64, false, line)) {
          if (!failed()) return {};
          if (error_ == "line too long") return fail("too big bulk count string");
          return fail(error_);
        }
        long long length = 0;
        if (!parseLength(line.substr(1), length) || length < 0) {
          return fail("invalid bulk length");
        }
        if (static_cast<unsigned long long>(length) > limits_.maxBulkLength) {
          return fail("a bulk string of " + std::to_string(length) +
                      " bytes is over the limit of " + std::to_string(limits_.maxBulkLength));
        }
        bulkLength_ = static_cast<std::size_t>(length);
        state_ = State::BulkPayload;
        break;
      }
      case State::BulkPayload: {
        if (buffer_.size() - pos_ < bulkLength_ + 2) {
          // Reserve once for a big payload instead of growing it by doubling.
          if (buffer_.capacity() < pos_ + bulkLength_ + 2) buffer_.reserve(pos_ + bulkLength_ + 2);
          return {};
        }
        if (buffer_[pos_ + bulkLength_] != '\r' || buffer_[pos_ + bulkLength_ + 1] != '\n') {
          return fail("expected CRLF after a bulk string of " + std::to_string(bulkLength_) +
                      " bytes");
        }
        args_.emplace_back(buffer_.data() + pos_, bulkLength_);
        pos_ += bulkLength_ + 2;
        state_ = State::ArrayItems;
        if (--itemsLeft_ == 0) {
          state_ = State::Start;
          RespParse r;
          r.kind = RespParse::Kind::Command;
          r.args = std::move(args_);
          args_.clear();
          return r;
        }
        break;
      }
    }
  }
}

RespParse RespParser::parseInline(std::string_view line) {
  RespParse r;
  if (!splitInlineArgs(line, r.args)) return fail("unbalanced quotes in request");
  if (r.args.size() > limits_.maxArrayLength) {
    return fail("a command of " + std::to_string(r.args.size()) +
                " arguments is over the limit of " + std::to_string(limits_.maxArrayLength));
  }
  if (r.args.empty()) return r;  // NeedMore: the caller goes on
  r.kind = RespParse::Kind::Command;
  return r;
}

bool splitInlineArgs(std::string_view line, std::vector<std::string>& out) {
  out.clear();
  std::size_t i = 0;
  const std::size_t n = line.size();
  while (true) {
    while (i < n && isBlank(line[i])) ++i;
    if (i == n) return true;
    std::string current;
    char quote = 0;  // the open quote, if any
    while (true) {
      if (quote == 0) {
        if (i == n || isBlank(line[i])) break;
        if (line[i] == '"' || line[i] == '\'') {
          quote = line[i];
        } else {
          current += line[i];
        }
        ++i;
        continue;
      }
      if (i == n) return false;  // the quote never closes
      const char c = line[i];
      if (c == quote) {
        ++i;
        // A closing quote must be followed by a blank or the end.
        if (i < n && !isBlank(line[i])) return false;
        break;
      }
      if (quote == '"' && c == '\\' && i + 3 < n && line[i + 1] == 'x' &&
          hexValue(line[i + 2]) >= 0 && hexValue(line[i + 3]) >= 0) {
        current += static_cast<char>(hexValue(line[i + 2]) * 16 + hexValue(line[i + 3]));
        i += 4;
      } else if (quote == '"' && c == '\\' && i + 1 < n) {
        const char e = line[i + 1];
        current += e == 'n'   ? '\n'
                   : e == 'r' ? '\r'
                   : e == 't' ? '\t'
                   : e == 'b' ? '\b'
                   : e == 'a' ? '\a'
                              : e;
        i += 2;
      } else if (quote == '\'' && c == '\\' && i + 1 < n && line[i + 1] == '\'') {
        current += '\'';
        i += 2;
      } else {
        current += c;
        ++i;
      }
    }
    out.push_back(std::move(current));
  }
}

}  // namespace catslab::cats
