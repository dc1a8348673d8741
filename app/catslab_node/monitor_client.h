// MonitorClient: streams this node's trace records to a launcher's monitor
// socket (catslab-node --monitor HOST:PORT) and takes console lines back.
//
// Outgoing: length-delimited trace.proto Records (varint length, then the
// record; the same bytes as a trace file). Every connection starts with the
// node's Header and NodeUp records, so a monitor that comes back (or a new
// one on the same address) knows who is talking. Rate limit: a token bucket
// of kRecordsPerSecond records per second with a burst of kBurstRecords;
// records above it are dropped (their seq numbers are then missing from the
// stream). Header, NodeUp, NodeDown and ComponentTree records are never
// rate-limited. At most kMaxBufferedBytes wait for the socket, connected or
// not; beyond that records are dropped the same way. Once a second, while
// connected, a LogLine "monitor: N records dropped" reports new drops.
//
// Incoming: newline-terminated console lines, run by the node as if typed
// on stdin (so a launcher can change links at run time).
//
// Reconnection: HOST is resolved (asynchronously, DNS names, IPv4 or IPv6)
// on every attempt. A monitor that cannot be reached or goes away costs one
// warning per outage; the client retries with exponential back-off
// (kReconnectMin doubling up to kReconnectMax) until stop(), and says how
// many records were dropped meanwhile when it is back. The node never waits
// for the monitor: push() only appends to the bounded buffer.
//
// TLS: given a context (the node's, tls_context.h), every connection is
// TLS in the client role: the node presents its certificate and accepts a
// monitor only if the monitor's certificate chains to the node's CA. A
// failed handshake is an outage like any other ("monitor TLS handshake
// failed: ...").
//
// Thread safety: push(), status() and droppedRecords() are thread-safe and
// never block on the network; the socket lives on the I/O thread. stop()
// before the I/O thread ends.
#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "runtime/net/tcp_connection.h"
#include "runtime/proto/trace.pb.h"

namespace catslab::node {

inline constexpr double kRecordsPerSecond = 2000;
inline constexpr double kBurstRecords = 4000;
inline constexpr std::size_t kMaxBufferedBytes = 8u << 20;
inline constexpr std::chrono::milliseconds kReconnectMin{100};
inline constexpr std::chrono::milliseconds kReconnectMax{2000};

class MonitorClient : public std::enable_shared_from_this<MonitorClient> {
 public:
  using LineHandler = std::function<void(const std::string&)>;
  // warning: true for an outage, false for "connected again".
  using Log = std::function<void(bool warning, const std::string&)>;
  using Periodic = std::function<void()>;

  // `tls` null: plain TCP.
  MonitorClient(boost::asio::io_context& io, std::string host, std::uint16_t port,
                LineHandler onLine, Log log,
                std::shared_ptr<boost::asio::ssl::context> tls = nullptr,
                std::chrono::milliseconds tlsHandshakeTimeout = std::chrono::milliseconds(5000));

  // Connects (asynchronously) and keeps reconnecting. `everySecond` runs on
  // the I/O thread once a second while connected (the node emits its
  // component tree from it).
  void start(Periodic everySecond);
  // Queues one record, or drops and counts it (rate limit, full buffer).
  void push(const trace::Record& record);
  // Flushes what is queued (bounded wait) and closes; no more reconnects.
  void stop();

  std::uint64_t droppedRecords() const;
  // One line for the node's `status`: address, state, drops.
  std::string status() const;

 private:
  bool admitLocked(const trace::Record& record);
  void connect();
  void startTls(std::uint64_t generation);
  void onConnected(std::uint64_t generation);
  void flush();
  void read();
  void tick();
  void fail(const std::string& why);

  boost::asio::io_context& io_;
  std::string host_;
  std::uint16_t port_;
  LineHandler onLine_;
  Log log_;
  Periodic everySecond_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::chrono::milliseconds tlsHandshakeTimeout_;

  // I/O thread only.
  boost::asio::ip::tcp::resolver resolver_;
  net::TcpConnection conn_;
  boost::asio::steady_timer ticker_;
  boost::asio::steady_timer retryTimer_;
  std::chrono::milliseconds backoff_ = kReconnectMin;
  std::uint64_t generation_ = 0;  // bumps per connection; stale callbacks compare it
  bool outageReported_ = false;
  bool everConnected_ = false;
  std::uint64_t attempts_ = 0;         // failed attempts in this outage
  std::uint64_t droppedAtOutage_ = 0;  // dropped_ when the outage began
  std::string readBuffer_;
  std::array<char, 4096> chunk_{};

  mutable std::mutex mutex_;  // guards everything below
  bool connected_ = false;
  bool stopped_ = false;
  bool flushPosted_ = false;
  bool writing_ = false;
  std::string preamble_;  // Header and NodeUp records, sent first on every connection
  std::string pending_;
  std::uint64_t pendingRecords_ = 0;
  std::uint64_t inFlightRecords_ = 0;
  std::string lastError_;
  double tokens_ = kBurstRecords;
  std::chrono::steady_clock::time_point lastRefill_ = std::chrono::steady_clock::now();
  std::uint64_t dropped_ = 0;
  std::uint64_t droppedReported_ = 0;
};

}  // namespace catslab::node
