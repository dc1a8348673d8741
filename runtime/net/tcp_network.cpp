#include "runtime/net/tcp_network.h"

#include <boost/asio/post.hpp>
#include <future>
#include <stdexcept>
#include <utility>

#include "runtime/asio_timer.h"
#include "runtime/host_address.h"
#include "runtime/net/tcp_shared.h"
#include "runtime/runtime.h"

namespace catslab::net {

// --- Shared: the I/O-thread side ----------------------------------------------

void TcpNetwork::Shared::log(const std::string& text) const {
  runtime.log(runtime::LogLevel::Info, path, text);
}

void TcpNetwork::Shared::warn(const std::string& text) const {
  runtime.log(runtime::LogLevel::Warning, path, text);
}

void TcpNetwork::Shared::dropped(const OutFrame& frame, const std::string& reason) {
  if (frame.hello) return;
  ++droppedCount;
  if (config.events && frame.info) config.events->dropped(*frame.info, reason);
}

void TcpNetwork::Shared::setPeerInfo(const Address& peer, const std::string& state,
                                     const std::string& error) {
  std::lock_guard lock(infoMutex);
  PeerInfo& p = info[peer.id];
  p.address = peer;
  p.state = state;
  if (!error.empty()) p.lastError = error;
}

void TcpNetwork::Shared::peerUp(Outbound& peer) {
  setPeerInfo(peer.address, "up", {});
  log("connected to " + peer.address.toString());
  if (config.events) config.events->peerStatus(peer.address, true, "connected");
  std::lock_guard lock(ownerMutex);
  if (owner) owner->indicate(runtime::NetworkStatus(peer.address, true, "connected"));
}

void TcpNetwork::Shared::peerDown(Outbound& peer, const std::string& reason) {
  setPeerInfo(peer.address, "down", reason);
  if (peer.reportedDown) return;  // one indication per outage, not one per retry
  peer.reportedDown = true;
  warn("peer " + peer.address.toString() + " down: " + reason);
  if (config.events) config.events->peerStatus(peer.address, false, reason);
  std::lock_guard lock(ownerMutex);
  if (owner) owner->indicate(runtime::NetworkStatus(peer.address, false, reason));
}

void TcpNetwork::Shared::helloFrom(const Address& peer) {
  auto it = outbound_.find(peer.id);
  if (it != outbound_.end()) it->second->retryNow();
}

void TcpNetwork::Shared::deliver(const std::vector<runtime::MessagePtr>& messages) {
  if (messages.empty()) return;
  std::lock_guard lock(ownerMutex);
  if (!owner) return;
  for (const runtime::MessagePtr& message : messages) owner->indicate(message);
}

Outbound& TcpNetwork::Shared::outbound(const Address& to) {
  auto& slot = outbound_[to.id];
  if (slot && (slot->address.host != to.host || slot->address.port != to.port)) {
    // The node moved (restarted elsewhere): forget the old connection.
    slot->close();
    slot.reset();
  }
  if (!slot) slot = std::make_shared<Outbound>(*this, to);
  return *slot;
}

void TcpNetwork::Shared::flushOutbox() {
  {
    std::lock_guard lock(outboxMutex);
    flushed.swap(outbox);
    flushPosted = false;
  }
  if (!closed) {
    // In trigger order, so each destination's queue keeps it (FIFO per
    // destination); each destination then writes all it got at once.
    flushing = true;
    for (Outgoing& o : flushed) outbound(o.to).enqueue(std::move(o.frame), o.delay);
    flushing = false;
  }
  flushed.clear();
  for (const auto& peer : toWrite) {
    peer->writeWanted = false;
    peer->writeMore();
  }
  toWrite.clear();
}

void TcpNetwork::Shared::writeSoon(Outbound& peer) {
  if (!flushing) {
    peer.writeMore();
    return;
  }
  if (peer.writeWanted) return;
  peer.writeWanted = true;
  toWrite.push_back(peer.shared_from_this());
}

void TcpNetwork::Shared::closeAll() {
  closed = true;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  for (auto& [id, peer] : outbound_) peer->close();
  for (const auto& in : inbound_) in->conn.close();
  outbound_.clear();
  inbound_.clear();
}

// --- the component ----------------------------------------------------------------

TcpNetwork::TcpNetwork(TcpNetworkConfig config) : links_(config.links) {
  auto& io = core().runtime().service<runtime::IoThread>().context();
  shared_ = std::make_shared<Shared>(io, std::move(config), core().runtime(), path());
  Shared& s = *shared_;
  s.self = s.config.self;
  if (s.self.host.empty()) s.self.host = "127.0.0.1";
  std::string bind =
      s.config.bind.empty() ? runtime::defaultBindAddress(s.self.host) : s.config.bind;
  if (bind == "localhost") bind = "127.0.0.1";
  boost::system::error_code ec;
  const auto ip = asio::ip::make_address(bind, ec);
  const std::string where = runtime::hostPort(bind, s.self.port);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": not an IP address");
  s.bindHost = bind;
  if (s.config.tls.any()) {
    auto context = makeTlsContext(s.config.tls);
    if (!context) throw std::invalid_argument(context.error());
    s.tls = *context;
  }
  const tcp::endpoint endpoint(ip, s.self.port);
  // Opening and binding are synchronous and touch no shared reactor state,
  // so they may run on this thread before the acceptor is handed to the I/O
  // thread in onStart().
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  s.self.port = s.acceptor.local_endpoint().port();
  subscribe(net_, &TcpNetwork::onMessage);
}

