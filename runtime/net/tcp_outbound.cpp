// The I/O-thread side of TcpNetwork's outgoing connections (tcp_shared.h).
#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>

#include "runtime/net/tcp_shared.h"

namespace catslab::net {

namespace {
// Why a connection we opened ended, from the error of its read. Under TLS
// 1.3 the client's side of the handshake is done before the server has
// checked the client's certificate, so a peer that refuses us says so with
// an alert on the first read: that is a refused handshake, not a lost
// connection.
std::string closeReason(const boost::system::error_code& error) {
  if (error == asio::error::eof) return "connection closed by peer";
  if (error.category() == asio::error::get_ssl_category()) {
    return "TLS handshake failed: refused by the peer (" + error.message() + ")";
  }
  return "connection lost: " + error.message();
}

// Frames handed to one gather write: enough to amortise the system call
// without holding the writer for long.
constexpr std::size_t kMaxFramesPerWrite = 512;
constexpr std::size_t kMaxBytesPerWrite = 1u << 20;
// Frames up to this size are copied into one buffer for the write; a copy
// of a few hundred bytes costs less than a buffer of its own (Asio sends 64
// buffers per system call).
constexpr std::size_t kCoalesceBytes = 512;
// A write buffer grown past this by a burst is freed once written, so an
// idle destination does not keep up to kMaxBytesPerWrite.
constexpr std::size_t kKeepCoalescedBytes = 64 * 1024;
}  // namespace

Outbound::Outbound(TcpNetwork::Shared& s, Address a)
    : shared(s),
      address(std::move(a)),
      conn(s.io),
      resolver(s.io),
      retryTimer(s.io),
      delayTimer(s.io),
      backoff(s.config.reconnectMin) {}

void Outbound::enqueue(OutFrame frame, runtime::Duration delay) {
  if (queued() >= shared.config.maxQueuedMessages) {
    shared.dropped(frame, "send queue full");
    return;
  }
  if (delay.count() <= 0 && delayed.empty()) {
    dispatch(std::move(frame));
    return;
  }
  // The delay line keeps FIFO order: a message never overtakes an earlier
  // one to the same destination, as on a real TCP link.
  const SteadyTime now = std::chrono::steady_clock::now();
  SteadyTime due = now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(delay);
  if (due < lastDue) due = lastDue;
  lastDue = due;
  delayed.emplace_hint(delayed.end(), due, std::move(frame));
  armDelayTimer();
}

void Outbound::armDelayTimer() {
  if (delayed.empty()) return;
  const SteadyTime first = delayed.begin()->first;
  if (first == delayArmedFor) return;
  delayArmedFor = first;
  delayTimer.expires_at(first);
  delayTimer.async_wait([self = shared_from_this(),
                         keep = shared.shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->shared.closed) return;
    self->delayArmedFor = SteadyTime::max();
    self->releaseDue();
  });
}

void Outbound::releaseDue() {
  const SteadyTime now = std::chrono::steady_clock::now();
  while (!delayed.empty() && delayed.begin()->first <= now) {
    OutFrame frame = std::move(delayed.begin()->second);
    delayed.erase(delayed.begin());
    dispatch(std::move(frame));
  }
  armDelayTimer();
}

void Outbound::dispatch(OutFrame frame) {
  switch (state) {
    case State::Down:
      shared.dropped(frame, "peer down");
      return;
    case State::Idle:
      queue.push_back(std::move(frame));
      connect();
      return;
    case State::Connecting:
      queue.push_back(std::move(frame));
      return;
    case State::Connected:
      queue.push_back(std::move(frame));
      if (writing.empty()) shared.writeSoon(*this);
      return;
  }
}

void Outbound::connect() {
  // A peer being retried after a failure stays "down" with its reason until
  // a connection succeeds: `status` says why it is not up whenever it is
  // asked, not only between attempts. Only a first attempt is "connecting".
  if (state != State::Down) shared.setPeerInfo(address, "connecting", {});
  state = State::Connecting;
  ++generation;
  if (address.port == 0) {
    fail("destination has no port");
    return;
  }
  const std::string host = address.host.empty() ? "127.0.0.1" : address.host;
  // Resolved on every attempt, so a node that came back under the same name
  // at another address is found; an IP literal resolves without a lookup.
  resolver.async_resolve(
      host, std::to_string(address.port),
      [self = shared_from_this(), keep = shared.shared_from_this(), gen = generation](
          const boost::system::error_code& error, const tcp::resolver::results_type& results) {
        if (self->shared.closed || gen != self->generation) return;
        if (error) {
          self->fail("cannot resolve host '" + self->address.host + "': " + error.message());
          return;
        }
        self->connectTo(results);
      });
}

void Outbound::connectTo(const tcp::resolver::results_type& endpoints) {
  conn.reset(shared.io);
  asio::async_connect(
      conn.socket(), endpoints,
      [self = shared_from_this(), keep = shared.shared_from_this(), gen = generation](
          const boost::system::error_code& error, const tcp::endpoint&) {
        if (self->shared.closed || gen != self->generation) return;
        if (error) {
          self->fail("connect failed: " + error.message());
          return;
        }
        self->startTls();
      });
}

