// The I/O-thread side of TcpNetwork's incoming connections (tcp_shared.h):
// frames in, checked, decoded and delivered; anything malformed closes the
// connection with one log line.
#include "runtime/host_address.h"
#include "runtime/net/tcp_shared.h"

namespace catslab::net {

namespace {
constexpr std::size_t kReadChunk = 64 * 1024;
// A refused peer retries with back-off; its refusals are logged once per
// this period, with the count of those not logged.
constexpr auto kRefusalLogPeriod = std::chrono::seconds(60);
}  // namespace

void TcpNetwork::Shared::refused(const std::string& remoteIp, const std::string& text) {
  // The reason without the port, which changes on every attempt.
  const std::string key = remoteIp + " " + text.substr(text.find(": TLS") + 1);
  const SteadyTime now = std::chrono::steady_clock::now();
  if (refusals.size() > 1024) refusals.clear();  // bounded, whoever knocks
  auto [it, fresh] = refusals.try_emplace(key, Refusal{now, 0});
  if (!fresh && now - it->second.lastLogged < kRefusalLogPeriod) {
    ++it->second.unlogged;
    return;
  }
  const std::uint64_t more = it->second.unlogged;
  it->second = Refusal{now, 0};
  warn(more == 0 ? text
                 : text + " (and " + std::to_string(more) + " more like it since the last line)");
}

Inbound::Inbound(TcpNetwork::Shared& s, tcp::socket sock)
    : shared(s), conn(std::move(sock)), reader(s.config.maxFrameBytes), buffer(kReadChunk) {
  boost::system::error_code ec;
  const auto ep = conn.socket().remote_endpoint(ec);
  remoteIp = ec ? std::string("?") : ep.address().to_string();
  remote = ec ? remoteIp : runtime::hostPort(remoteIp, ep.port());
}

std::string Inbound::who() const {
  return peerId.empty() ? "connection from " + remote
                        : "connection from " + peerId + " (" + remote + ")";
}

void Inbound::start() {
  boost::system::error_code ignored;
  conn.socket().set_option(tcp::no_delay(true), ignored);
  if (!shared.tls) {
    read();
    return;
  }
  conn.handshake(*shared.tls, asio::ssl::stream_base::server, shared.config.tlsHandshakeTimeout,
                 [self = shared_from_this(), keep = shared.shared_from_this()](
                     const boost::system::error_code& error) { self->onHandshake(error); });
}

void Inbound::onHandshake(const boost::system::error_code& error) {
  if (shared.closed) return;
  if (error) {
    // A peer without a certificate from the cluster's CA, or one that does
    // not speak TLS: one line (not one per retry), and everyone else is
    // served as before.
    ++shared.rejected;
    shared.refused(remoteIp,
                   "refusing " + who() + ": TLS handshake failed: " + conn.tlsFailure(error));
    close();
    return;
  }
  read();
}

void Inbound::read() {
  conn.asyncReadSome(asio::buffer(buffer),
                     [self = shared_from_this(), keep = shared.shared_from_this()](
                         const boost::system::error_code& error, std::size_t n) {
                       if (self->shared.closed) return;
                       if (error) {
                         if (self->reader.midFrame()) {
                           self->reject("truncated frame (stream ended inside a frame)");
                         } else {
                           self->close();
                         }
                         return;
                       }
                       self->handle(n);
                     });
}

void Inbound::handle(std::size_t n) {
  shared.bytesReceived += n;
  std::string refusal;  // why the connection closes, if it does
  runtime::Status status =
      reader.feed(std::string_view(buffer.data(), n), [&](const wire::Envelope& envelope) {
        if (envelope.hello()) {
          peerId = envelope.source().id();
          shared.helloFrom(fromWire(envelope.source()));
          return true;
        }
        auto message = decodeEnvelope(envelope);
        if (!message) {
          refusal = message.error();
          return false;
        }
        const runtime::Message& m = **message;
        if (m.destination.id != shared.self.id) {
          refusal = "message " + envelope.type() + " addressed to '" + m.destination.id +
                    "', not to " + shared.self.id;
          return false;
        }
        if (shared.config.events) {
          MessageInfo info{m.source.id,     m.destination.id,
                           envelope.type(), static_cast<std::uint32_t>(envelope.payload().size()),
                           m.describe(),    envelope.trace_id()};
          shared.config.events->delivered(info);
        }
        batch.push_back(std::move(*message));
        return true;
      });
  // Deliver what came before the bad bytes: those frames were well formed.
  shared.received += batch.size();
  shared.deliver(batch);
  batch.clear();
  if (!refusal.empty()) {
    reject(refusal);
    return;
  }
  if (!status) {
    reject(status.error());
    return;
  }
  read();
}

void Inbound::reject(const std::string& reason) {
  ++shared.rejected;
  shared.warn("closing " + who() + ": " + reason);
  close();
}

void Inbound::close() {
  conn.close();
  shared.inbound_.erase(shared_from_this());
}

TcpNetwork::Shared::Shared(asio::io_context& context, TcpNetworkConfig cfg, runtime::Runtime& rt,
                           std::string p)
    : io(context), config(std::move(cfg)), runtime(rt), path(std::move(p)), acceptor(context) {}

void TcpNetwork::Shared::startAccept() {
  acceptor.async_accept(
      [keep = shared_from_this()](const boost::system::error_code& error, tcp::socket socket) {
        if (keep->closed) return;
        if (!error) {
          auto in = std::make_shared<Inbound>(*keep, std::move(socket));
          keep->inbound_.insert(in);
          in->start();
        } else if (error == asio::error::operation_aborted) {
          return;
        } else {
          keep->warn("accept failed: " + error.message());
        }
        keep->startAccept();
      });
}

}  // namespace catslab::net
