// FailoverClient: RESP to one node of a cluster at a time, moving to another
// node when its node cannot be reached. The cats driver's connection (one
// per client thread; redis uses it with a single node).
//
// A command goes to the current node. When no connection can be made there
// (refused, unreachable, no answer to AUTH), the client tries the next node
// of the list at once (a failover); after a whole round in which no node took
// a connection it waits before the next round (back-off doubling from 50 ms
// to 1 s) until the command's timeout is spent, then fails the command. A
// node that is down thus costs one refused connection per failover, never a
// busy loop of connection errors. Such a command was never sent.
//
// A command that was sent and got no reply (the connection broke, or no reply
// within the timeout) is NOT resent: it may have taken effect, and the caller
// must record it as unknown. The connection is dropped and the next command
// starts on the next node, so a node that hangs (SIGSTOP) is left as well as
// one that died. Replies, even error replies, keep the client where it is.
//
// A client away from its first node (its home) goes back there once the
// home answers again (a fail-back), so that the threads of a run spread over
// the nodes again after a killed node restarts instead of piling up on the
// nodes they failed over to. Before a command, at most once per probe
// interval (1 s, doubling to 8 s while the home stays silent), it connects to
// the home and sends PING with a short timeout; only a PONG moves it back. A
// home that accepts connections but does not answer (SIGSTOPped: the kernel
// still accepts) thus costs one short probe, never a command.
//
// Counts what it did (counters()). Not thread-safe: one per client thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "resp_client.h"

namespace catslab::ycsb {

struct Endpoint {
  std::string host;
  int port = 0;
  std::string address() const { return hostPort(host, port); }
};

class FailoverClient {
 public:
  struct Counters {
    int64_t connectionErrors = 0;  // connections that could not be made (or authenticated)
    int64_t failovers = 0;         // moves to another node
    int64_t backOffs = 0;          // rounds in which no node took a connection
    int64_t noReply = 0;           // commands sent that got no reply (outcome unknown)
    int64_t failbacks = 0;         // moves back to the home node once it answered again
    std::map<std::string, int64_t> answeredBy;  // node address -> replies from it
  };
  // How the client waits between rounds; tests replace it.
  using Sleep = std::function<void(std::chrono::milliseconds)>;
  // The clock of the fail-back probes; tests replace it.
  using Now = std::function<std::chrono::steady_clock::time_point()>;

  // `nodes` must not be empty; the client starts on nodes[first % size].
  // `log` receives one line per failover or fail-back (no newline); `label`
  // starts it.
  FailoverClient(std::vector<Endpoint> nodes, size_t first, int timeoutMs, std::string password,
                 std::string label, std::function<void(const std::string&)> log);

  // Connects for the first time: one round through the nodes, no back-off.
  // The failure names every node tried and why.
  [[nodiscard]] runtime::Status connect();
  // Sends one command, failing over as above. A failure says why.
  runtime::Result<RespReply> call(const std::vector<std::string>& args);

  const Endpoint& current() const { return nodes_[current_]; }
  const Counters& counters() const { return counters_; }
  void setSleep(Sleep sleep) { sleep_ = std::move(sleep); }
  void setNow(Now now) { now_ = std::move(now); }

  static constexpr std::chrono::milliseconds kFirstBackOff{50};
  static constexpr std::chrono::milliseconds kMaxBackOff{1000};
  static constexpr std::chrono::milliseconds kFirstHomeProbe{1000};
  static constexpr std::chrono::milliseconds kMaxHomeProbe{8000};
  static constexpr int kHomeProbeTimeoutMs = 200;

 private:
  // Connects to the current node (and authenticates); the reason on failure.
  runtime::Status connectCurrent();
  // Connects to and authenticates at `node` with `timeoutMs` per reply.
  runtime::Result<std::unique_ptr<RespClient>> open(const Endpoint& node, int timeoutMs) const;
  // Away from home and a probe is due: goes home if the home answers PING.
  void maybeGoHome();
  void moveOn(const std::string& why);
  // Rounds through the nodes until one takes a connection or `budget` is spent.
  runtime::Status connectSomewhere(std::chrono::milliseconds budget, bool backOff);

  std::vector<Endpoint> nodes_;
  size_t home_;
  size_t current_;
  int timeoutMs_;
  std::string password_;
  std::string label_;
  std::function<void(const std::string&)> log_;
  std::unique_ptr<RespClient> client_;  // connected to nodes_[current_], or null
  Sleep sleep_;
  Now now_;
  std::chrono::steady_clock::time_point nextHomeProbe_{};
  std::chrono::milliseconds homeProbeWait_ = kFirstHomeProbe;
  Counters counters_;
};

}  // namespace catslab::ycsb
