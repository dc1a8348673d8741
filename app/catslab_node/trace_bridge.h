// TraceBridge: reports TcpNetwork's message events to a TraceRecorder, so a
// node's sent/delivered/dropped messages reach the monitor stream as
// trace.proto MessageEvent records. Thread-safe (the recorder is).
#pragma once

#include "runtime/net/network_events.h"
#include "runtime/sim/trace_recorder.h"

namespace catslab::node {

class TraceBridge final : public net::NetworkEvents {
 public:
  explicit TraceBridge(sim::TraceRecorder& recorder) : recorder_(recorder) {}

  std::uint64_t sent(const net::MessageInfo& m) override {
    return recorder_.messageSent(m.from, m.to, m.type, m.size, m.summary);
  }
  void delivered(const net::MessageInfo& m) override {
    recorder_.messageDelivered(m.id, m.from, m.to, m.type, m.size, m.summary);
  }
  void dropped(const net::MessageInfo& m, const std::string& reason) override {
    recorder_.messageDropped(m.id, m.from, m.to, m.type, m.size, m.summary, reason);
  }
  // Peer up/down already reaches the stream as a log line (TcpNetwork logs it).

 private:
  sim::TraceRecorder& recorder_;
};

}  // namespace catslab::node