TcpNetwork::~TcpNetwork() { close(); }

Address TcpNetwork::boundAddress() const { return shared_->self; }

std::vector<PeerInfo> TcpNetwork::peers() const {
  std::lock_guard lock(shared_->infoMutex);
  std::vector<PeerInfo> out;
  for (const auto& [id, p] : shared_->info) out.push_back(p);
  return out;
}

NetworkTotals TcpNetwork::totals() const {
  const Shared& s = *shared_;
  return {s.sent.load(),      s.received.load(),      s.droppedCount.load(),
          s.bytesSent.load(), s.bytesReceived.load(), s.rejected.load()};
}

void TcpNetwork::inspect(runtime::StateWriter& out) const {
  // Only what changes rarely: traces diff this after every handler.
  out.set("address", shared_->self.toString());
  for (const PeerInfo& p : peers()) out.set("peer." + p.address.id, p.state);
}

void TcpNetwork::onStart() {
  {
    std::lock_guard lock(shared_->ownerMutex);
    shared_->owner = this;
  }
  asio::post(shared_->io, [s = shared_] {
    if (!s->closed) s->startAccept();
  });
  const Shared& s = *shared_;
  std::string text = "listening on " + runtime::hostPort(s.bindHost, s.self.port);
  if (s.bindHost != s.self.host)
    text += ", reached as " + runtime::hostPort(s.self.host, s.self.port);
  if (s.tls) text += "; mutual TLS, peers need a certificate from " + s.config.tls.ca;
  shared_->log(text);
}

void TcpNetwork::onKill() { close(); }

void TcpNetwork::close() {
  if (shared_->closeRequested.exchange(true)) return;
  {
    std::lock_guard lock(shared_->ownerMutex);
    shared_->owner = nullptr;
  }
  // Sockets must be closed on the I/O thread and before the runtime stops
  // it (see the header), so wait for that; a bounded wait in case the I/O
  // thread is already gone.
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  asio::post(shared_->io, [s = shared_, done] {
    s->closeAll();
    done->set_value();
  });
  future.wait_for(std::chrono::seconds(2));
}

void TcpNetwork::indicate(const std::shared_ptr<const runtime::Message>& message) {
  trigger(message, net_);
}

void TcpNetwork::indicate(const runtime::NetworkStatus& status) {
  trigger(runtime::NetworkStatus(status), net_);
}

void TcpNetwork::deliverSelf(const runtime::Message& message, const wire::Envelope& envelope) {
  const runtime::MessageCodec* codec =
      runtime::Serializers::find(std::string_view(envelope.type()));
  auto decoded = codec->decode(message.source, message.destination, envelope.payload());
  if (!decoded) {
    logError("cannot decode message to self: " + decoded.error());
    ++shared_->droppedCount;
    return;
  }
  ++shared_->sent;
  ++shared_->received;
  trigger(*decoded, net_);
}

void TcpNetwork::onMessage(const runtime::Message& message) {
  Shared& s = *shared_;
  wire::Envelope& envelope = envelope_;
  const runtime::Status made = fillEnvelope(message, envelope);
  MessageInfo info;
  const bool traced = s.config.events != nullptr;
  if (traced) {
    info.from = message.source.id;
    info.to = message.destination.id;
    info.type = made ? envelope.type() : message.typeName();
    info.size = made ? static_cast<std::uint32_t>(envelope.payload().size()) : 0;
    info.summary = message.describe();
  }
  if (!made) {
    ++s.droppedCount;
    logError("dropping message to " + message.destination.id + ": " + made.error());
    if (traced) s.config.events->dropped(info, "no serializer");
    return;
  }
  if (traced) info.id = s.config.events->sent(info);
  if (message.destination.id == s.self.id) {
    deliverSelf(message, envelope);
    return;
  }
  LinkDecision fate;
  if (links_ && !links_->transparent())
    fate = decide(links_->get(message.destination.id), random());
  if (fate.drop) {
    ++s.droppedCount;
    if (traced) s.config.events->dropped(info, fate.reason);
    return;
  }
  envelope.set_trace_id(info.id);
  if (envelope.ByteSizeLong() > s.config.maxFrameBytes) {
    ++s.droppedCount;
    logError("dropping " + envelope.type() + " to " + message.destination.id + ": frame of " +
             std::to_string(envelope.ByteSizeLong()) + " bytes exceeds the maximum of " +
             std::to_string(s.config.maxFrameBytes));
    if (traced) s.config.events->dropped(info, "oversized");
    return;
  }
  Outgoing out{message.destination, {}, fate.delay};
  appendFrame(envelope, out.frame.bytes);
  if (traced) out.frame.info = std::make_unique<MessageInfo>(std::move(info));
  bool wake = false;
  {
    std::lock_guard lock(s.outboxMutex);
    s.outbox.push_back(std::move(out));
    wake = !std::exchange(s.flushPosted, true);
  }
  if (wake) asio::post(s.io, [sp = shared_] { sp->flushOutbox(); });
}

}  // namespace catslab::net
