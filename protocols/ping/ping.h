// The "ping" stack: the smallest useful application, used to try topologies,
// the emulated network and the simulator. It measures round-trip times to
// peers over the Network port.
//
// Console commands:
//   ping <node>   send a Ping to <node>; prints "reply from <node>: rtt=<ms> ms seq=<n>"
//                 when the Pong returns, or "timeout: <node> seq=<n>" after timeout_ms
//   ping all      ping every peer
//   stats         one line per peer: sent, received, timeouts, last rtt
//   help          list the commands
// Parameters (topology node params): timeout_ms (default 1000), interval_ms
// (default 0 = off; when set, the node pings every peer periodically).
// inspect(): sent / received / timeouts / pongs_sent totals, and per peer
// "<peer>.sent", "<peer>.received", "<peer>.timeouts", "<peer>.rtt_ms".
//
// Wire codecs (ping.Ping, ping.Pong) are registered by ping_codecs.cpp.
//
// Properties: every Pong answers exactly one Ping of this node (matched by
// seq); a Ping is counted either as received or as timed out, never both.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "runtime/component.h"
#include "runtime/console.h"
#include "runtime/network.h"
#include "runtime/stack_registry.h"
#include "runtime/timer.h"

namespace catslab::protocols {

struct Ping : runtime::EventOf<Ping, runtime::Message> {
  Ping(runtime::Address src, runtime::Address dst, std::uint64_t s, std::int64_t sentNs)
      : Base(std::move(src), std::move(dst)), seq(s), sentAtNs(sentNs) {}
  std::string describe() const override { return "Ping #" + std::to_string(seq); }
  std::uint64_t seq;
  std::int64_t sentAtNs;  // sender's clock, echoed in the Pong
};

struct Pong : runtime::EventOf<Pong, runtime::Message> {
  Pong(runtime::Address src, runtime::Address dst, std::uint64_t s, std::int64_t sentNs)
      : Base(std::move(src), std::move(dst)), seq(s), sentAtNs(sentNs) {}
  std::string describe() const override { return "Pong #" + std::to_string(seq); }
  std::uint64_t seq;
  std::int64_t sentAtNs;
};

class PingApp : public runtime::ComponentDefinition {
 public:
  explicit PingApp(runtime::StackContext context);
  void inspect(runtime::StateWriter& out) const override;

 private:
  struct PingTimeout : runtime::EventOf<PingTimeout, runtime::Timeout> {
    PingTimeout(std::string p, std::uint64_t s) : peer(std::move(p)), seq(s) {}
    std::string peer;
    std::uint64_t seq;
  };
  struct Tick : runtime::EventOf<Tick, runtime::Timeout> {};
  struct PeerStats {
    std::uint64_t sent = 0;
    std::uint64_t received = 0;
    std::uint64_t timeouts = 0;
    double lastRttMs = -1;
    // lastRttMs as inspect() shows it, formatted once per reply: inspect()
    // runs after every handler when tracing, and formatting every peer's
    // rtt there was most of its cost.
    std::string rttText = "-";
  };
  struct Outstanding {
    std::string peer;
    runtime::TimeoutId timeout = 0;
  };

  void onStart() override;
  void onCommand(const runtime::ConsoleCommand& command);
  void onPing(const Ping& ping);
  void onPong(const Pong& pong);
  void onTimeout(const PingTimeout& timeout);
  void sendPing(const runtime::Address& peer, std::uint64_t commandId);
  void print(const std::string& text, bool error = false, std::uint64_t id = 0);
  const runtime::Address* findPeer(const std::string& id) const;

  runtime::StackContext context_;
  runtime::Duration timeout_;
  runtime::Duration interval_;
  std::uint64_t nextSeq_ = 0;
  std::uint64_t pongsSent_ = 0;
  std::map<std::string, PeerStats> peers_;
  std::map<std::uint64_t, Outstanding> outstanding_;  // by seq

  runtime::Negative<runtime::Console> console_ = provide<runtime::Console>();
  runtime::Positive<runtime::Network> net_ = require<runtime::Network>();
  runtime::Positive<runtime::Timer> timer_ = require<runtime::Timer>();
};

}  // namespace catslab::protocols
