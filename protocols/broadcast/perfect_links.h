// Perfect point-to-point links out of fair-loss links ("retransmit forever,
// eliminate duplicates": Cachin, Guerraoui, Rodrigues, Algorithms 2.1 and
// 2.2, stubborn links + perfect links), as a transparent Network layer.
//
// PerfectLinks provides Network and requires Network, so it slides under any
// stack without changing the layers above: every Message triggered on its
// provided port is wrapped in a PlData envelope with a per-destination
// sequence number and retransmitted (Timer port, exponential backoff) until
// the destination answers with a PlAck. The receiver acks every copy and
// delivers each (source incarnation, sequence number) at most once.
//
// Properties, for a sender and a destination that are both correct (never
// crash) and links that are fair-loss (a message sent infinitely often is
// delivered infinitely often; a partition that heals counts):
//  - reliable delivery: every message sent is eventually delivered;
//  - no duplication: no message is delivered more than once;
//  - no creation: only messages that were sent are delivered.
// No duplication and no creation hold whatever happens (crashes, restarts,
// full queues), short of two lives of a node drawing the same 64-bit
// incarnation or a copy surviving in the network across more than 8 restarts
// of its sender; reliable delivery needs the bounds below to hold.
//
// Bounded memory and flow control. Per destination, at most `maxUnacked`
// sequence numbers are outstanding (from the oldest unacked message to the
// newest sent); further messages wait in a backlog of at most `maxQueued`
// and get their number when the window moves. When the backlog is full (the
// destination crashed forever, or has been cut off for long), the OLDEST
// waiting message is abandoned: never sent, counted in "abandoned.<peer>".
// So a peer that never comes back costs at most maxUnacked + maxQueued
// messages of memory and `burst` retransmissions per backoff period (the
// backoff stops growing at maxRto); for such a peer nothing is promised
// anyway, and for a live one reliable delivery holds as long as the backlog
// never overflows. Per source, the receiver keeps a contiguous watermark
// (everything at or below it was delivered, or is known to be acked) plus
// the numbers delivered above it; each envelope carries the sender's lowest
// unacked number, so that set spans less than maxUnacked numbers. Against a
// sender with a larger window the receiver caps the span at 4 x maxUnacked
// by skipping the oldest numbers (they are then dropped, never redelivered).
//
// Restarts. Each PerfectLinks instance draws an incarnation number when it
// is created; envelopes and acks carry it. A receiver that sees a new
// incarnation of a source starts that source's window afresh (so the
// restarted peer's messages 1, 2, ... are not taken for duplicates), and
// remembers a few retired incarnations whose late copies it then drops (an
// old incarnation has crashed: nothing is owed to it). Acks name the
// incarnation they answer, so an ack for a previous life is ignored. The
// incarnation is drawn from random(): the runtime gives a component
// recreated at the same path a fresh stream, and catslab-node seeds from the
// OS, so two lives differ (unless a user starts both with the same --seed).
//
// Not FIFO (the book's perfect links are not either). Messages the layer
// did not wrap (a peer without the layer) pass up unchanged; NetworkStatus
// indications pass up too. The inner message crosses a real wire through its
// own codec (runtime/serializer.h), inside the envelope's codec
// ("pl.Data"), so every message sent through the layer needs a codec.
//
// Owned by its parent; single-threaded like every component.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "runtime/component.h"
#include "runtime/network.h"
#include "runtime/timer.h"

