// MonitorClient: streams this node's trace records to a launcher's monitor
// socket (catslab-node --monitor HOST:PORT) and takes console lines back.
//
// Outgoing: length-delimited trace.proto Records (varint length, then the
// record; the same bytes as a trace file). Rate limit: a token bucket of
// kRecordsPerSecond records per second with a burst of kBurstRecords;
// records above it are dropped (their seq numbers are then missing from
// the stream) and once a second a LogLine "monitor: N records dropped by
// the rate limit" reports how many. Header, NodeUp, NodeDown and
// ComponentTree records are never rate-limited. At most kMaxBufferedBytes
// wait for the socket; beyond that records are dropped the same way.
//
// Incoming: newline-terminated console lines, run by the node as if typed
// on stdin (so a launcher can change links at run time).
//
// A monitor that cannot be reached or goes away costs one log line; the
// node runs on without it and never retries.
//
// Thread safety: push() is thread-safe and never blocks on the network; the
// socket lives on the I/O thread. stop() before the I/O thread ends.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "runtime/proto/trace.pb.h"

namespace catslab::node {

inline constexpr double kRecordsPerSecond = 2000;
inline constexpr double kBurstRecords = 4000;
inline constexpr std::size_t kMaxBufferedBytes = 8u << 20;

class MonitorClient : public std::enable_shared_from_this<MonitorClient> {
 public:
  using LineHandler = std::function<void(const std::string&)>;
  using Warn = std::function<void(const std::string&)>;
  using Periodic = std::function<void()>;

  MonitorClient(boost::asio::io_context& io, std::string host, std::uint16_t port,
                LineHandler onLine, Warn warn);

  // Connects (asynchronously). `everySecond` runs on the I/O thread once a
  // second while connected (the node emits its component tree from it).
  void start(Periodic everySecond);
  // Queues one record, or drops it (rate limit, backlog, no monitor).
  void push(const trace::Record& record);
  // Flushes what is queued (bounded wait) and closes.
  void stop();

  std::uint64_t droppedRecords() const;

 private:
  bool admitLocked(const trace::Record& record);
  void flush();
  void read();
  void tick();
  void fail(const std::string& why);

  boost::asio::io_context& io_;
  std::string host_;
  std::uint16_t port_;
  LineHandler onLine_;
  Warn warn_;
  Periodic everySecond_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer ticker_;
  std::string readBuffer_;
  std::array<char, 4096> chunk_{};

  mutable std::mutex mutex_;  // guards everything below
  bool connected_ = false;
  bool dead_ = false;  // failed or stopped: drop everything
  bool flushPosted_ = false;
  bool writing_ = false;
  std::string pending_;
  std::string inFlight_;
  double tokens_ = kBurstRecords;
  std::chrono::steady_clock::time_point lastRefill_ = std::chrono::steady_clock::now();
  std::uint64_t dropped_ = 0;
  std::uint64_t droppedReported_ = 0;
};

}  // namespace catslab::node
