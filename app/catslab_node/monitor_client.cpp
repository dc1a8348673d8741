#include "app/catslab_node/monitor_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <future>

#include "runtime/sim/trace_file.h"

namespace catslab::node {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
// Header and NodeUp are a few hundred bytes; this only guards against a
// caller that pushes them in a loop.
constexpr std::size_t kMaxPreambleBytes = 64 * 1024;
}  // namespace

MonitorClient::MonitorClient(asio::io_context& io, std::string host, std::uint16_t port,
                             LineHandler onLine, Log log, std::shared_ptr<asio::ssl::context> tls,
                             std::chrono::milliseconds tlsHandshakeTimeout)
    : io_(io),
      host_(std::move(host)),
      port_(port),
      onLine_(std::move(onLine)),
      log_(std::move(log)),
      tls_(std::move(tls)),
      tlsHandshakeTimeout_(tlsHandshakeTimeout),
      resolver_(io),
      conn_(io),
      ticker_(io),
      retryTimer_(io) {}

void MonitorClient::start(Periodic everySecond) {
  everySecond_ = std::move(everySecond);
  asio::post(io_, [self = shared_from_this()] {
    self->connect();
    self->tick();
  });
}

void MonitorClient::connect() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
  }
  const std::uint64_t gen = ++generation_;
  // Resolved on every attempt: a monitor that moved to another address
  // under the same name is found again.
  resolver_.async_resolve(
      host_, std::to_string(port_),
      [self = shared_from_this(), gen](const boost::system::error_code& error,
                                       const tcp::resolver::results_type& results) {
        if (gen != self->generation_) return;
        if (error) {
          self->fail("cannot resolve monitor host '" + self->host_ + "': " + error.message());
          return;
        }
        self->conn_.reset(self->io_);
        asio::async_connect(
            self->conn_.socket(), results,
            [self, gen](const boost::system::error_code& error, const tcp::endpoint&) {
              if (gen != self->generation_) return;
              if (error) {
                self->fail("cannot reach monitor " + self->host_ + ":" +
                           std::to_string(self->port_) + ": " + error.message());
                return;
              }
              self->startTls(gen);
            });
      });
}

void MonitorClient::startTls(std::uint64_t gen) {
  if (!tls_) return onConnected(gen);
  conn_.handshake(*tls_, asio::ssl::stream_base::client, tlsHandshakeTimeout_,
                  [self = shared_from_this(), gen](const boost::system::error_code& error) {
                    if (gen != self->generation_) return;
                    if (error) {
                      self->fail("monitor " + self->host_ + ":" + std::to_string(self->port_) +
                                 ": TLS handshake failed: " + self->conn_.tlsFailure(error));
                      return;
                    }
                    self->onConnected(gen);
                  });
}

void MonitorClient::onConnected(std::uint64_t gen) {
  boost::system::error_code ignored;
  conn_.socket().set_option(tcp::no_delay(true), ignored);
  std::uint64_t droppedNow = 0;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    connected_ = true;
    lastError_.clear();
    // Whoever listens now has not seen who we are.
    pending_.insert(0, preamble_);
    droppedNow = dropped_;
  }
  if (outageReported_) {
    log_(false, "monitor " + host_ + ":" + std::to_string(port_) + " connected after " +
                    std::to_string(attempts_) +
                    (attempts_ == 1 ? " failed attempt; " : " failed attempts; ") +
                    std::to_string(droppedNow - droppedAtOutage_) +
                    " records dropped while it was away");
  }
  outageReported_ = false;
  attempts_ = 0;
  backoff_ = kReconnectMin;
  readBuffer_.clear();
  flush();
  if (gen == generation_) read();
}

bool MonitorClient::admitLocked(const trace::Record& record) {
  switch (record.body_case()) {
    case trace::Record::kHeader:
    case trace::Record::kNodeUp:
    case trace::Record::kNodeDown:
    case trace::Record::kTree:
      return pending_.size() < 2 * kMaxBufferedBytes;
    default:
      break;
  }
  const auto now = std::chrono::steady_clock::now();
  tokens_ = std::min(
      kBurstRecords,
      tokens_ + kRecordsPerSecond * std::chrono::duration<double>(now - lastRefill_).count());
  lastRefill_ = now;
  if (tokens_ < 1 || pending_.size() >= kMaxBufferedBytes) return false;
  tokens_ -= 1;
  return true;
}

void MonitorClient::push(const trace::Record& record) {
  bool post = false;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    const bool preamble = record.has_header() || record.has_node_up();
    if (preamble && preamble_.size() < kMaxPreambleBytes) {
      sim::appendRecord(preamble_, record);
      // Not yet connected: the connection will start with the preamble.
      if (!connected_) return;
    }
    if (!admitLocked(record)) {
      ++dropped_;
      return;
    }
    sim::appendRecord(pending_, record);
    ++pendingRecords_;
    if (connected_ && !flushPosted_ && !writing_) {
      flushPosted_ = true;
      post = true;
    }
  }
  if (post) asio::post(io_, [self = shared_from_this()] { self->flush(); });
}

