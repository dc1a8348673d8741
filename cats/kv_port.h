// The KeyValueStore port: what a CATS node offers its front ends (the
// console, the RESP server, the simulator's clients).
//
//   requests     KvGet{client, op, key}, KvPut{client, op, key, value},
//                KvDelete{client, op, key}
//   indication   KvResponse{client, op, kind, status, value, reason, group, vid}
//
// (client, op) is chosen by the requester and echoed in the response, so
// several front ends can share the port and match their answers. Every
// request gets exactly one response: Ok (with the value for a get, or
// found=false when the key is absent or deleted), Unavailable (the key's
// group could not form a consistent quorum before the deadline; the reason
// names the group) or Rejected (bad input, e.g. a key over the size limit).
// An Unavailable put may or may not have taken effect; a get that is not Ok
// returns no value, ever.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/port_type.h"

namespace catslab::cats {

enum class KvKind { Get, Put, Delete };
enum class KvStatus { Ok, Unavailable, Rejected };

struct KvGet : runtime::EventOf<KvGet> {
  KvGet(std::uint64_t c, std::uint64_t o, std::string k) : client(c), op(o), key(std::move(k)) {}
  std::uint64_t client;
  std::uint64_t op;
  std::string key;
};

struct KvPut : runtime::EventOf<KvPut> {
  KvPut(std::uint64_t c, std::uint64_t o, std::string k, std::string v)
      : client(c), op(o), key(std::move(k)), value(std::move(v)) {}
  std::uint64_t client;
  std::uint64_t op;
  std::string key;
  std::string value;
};

struct KvDelete : runtime::EventOf<KvDelete> {
  KvDelete(std::uint64_t c, std::uint64_t o, std::string k) : client(c), op(o), key(std::move(k)) {}
  std::uint64_t client;
  std::uint64_t op;
  std::string key;
};

struct KvResponse : runtime::EventOf<KvResponse> {
  std::uint64_t client = 0;
  std::uint64_t op = 0;
  KvKind kind = KvKind::Get;
  KvStatus status = KvStatus::Ok;
  bool found = false;       // get: the key has a value (not absent, not deleted)
  std::string value;        // get: the value when found
  std::string reason;       // not Ok: why, for people ("group 17 (view 4) unavailable: ...")
  std::uint32_t group = 0;  // the key's replication group (slice)
  std::uint64_t vid = 0;    // the view id whose consistent quorum served it
};

struct KeyValueStore : runtime::PortType<runtime::Requests<KvGet, KvPut, KvDelete>,
                                         runtime::Indications<KvResponse>> {};

}  // namespace catslab::cats
