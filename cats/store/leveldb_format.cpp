#include "cats/store/leveldb_format.h"

#include <charconv>

namespace catslab::cats::leveldb_format {
namespace {

void appendBig(std::string& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint64_t readBig(std::string_view in, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

}  // namespace

std::string dataKey(std::uint32_t slice, std::string_view key) {
  std::string out = sliceBegin(slice);
  out.append(key);
  return out;
}

std::string sliceBegin(std::uint32_t slice) {
  std::string out(1, kDataTag);
  appendBig(out, slice, 4);
  return out;
}

std::string sliceEnd(std::uint32_t slice) {
  if (slice == UINT32_MAX) return std::string(1, static_cast<char>(kDataTag + 1));
  return sliceBegin(slice + 1);
}

std::optional<DataKey> parseDataKey(std::string_view encoded) {
  if (encoded.size() < 5 || encoded[0] != kDataTag) return std::nullopt;
  return DataKey{static_cast<std::uint32_t>(readBig(encoded.substr(1), 4)), encoded.substr(5)};
}

std::string metaKey(std::string_view name) {
  std::string out(1, kMetaTag);
  out.append(name);
  return out;
}

std::string metaPrefixEnd(std::string_view prefix) {
  // The shortest key greater than every key that starts with 'm' + prefix:
  // drop trailing 0xff bytes, then increment the last byte.
  std::string end = metaKey(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xff) end.pop_back();
  // end is never empty: it starts with 'm'.
  end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

std::string encodeValue(const Versioned& v) {
  std::string out;
  out.reserve(13 + v.ts.writer.size() + v.value.size());
  out.push_back(v.tombstone ? 1 : 0);
  appendBig(out, v.ts.counter, 8);
  appendBig(out, v.ts.writer.size(), 4);
  out.append(v.ts.writer);
  out.append(v.value);
  return out;
}

runtime::Result<Versioned> decodeValue(std::string_view bytes) {
  using R = runtime::Result<Versioned>;
  if (bytes.size() < 13) {
    return R::failure("record of " + std::to_string(bytes.size()) +
                      " bytes is shorter than its 13-byte header");
  }
  const auto flags = static_cast<unsigned char>(bytes[0]);
  if (flags > 1) return R::failure("unknown flags " + std::to_string(flags));
  const std::uint64_t writerLength = readBig(bytes.substr(9), 4);
  if (writerLength > bytes.size() - 13) {
    return R::failure("writer length " + std::to_string(writerLength) + " exceeds the record");
  }
  Versioned v;
  v.tombstone = flags == 1;
  v.ts.counter = readBig(bytes.substr(1), 8);
  v.ts.writer.assign(bytes.substr(13, writerLength));
  v.value.assign(bytes.substr(13 + writerLength));
  return v;
}

std::string markerText(std::string_view nodeId) {
  std::string out(kMarkerMagic);
  out += ' ' + std::to_string(kVersion) + "\nnode ";
  out.append(nodeId);
  out += '\n';
  return out;
}

runtime::Result<Marker> parseMarker(std::string_view text) {
  using R = runtime::Result<Marker>;
  const std::string magic = std::string(kMarkerMagic) + ' ';
  if (text.substr(0, magic.size()) != magic) {
    return R::failure("does not start with '" + std::string(kMarkerMagic) + "'");
  }
  text.remove_prefix(magic.size());
  const auto eol = text.find('\n');
  if (eol == std::string_view::npos) return R::failure("has no line break after the version");
  Marker m;
  const std::string_view version = text.substr(0, eol);
  const auto [stop, error] =
      std::from_chars(version.data(), version.data() + version.size(), m.version);
  if (error != std::errc() || stop != version.data() + version.size()) {
    return R::failure("has a version that is not a number: '" + std::string(version) + "'");
  }
  text.remove_prefix(eol + 1);
  if (m.version != kVersion) return m;  // another format: the rest is not ours to read
  if (text.substr(0, 5) != "node " || text.empty() || text.back() != '\n') {
    return R::failure("has no 'node <id>' line");
  }
  m.nodeId.assign(text.substr(5, text.size() - 6));
  if (m.nodeId.find('\n') != std::string::npos) return R::failure("has extra lines");
  return m;
}

}  // namespace catslab::cats::leveldb_format