void MonitorClient::flush() {
  auto bytes = std::make_shared<std::string>();
  {
    std::lock_guard lock(mutex_);
    flushPosted_ = false;
    if (stopped_ || !connected_ || writing_ || pending_.empty()) return;
    bytes->swap(pending_);
    inFlightRecords_ = pendingRecords_;
    pendingRecords_ = 0;
    writing_ = true;
  }
  conn_.asyncWrite(asio::buffer(*bytes), [self = shared_from_this(), bytes, gen = generation_](
                                             const boost::system::error_code& error, std::size_t) {
    // A stale write was accounted for by the fail() that ended it.
    if (gen != self->generation_) return;
    {
      std::lock_guard lock(self->mutex_);
      self->writing_ = false;
      self->inFlightRecords_ = 0;
    }
    if (error) {
      self->fail("monitor connection lost: " + error.message());
      return;
    }
    self->flush();
  });
}

void MonitorClient::read() {
  conn_.asyncReadSome(
      asio::buffer(chunk_), [self = shared_from_this(), gen = generation_](
                                const boost::system::error_code& error, std::size_t n) {
        if (gen != self->generation_) return;
        if (error) {
          // Under TLS 1.3 a monitor that refuses our certificate says so
          // on the first read, after our side of the handshake.
          if (error.category() == asio::error::get_ssl_category()) {
            self->fail("monitor " + self->host_ + ":" + std::to_string(self->port_) +
                       ": TLS handshake failed: refused by the monitor (" + error.message() + ")");
          } else {
            self->fail(error == asio::error::eof ? "monitor closed the connection"
                                                 : "monitor connection lost: " + error.message());
          }
          return;
        }
        self->readBuffer_.append(self->chunk_.data(), n);
        std::size_t start = 0;
        for (std::size_t nl; (nl = self->readBuffer_.find('\n', start)) != std::string::npos;
             start = nl + 1) {
          std::string line = self->readBuffer_.substr(start, nl - start);
          if (!line.empty() && line.back() == '\r') line.pop_back();
          if (!line.empty()) self->onLine_(line);
        }
        self->readBuffer_.erase(0, start);
        if (self->readBuffer_.size() > 64 * 1024) {
          self->fail("monitor sent a line longer than 64 KiB");
          return;
        }
        self->read();
      });
}

void MonitorClient::tick() {
  ticker_.expires_after(std::chrono::seconds(1));
  ticker_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
    if (error) return;
    std::uint64_t newlyDropped = 0;
    {
      std::lock_guard lock(self->mutex_);
      if (self->stopped_) return;
      if (!self->connected_) {
        self->tick();
        return;
      }
      newlyDropped = self->dropped_ - self->droppedReported_;
      self->droppedReported_ = self->dropped_;
    }
    if (newlyDropped > 0) {
      trace::Record r;
      r.mutable_log()->set_level("warning");
      r.mutable_log()->set_text("monitor: " + std::to_string(newlyDropped) +
                                " records dropped (rate limit, or buffer full while the "
                                "monitor was away)");
      {
        std::lock_guard lock(self->mutex_);
        sim::appendRecord(self->pending_, r);
        ++self->pendingRecords_;
      }
      self->flush();
    }
    if (self->everySecond_) self->everySecond_();
    self->tick();
  });
}

void MonitorClient::fail(const std::string& why) {
  ++generation_;  // every callback of this connection is now stale
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    connected_ = false;
    writing_ = false;
    // What was handed to the socket may or may not have arrived: count it lost.
    dropped_ += inFlightRecords_;
    inFlightRecords_ = 0;
    lastError_ = why;
    if (!outageReported_) droppedAtOutage_ = dropped_;
  }
  conn_.close();
  ++attempts_;
  if (!outageReported_) {
    outageReported_ = true;
    // Outside the lock: the log line comes back to push() through the recorder.
    log_(true, why + "; the node runs on and reconnects with back-off (up to " +
                   std::to_string(kReconnectMax.count()) + " ms)");
  }
  retryTimer_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, kReconnectMax);
  retryTimer_.async_wait(
      [self = shared_from_this(), gen = generation_](const boost::system::error_code& error) {
        if (error || gen != self->generation_) return;
        self->connect();
      });
}

void MonitorClient::stop() {
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  asio::post(io_, [self = shared_from_this(), done] {
    // Best effort: hand what is pending to the socket synchronously, then close.
    std::string rest;
    {
      std::lock_guard lock(self->mutex_);
      if (!self->stopped_ && self->connected_ && !self->writing_) rest.swap(self->pending_);
      self->stopped_ = true;
      self->connected_ = false;
    }
    ++self->generation_;
    boost::system::error_code ignored;
    self->resolver_.cancel();
    self->retryTimer_.cancel();
    self->ticker_.cancel();
    if (self->conn_.socket().is_open()) {
      // Never block on a monitor that stopped reading: what does not fit in
      // the socket buffer now is lost.
      self->conn_.socket().non_blocking(true, ignored);
      if (!rest.empty()) self->conn_.writeNow(asio::buffer(rest), ignored);
    }
    self->conn_.close();
    done->set_value();
  });
  future.wait_for(std::chrono::seconds(2));
}

std::uint64_t MonitorClient::droppedRecords() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

std::string MonitorClient::status() const {
  std::lock_guard lock(mutex_);
  std::string out = "monitor " + host_ + ":" + std::to_string(port_) + " ";
  if (stopped_) {
    out += "stopped";
  } else if (connected_) {
    out += tls_ ? "connected (TLS)" : "connected";
  } else {
    out += "away, reconnecting" + (lastError_.empty() ? "" : " (" + lastError_ + ")");
  }
  return out + "; " + std::to_string(dropped_) + " records dropped, " +
         std::to_string(pending_.size()) + " bytes waiting";
}

}  // namespace catslab::node
