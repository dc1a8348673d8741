#include "app/catslab_node/monitor_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <future>

#include "runtime/sim/trace_file.h"

namespace catslab::node {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

MonitorClient::MonitorClient(asio::io_context& io, std::string host, std::uint16_t port,
                             LineHandler onLine, Warn warn)
    : io_(io),
      host_(std::move(host)),
      port_(port),
      onLine_(std::move(onLine)),
      warn_(std::move(warn)),
      socket_(io),
      ticker_(io) {}

void MonitorClient::start(Periodic everySecond) {
  everySecond_ = std::move(everySecond);
  asio::post(io_, [self = shared_from_this()] {
    boost::system::error_code ec;
    const auto ip =
        asio::ip::make_address(self->host_ == "localhost" ? "127.0.0.1" : self->host_, ec);
    if (ec) {
      self->fail("monitor host '" + self->host_ + "' is not an IP address");
      return;
    }
    self->socket_.async_connect(
        tcp::endpoint(ip, self->port_), [self](const boost::system::error_code& error) {
          if (error) {
            self->fail("cannot reach monitor " + self->host_ + ":" + std::to_string(self->port_) +
                       ": " + error.message());
            return;
          }
          boost::system::error_code ignored;
          self->socket_.set_option(tcp::no_delay(true), ignored);
          {
            std::lock_guard lock(self->mutex_);
            if (self->dead_) return;
            self->connected_ = true;
          }
          self->flush();
          self->read();
          self->tick();
        });
  });
}

bool MonitorClient::admitLocked(const trace::Record& record) {
  if (dead_) return false;
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
    if (!admitLocked(record)) {
      if (!dead_) ++dropped_;
      return;
    }
    sim::appendRecord(pending_, record);
    if (connected_ && !flushPosted_ && !writing_) {
      flushPosted_ = true;
      post = true;
    }
  }
  if (post) asio::post(io_, [self = shared_from_this()] { self->flush(); });
}

void MonitorClient::flush() {
  {
    std::lock_guard lock(mutex_);
    flushPosted_ = false;
    if (dead_ || !connected_ || writing_ || pending_.empty()) return;
    inFlight_.swap(pending_);
    pending_.clear();
    writing_ = true;
  }
  asio::async_write(
      socket_, asio::buffer(inFlight_),
      [self = shared_from_this()](const boost::system::error_code& error, std::size_t) {
        {
          std::lock_guard lock(self->mutex_);
          self->writing_ = false;
          self->inFlight_.clear();
        }
        if (error) {
          self->fail("monitor connection lost: " + error.message());
          return;
        }
        self->flush();
      });
}

void MonitorClient::read() {
  socket_.async_read_some(
      asio::buffer(chunk_),
      [self = shared_from_this()](const boost::system::error_code& error, std::size_t n) {
        if (error) {
          self->fail(error == asio::error::eof ? "monitor closed the connection"
                                               : "monitor connection lost: " + error.message());
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
      if (self->dead_) return;
      newlyDropped = self->dropped_ - self->droppedReported_;
      self->droppedReported_ = self->dropped_;
    }
    if (newlyDropped > 0) {
      trace::Record r;
      r.mutable_log()->set_level("warning");
      r.mutable_log()->set_text("monitor: " + std::to_string(newlyDropped) +
                                " records dropped by the rate limit");
      {
        std::lock_guard lock(self->mutex_);
        sim::appendRecord(self->pending_, r);
      }
      self->flush();
    }
    if (self->everySecond_) self->everySecond_();
    self->tick();
  });
}

void MonitorClient::fail(const std::string& why) {
  {
    std::lock_guard lock(mutex_);
    if (dead_) return;
    dead_ = true;
    connected_ = false;
    pending_.clear();
  }
  boost::system::error_code ignored;
  socket_.close(ignored);
  ticker_.cancel();
  warn_(why + "; the node continues without a monitor");
}

void MonitorClient::stop() {
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  asio::post(io_, [self = shared_from_this(), done] {
    // Best effort: hand what is pending to the socket synchronously, then close.
    std::string rest;
    {
      std::lock_guard lock(self->mutex_);
      if (!self->dead_ && self->connected_ && !self->writing_) rest.swap(self->pending_);
      self->dead_ = true;
      self->connected_ = false;
    }
    boost::system::error_code ignored;
    // Never block on a monitor that stopped reading: what does not fit in
    // the socket buffer now is lost.
    self->socket_.non_blocking(true, ignored);
    if (!rest.empty()) asio::write(self->socket_, asio::buffer(rest), ignored);
    self->socket_.close(ignored);
    self->ticker_.cancel();
    done->set_value();
  });
  future.wait_for(std::chrono::seconds(2));
}

std::uint64_t MonitorClient::droppedRecords() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace catslab::node