void Outbound::startTls() {
  if (!shared.tls) {
    onConnected();
    return;
  }
  boost::system::error_code ignored;
  conn.socket().set_option(tcp::no_delay(true), ignored);
  conn.handshake(*shared.tls, asio::ssl::stream_base::client, shared.config.tlsHandshakeTimeout,
                 [self = shared_from_this(), keep = shared.shared_from_this(),
                  gen = generation](const boost::system::error_code& error) {
                   if (self->shared.closed || gen != self->generation) return;
                   if (error) {
                     self->fail("TLS handshake failed: " + self->conn.tlsFailure(error));
                     return;
                   }
                   self->onConnected();
                 });
}

void Outbound::onConnected() {
  boost::system::error_code ignored;
  conn.socket().set_option(tcp::no_delay(true), ignored);
  state = State::Connected;
  backoff = shared.config.reconnectMin;
  reportedDown = false;
  everUp = true;
  queue.push_front(OutFrame{helloFrame(shared.self), nullptr, true});
  shared.peerUp(*this);
  readForClose();
  writeMore();
}

void Outbound::writeMore() {
  if (state != State::Connected || !writing.empty() || queue.empty()) return;
  std::size_t bytes = 0;
  while (!queue.empty() && writing.size() < kMaxFramesPerWrite && bytes < kMaxBytesPerWrite) {
    bytes += queue.front().bytes.size();
    writing.push_back(std::move(queue.front()));
    queue.pop_front();
  }
  // Small frames are copied back to back into `coalesced` (reserved first,
  // so the buffers pointing into it stay valid); a run of them is one buffer.
  std::size_t small = 0;
  for (const OutFrame& f : writing) small += f.bytes.size() <= kCoalesceBytes ? f.bytes.size() : 0;
  coalesced.clear();
  coalesced.reserve(small);
  buffers.clear();
  bool extend = false;  // the last buffer ends where coalesced ends
  for (const OutFrame& f : writing) {
    if (f.bytes.size() > kCoalesceBytes) {
      buffers.emplace_back(asio::buffer(f.bytes));
      extend = false;
      continue;
    }
    const char* at = coalesced.data() + coalesced.size();
    coalesced.append(f.bytes);
    if (extend) {
      buffers.back() =
          asio::const_buffer(buffers.back().data(), buffers.back().size() + f.bytes.size());
    } else {
      buffers.emplace_back(at, f.bytes.size());
      extend = true;
    }
  }
  conn.asyncWrite(buffers,
                  [self = shared_from_this(), keep = shared.shared_from_this(), gen = generation](
                      const boost::system::error_code& error, std::size_t n) {
                    if (self->shared.closed || gen != self->generation) return;
                    if (error) {
                      self->fail("write failed: " + error.message());
                      return;
                    }
                    std::uint64_t messages = 0;
                    for (const OutFrame& f : self->writing) messages += f.hello ? 0 : 1;
                    self->shared.bytesSent += n;
                    self->shared.sent += messages;
                    self->writing.clear();
                    if (self->coalesced.capacity() > kKeepCoalescedBytes) {
                      std::string().swap(self->coalesced);
                    }
                    self->writeMore();
                  });
}

void Outbound::readForClose() {
  // Nobody writes to us on this connection; a read completing means the
  // peer closed it or sent something it should not have.
  conn.asyncReadSome(asio::buffer(readBuffer),
                     [self = shared_from_this(), keep = shared.shared_from_this(),
                      gen = generation](const boost::system::error_code& error, std::size_t) {
                       if (self->shared.closed || gen != self->generation) return;
                       if (error) {
                         self->fail(closeReason(error));
                         return;
                       }
                       self->readForClose();
                     });
}

void Outbound::fail(const std::string& reason) {
  ++generation;  // every callback of this connection is now stale
  conn.close();
  for (const OutFrame& f : writing) shared.dropped(f, reason);
  for (const OutFrame& f : queue) shared.dropped(f, reason);
  writing.clear();
  queue.clear();
  state = State::Down;
  shared.peerDown(*this, reason);
  retryTimer.expires_after(backoff);
  backoff = std::min(backoff * 2, shared.config.reconnectMax);
  retryTimer.async_wait([self = shared_from_this(), keep = shared.shared_from_this(),
                         gen = generation](const boost::system::error_code& error) {
    if (error || self->shared.closed || gen != self->generation) return;
    self->connect();
  });
}

void Outbound::retryNow() {
  if (state != State::Down) return;
  backoff = shared.config.reconnectMin;
  connect();  // bumps the generation, so the pending retry timer is ignored
}

void Outbound::close() {
  ++generation;
  conn.close();
  resolver.cancel();
  retryTimer.cancel();
  delayTimer.cancel();
  queue.clear();
  writing.clear();
  delayed.clear();
}

}  // namespace catslab::net
