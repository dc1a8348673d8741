// The on-disk format of LevelDbStore (format version 1), in one place.
//
// Keys of the LevelDB database (compared bytewise):
//   'd' <slice: 4 bytes big-endian> <key bytes>   a data record
//   'm' <name bytes>                              a metadata record
//   'f'                                           the format record
// Fixed-width big-endian slice numbers make the bytewise order the order of
// (slice, key), so a slice is one contiguous range; keys and names are the
// raw bytes (any bytes, NUL included) because nothing follows them.
//
// A data record's value:
//   <flags: 1 byte, bit 0 = tombstone> <counter: 8 bytes big-endian>
//   <writer length: 4 bytes big-endian> <writer> <value bytes>
// A metadata record's value is the bytes as given.
//
// The data directory also holds CATS_STORE, a small text file written
// before the database is created:
//   catslab-cats-store 1
//   node <node id>
// and the format record holds the same text. Pure functions, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cats/store/local_store.h"
#include "runtime/result.h"

namespace catslab::cats::leveldb_format {

inline constexpr int kVersion = 1;
inline constexpr std::string_view kMarkerFile = "CATS_STORE";
inline constexpr std::string_view kMarkerMagic = "catslab-cats-store";
inline constexpr std::string_view kFormatKey = "f";
inline constexpr char kDataTag = 'd';
inline constexpr char kMetaTag = 'm';

std::string dataKey(std::uint32_t slice, std::string_view key);
// The first key of the slice's range, and the first key after it ("d" + 1
// for the last slice).
std::string sliceBegin(std::uint32_t slice);
std::string sliceEnd(std::uint32_t slice);
// The slice and key of a data key (nullopt if it is not one).
struct DataKey {
  std::uint32_t slice;
  std::string_view key;
};
std::optional<DataKey> parseDataKey(std::string_view encoded);

std::string metaKey(std::string_view name);
// The first key after every meta key that starts with `prefix`.
std::string metaPrefixEnd(std::string_view prefix);

std::string encodeValue(const Versioned& v);
[[nodiscard]] runtime::Result<Versioned> decodeValue(std::string_view bytes);

// The marker's text for `nodeId`, and what a marker says.
std::string markerText(std::string_view nodeId);
struct Marker {
  int version = 0;
  std::string nodeId;
};
[[nodiscard]] runtime::Result<Marker> parseMarker(std::string_view text);

}  // namespace catslab::cats::leveldb_format
