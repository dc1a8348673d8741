// Encoding of RESP2 replies, appended to an output string. Pure functions.
// Simple strings and errors must not contain CR or LF: error text that may
// carry them (reasons from the store, user input echoed back) goes through
// oneLine() first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace catslab::cats::resp {

inline void simple(std::string& out, std::string_view text) {
  out += '+';
  out += text;
  out += "\r\n";
}
// `text` starts with the error code: "ERR ...", "NOAUTH ...", "UNAVAILABLE ...".
inline void error(std::string& out, std::string_view text) {
  out += '-';
  out += text;
  out += "\r\n";
}
inline void integer(std::string& out, long long value) {
  out += ':';
  out += std::to_string(value);
  out += "\r\n";
}
inline void bulk(std::string& out, std::string_view bytes) {
  out += '$';
  out += std::to_string(bytes.size());
  out += "\r\n";
  out += bytes;
  out += "\r\n";
}
inline void nullBulk(std::string& out) { out += "$-1\r\n"; }
inline void arrayHeader(std::string& out, std::size_t count) {
  out += '*';
  out += std::to_string(count);
  out += "\r\n";
}
inline std::string ok() { return "+OK\r\n"; }

// `text` with CR and LF replaced by blanks, so it fits in a simple string or an error.
inline std::string oneLine(std::string_view text) {
  std::string s(text);
  for (char& c : s) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return s;
}

}  // namespace catslab::cats::resp
