// FieldWriter / FieldReader: the byte format of the part-A protocols' wire
// payloads — a sequence of fields, each an unsigned LEB128 varint or a
// length-prefixed byte string. Small, dependency-free and strict: a reader
// reports truncated or oversized input instead of reading past the end.
// Values, not shared; not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace catslab::protocols {

class FieldWriter {
 public:
  FieldWriter& u64(std::uint64_t v) {
    do {
      std::uint8_t byte = v & 0x7f;
      v >>= 7;
      if (v) byte |= 0x80;
      out_.push_back(static_cast<char>(byte));
    } while (v);
    return *this;
  }
  FieldWriter& i64(std::int64_t v) { return u64(static_cast<std::uint64_t>(v)); }
  FieldWriter& str(std::string_view s) {
    u64(s.size());
    out_.append(s.data(), s.size());
    return *this;
  }
  FieldWriter& flag(bool b) { return u64(b ? 1 : 0); }
  const std::string& bytes() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class FieldReader {
 public:
  explicit FieldReader(std::string_view in) : in_(in) {}
  bool u64(std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return false;
      const auto byte = static_cast<std::uint8_t>(in_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  }
  bool i64(std::int64_t& v) {
    std::uint64_t u = 0;
    if (!u64(u)) return false;
    v = static_cast<std::int64_t>(u);
    return true;
  }
  bool str(std::string& s) {
    std::uint64_t n = 0;
    if (!u64(n) || n > in_.size() - pos_) return false;
    s.assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool flag(bool& b) {
    std::uint64_t u = 0;
    if (!u64(u) || u > 1) return false;
    b = u == 1;
    return true;
  }
  bool atEnd() const { return pos_ == in_.size(); }
  std::string_view rest() const { return in_.substr(pos_); }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
};

}  // namespace catslab::protocols