namespace catslab::protocols {

// The envelope: `inner` is the message of the layer above, whose source and
// destination are the envelope's. `floor` is the sender's lowest unacked
// sequence number towards this destination: everything below it was acked,
// so the receiver may forget it (and a restarted receiver starts there).
struct PlData : runtime::EventOf<PlData, runtime::Message> {
  PlData(runtime::Address src, runtime::Address dst, std::uint64_t inc, std::uint64_t s,
         std::uint64_t f, std::shared_ptr<const runtime::Message> m)
      : Base(std::move(src), std::move(dst)),
        incarnation(inc),
        seq(s),
        floor(f),
        inner(std::move(m)) {}
  std::string describe() const override {
    return "PlData #" + std::to_string(seq) + " " + inner->describe();
  }
  std::uint64_t incarnation;
  std::uint64_t seq;
  std::uint64_t floor;
  std::shared_ptr<const runtime::Message> inner;
};

// "I have (incarnation, seq)": sent for every copy of PlData received.
struct PlAck : runtime::EventOf<PlAck, runtime::Message> {
  PlAck(runtime::Address src, runtime::Address dst, std::uint64_t inc, std::uint64_t s)
      : Base(std::move(src), std::move(dst)), incarnation(inc), seq(s) {}
  std::string describe() const override { return "PlAck #" + std::to_string(seq); }
  std::uint64_t incarnation;  // the sender's incarnation being acknowledged
  std::uint64_t seq;
};

struct PerfectLinksOptions {
  std::chrono::milliseconds rto{100};      // first retransmission delay
  std::chrono::milliseconds maxRto{2000};  // backoff cap
  std::uint64_t maxUnacked = 256;          // window: span of outstanding numbers per destination
  std::uint64_t maxQueued = 4096;          // backlog behind a full window, per destination
  std::uint64_t burst = 64;                // oldest messages resent per backoff period
};

// Stack parameters: "links" = "fair" (default: no layer) or "perfect";
// "linkRtoMs", "linkMaxRtoMs", "linkMaxUnacked", "linkMaxQueued". Malformed values throw
// std::invalid_argument naming the parameter (a configuration error).
bool wantsPerfectLinks(const std::map<std::string, std::string>& params);
PerfectLinksOptions perfectLinksOptions(const std::map<std::string, std::string>& params);
// One help line describing those parameters, for the stacks' help.
std::string perfectLinksHelp();

class PerfectLinks : public runtime::ComponentDefinition {
 public:
  explicit PerfectLinks(runtime::Address self, PerfectLinksOptions options = {});
  void inspect(runtime::StateWriter& out) const override;

  std::uint64_t incarnation() const { return incarnation_; }
  // Unacked plus waiting messages towards `peer` (white-box tests).
  std::size_t unacked(const std::string& peer) const;

 private:
  struct Retransmit : runtime::EventOf<Retransmit, runtime::Timeout> {
    explicit Retransmit(std::string p) : peer(std::move(p)) {}
    std::string peer;
  };
  struct Pending {
    std::shared_ptr<const runtime::Message> message;
    runtime::Duration lastSent{0};
  };
  struct Outgoing {
    runtime::Address peer;
    std::uint64_t nextSeq = 1;
    std::map<std::uint64_t, Pending> unacked;
    std::deque<std::shared_ptr<const runtime::Message>> backlog;  // waiting for the window
    std::chrono::milliseconds rto{0};
    bool armed = false;
    bool progress = false;  // an ack arrived since the last retransmission
    std::uint64_t retransmissions = 0;
    std::uint64_t abandoned = 0;
  };
  struct Incoming {
    std::uint64_t incarnation = 0;
    std::uint64_t watermark = 0;  // all numbers <= watermark are done
    std::set<std::uint64_t> ahead;
    std::deque<std::uint64_t> retired;  // previous incarnations, newest last
    std::uint64_t delivered = 0;
    std::uint64_t duplicates = 0;
  };

  void onSend(const runtime::Message& m);
  void onIncoming(const runtime::Message& m);
  void onData(const PlData& d);
  void onAck(const PlAck& a);
  void onRetransmit(const Retransmit& t);
  void admit(Outgoing& out);
  void transmit(Outgoing& out, std::uint64_t seq);
  void arm(Outgoing& out);
  static void advance(Incoming& in, std::uint64_t watermark);

  runtime::Negative<runtime::Network> up_ = provide<runtime::Network>();
  runtime::Positive<runtime::Network> down_ = require<runtime::Network>();
  runtime::Positive<runtime::Timer> timer_ = require<runtime::Timer>();

  runtime::Address self_;
  PerfectLinksOptions options_;
  std::uint64_t incarnation_ = 0;
  std::map<std::string, Outgoing> out_;  // by destination id
  std::map<std::string, Incoming> in_;   // by source id
  std::uint64_t staleDropped_ = 0;       // copies from retired incarnations
  std::uint64_t sent_ = 0;
};

}  // namespace catslab::protocols
