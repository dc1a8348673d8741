// The I/O-thread side of TcpNetwork's incoming connections (tcp_shared.h):
// frames in, checked, decoded and delivered; anything malformed closes the
// connection with one log line.
#include "runtime/net/tcp_shared.h"

namespace catslab::net {

namespace {
constexpr std::size_t kReadChunk = 64 * 1024;
}

Inbound::Inbound(TcpNetwork::Shared& s, tcp::socket sock)
    : shared(s), socket(std::move(sock)), reader(s.config.maxFrameBytes), buffer(kReadChunk) {
  boost::system::error_code ec;
  const auto ep = socket.remote_endpoint(ec);
  remote = ec ? std::string("?") : ep.address().to_string() + ":" + std::to_string(ep.port());
}

std::string Inbound::who() const {
  return peerId.empty() ? "connection from " + remote
                        : "connection from " + peerId + " (" + remote + ")";
}

void Inbound::start() {
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  read();
}

void Inbound::read() {
  socket.async_read_some(asio::buffer(buffer),
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
  frames.clear();
  runtime::Status status = reader.feed(std::string_view(buffer.data(), n), frames);
  // Deliver what came before the bad bytes: those frames were well formed.
  for (const wire::Envelope& envelope : frames) {
    if (envelope.hello()) {
      peerId = envelope.source().id();
      shared.helloFrom(fromWire(envelope.source()));
      continue;
    }
    auto message = decodeEnvelope(envelope);
    if (!message) {
      reject(message.error());
      return;
    }
    const runtime::Message& m = **message;
    if (m.destination.id != shared.self.id) {
      reject("message " + envelope.type() + " addressed to '" + m.destination.id + "', not to " +
             shared.self.id);
      return;
    }
    if (shared.config.events) {
      MessageInfo info{m.source.id,     m.destination.id,
                       envelope.type(), static_cast<std::uint32_t>(envelope.payload().size()),
                       m.describe(),    envelope.trace_id()};
      shared.config.events->delivered(info);
    }
    ++shared.received;
    shared.deliver(*message);
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
  boost::system::error_code ignored;
  socket.close(ignored);
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
