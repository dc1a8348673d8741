// ABD: the (N,N) atomic register of Attiya, Bar-Noy and Dolev, in the form of
// Cachin et al.'s "Read-Impose Write-Consult-Majority" (Algorithm 4.10/4.11),
// implementing AtomicRegister over BestEffortBroadcast and Network.
//
// Every process is a replica holding (timestamp, writer rank, value).
//   write(v): query a majority for their (ts, wr); impose (maxts + 1, self, v)
//     on a majority;
//   read(): query a majority for (ts, wr, value); impose the highest on a
//     majority (the write-back), then return its value.
// Any two majorities intersect, so a read sees every completed write, and the
// write-back makes later reads see at least what an earlier read returned:
// atomicity. With a correct majority every operation completes; queries and
// impositions are retransmitted, so message loss only delays them. Replica
// state is volatile: a crashed process must not come back (crash-stop).
//
// AbdOptions can break the algorithm on purpose (tests prove that the
// linearizability check catches it). Owned by its parent; single-threaded.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "protocols/abd/register_port.h"
#include "protocols/broadcast/broadcast_ports.h"
#include "runtime/component.h"
#include "runtime/timer.h"

namespace catslab::protocols {

struct AbdOptions {
  runtime::Duration retransmit = std::chrono::milliseconds(150);
  bool brokenReadWithoutWriteBack = false;  // reads return before imposing
  bool brokenWriteWithoutQuery = false;     // writers trust their local timestamp
};

// Payloads (broadcast to every replica).
struct AbdQuery : runtime::EventOf<AbdQuery, Payload> {
  explicit AbdQuery(std::uint64_t r) : rid(r) {}
  std::uint64_t rid;
};
struct AbdImpose : runtime::EventOf<AbdImpose, Payload> {
  AbdImpose(std::uint64_t r, std::uint64_t t, int w, std::string v)
      : rid(r), ts(t), wr(w), value(std::move(v)) {}
  std::uint64_t rid;
  std::uint64_t ts;
  int wr;
  std::string value;
};

// Replies (point to point).
struct AbdQueryReply : runtime::EventOf<AbdQueryReply, runtime::Message> {
  AbdQueryReply(runtime::Address s, runtime::Address d, std::uint64_t r, std::uint64_t t, int w,
                std::string v)
      : Base(std::move(s), std::move(d)), rid(r), ts(t), wr(w), value(std::move(v)) {}
  std::uint64_t rid;
  std::uint64_t ts;
  int wr;
  std::string value;
};
struct AbdImposeAck : runtime::EventOf<AbdImposeAck, runtime::Message> {
  AbdImposeAck(runtime::Address s, runtime::Address d, std::uint64_t r)
      : Base(std::move(s), std::move(d)), rid(r) {}
  std::uint64_t rid;
};

class Abd : public runtime::ComponentDefinition {
 public:
  Abd(runtime::Address self, std::vector<runtime::Address> all, AbdOptions options = {});
  void inspect(runtime::StateWriter& out) const override;

 private:
  enum class Phase { Idle, Query, Impose };
  struct Operation {
    bool isWrite = false;
    std::uint64_t id = 0;
    std::string value;  // to write
  };
  struct Retransmit : runtime::EventOf<Retransmit, runtime::Timeout> {};

  void onStart() override;
  void onRead(const ReadRequest& r);
  void onWrite(const WriteRequest& w);
  void onBebDeliver(const BebDeliver& d);
  void onQuery(const runtime::Address& from, const AbdQuery& q);
  void onImpose(const runtime::Address& from, const AbdImpose& m);
  void onQueryReply(const AbdQueryReply& r);
  void onImposeAck(const AbdImposeAck& a);
  void onRetransmit(const Retransmit&);

  void startNext();
  void impose(std::uint64_t ts, int wr, const std::string& value);
  void complete();
  std::size_t quorum() const { return all_.size() / 2 + 1; }

  runtime::Negative<AtomicRegister> register_ = provide<AtomicRegister>();
  runtime::Positive<BestEffortBroadcast> beb_ = require<BestEffortBroadcast>();
  runtime::Positive<runtime::Network> network_ = require<runtime::Network>();
  runtime::Positive<runtime::Timer> timer_ = require<runtime::Timer>();

  runtime::Address self_;
  std::vector<runtime::Address> all_;
  int rank_;
  AbdOptions options_;
  // replica
  std::uint64_t ts_ = 0;
  int wr_ = -1;
  std::string value_;
  // client
  std::deque<Operation> queue_;
  std::optional<Operation> current_;
  Phase phase_ = Phase::Idle;
  std::uint64_t rid_ = 0;
  std::map<std::string, AbdQueryReply> replies_;  // by replica id
  std::map<std::string, bool> acks_;
  std::shared_ptr<const Payload> lastSent_;  // retransmitted until answered
  std::int64_t lastSentNs_ = 0;
  std::string readValue_;
  std::uint64_t completed_ = 0;
};

}  // namespace catslab::protocols
