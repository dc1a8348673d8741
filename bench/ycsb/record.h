// Record: a YCSB record, fieldcount (name, value) pairs, and its encoding as
// one value: for each field `<name>=<length>:<bytes>` one after the other.
// The encoding is binary-safe and self-checking: decode() refuses anything
// that is not a whole record.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "generators.h"

namespace catslab::ycsb {

using Record = std::vector<std::pair<std::string, std::string>>;

std::string encodeRecord(const Record& record);
std::optional<Record> decodeRecord(const std::string& value);
// YCSB's field values: `length` random printable ASCII characters.
std::string randomValue(Rng& rng, size_t length);

}  // namespace catslab::ycsb
