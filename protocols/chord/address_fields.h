// Addresses inside part-B wire payloads (peer lists, lookup origins), in
// the FieldWriter format of protocols/common/fields.h: id, host, port.
// Shared by the chord, cyclon, gossip, onehop and bootstrap codecs. Pure.
#pragma once

#include <vector>

#include "protocols/common/fields.h"
#include "runtime/network.h"

namespace catslab::protocols {

inline void writeAddress(FieldWriter& out, const runtime::Address& a) {
  out.str(a.id).str(a.host).u64(a.port);
}

inline bool readAddress(FieldReader& in, runtime::Address& a) {
  std::uint64_t port = 0;
  if (!in.str(a.id) || !in.str(a.host) || !in.u64(port) || port > 65535) return false;
  a.port = static_cast<std::uint16_t>(port);
  return true;
}

inline void writeAddresses(FieldWriter& out, const std::vector<runtime::Address>& list) {
  out.u64(list.size());
  for (const auto& a : list) writeAddress(out, a);
}

// Rejects counts larger than the bytes left could hold (garbage input).
inline bool readAddresses(FieldReader& in, std::vector<runtime::Address>& list) {
  std::uint64_t n = 0;
  if (!in.u64(n) || n > in.rest().size()) return false;
  list.resize(n);
  for (auto& a : list) {
    if (!readAddress(in, a)) return false;
  }
  return true;
}

}  // namespace catslab::protocols
