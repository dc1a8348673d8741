// The (N,N) atomic register abstraction (Cachin et al. 4.4): any process may
// read and write; each process has at most one operation outstanding, and
// further requests wait in order.
//
// Requests:    ReadRequest(id), WriteRequest(id, value)
// Indications: ReadResponse(id, value), WriteResponse(id)
// Properties:  termination — with a correct majority every operation of a
//              correct process completes; atomicity — the operations are
//              linearizable (each appears to take effect at one instant
//              between its invocation and its response).
#pragma once

#include <cstdint>
#include <string>

#include "runtime/port_type.h"

namespace catslab::protocols {

struct ReadRequest : runtime::EventOf<ReadRequest> {
  explicit ReadRequest(std::uint64_t i = 0) : id(i) {}
  std::uint64_t id;  // chosen by the caller, echoed in the response
};

struct WriteRequest : runtime::EventOf<WriteRequest> {
  WriteRequest(std::uint64_t i, std::string v) : id(i), value(std::move(v)) {}
  std::uint64_t id;
  std::string value;
};

struct ReadResponse : runtime::EventOf<ReadResponse> {
  ReadResponse(std::uint64_t i, std::string v) : id(i), value(std::move(v)) {}
  std::uint64_t id;
  std::string value;  // "" is the initial value (nil)
};

struct WriteResponse : runtime::EventOf<WriteResponse> {
  explicit WriteResponse(std::uint64_t i) : id(i) {}
  std::uint64_t id;
};

struct AtomicRegister : runtime::PortType<runtime::Requests<ReadRequest, WriteRequest>,
                                          runtime::Indications<ReadResponse, WriteResponse>> {};

}  // namespace catslab::protocols
