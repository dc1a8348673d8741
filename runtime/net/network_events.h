// What a network implementation reports about the messages it carries, for
// traces and the monitor channel (trace.proto MessageEvent records) without
// making runtime/net depend on the trace recorder. Hosts (catslab-node)
// adapt it to sim::TraceRecorder.
//
// Thread safety: implementations are called from component threads (sent,
// dropped before the wire) and from the I/O thread (delivered, dropped
// after, peerStatus); they must be thread-safe and must not block.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/network.h"

namespace catslab::net {

struct MessageInfo {
  std::string from;  // node ids
  std::string to;
  std::string type;        // wire name, e.g. "ping.Ping"
  std::uint32_t size = 0;  // payload bytes
  std::string summary;     // Event::describe()
  std::uint64_t id = 0;    // the sender's trace id (0 if it had none)
};

class NetworkEvents {
 public:
  virtual ~NetworkEvents() = default;
  // Returns the trace id carried to the receiver with the message.
  virtual std::uint64_t sent(const MessageInfo& /*info*/) { return 0; }
  virtual void delivered(const MessageInfo& /*info*/) {}
  virtual void dropped(const MessageInfo& /*info*/, const std::string& /*reason*/) {}
  virtual void peerStatus(const runtime::Address& /*peer*/, bool /*up*/,
                          const std::string& /*reason*/) {}
};

}  // namespace catslab::net
