// TcpNetwork: the real network. A component providing runtime::Network for
// one node (config.self) over TCP with Boost.Asio, on the runtime's I/O
// thread (runtime::IoThread).
//
// Behaviour (docs/node.md "Failure behaviour" for people):
//  - Listens on config.bind:self.port (port 0 picks a free one, see
//    boundAddress()). config.self.host is what peers dial and may be an
//    IPv4 or IPv6 address or a DNS name; bind must be an IP address and
//    defaults to runtime::defaultBindAddress(self.host) (loopback for a name).
//  - Destination hosts are resolved asynchronously on every connection
//    attempt (a name that moved is followed on reconnect); every address a
//    name resolves to is tried in turn.
//  - One outgoing connection per destination, opened lazily by the first
//    message to it; the first frame is a hello naming this node. Messages to
//    one destination are written in the order they were triggered (FIFO per
//    destination, link emulation included).
//  - Each destination has a bounded queue (config.maxQueuedMessages, counting
//    messages waiting for the connection, being written and delayed by link
//    emulation). Policy when full: the new message is dropped ("send queue
//    full"), the ones already queued are kept.
//  - While a connection is being opened messages queue. If it cannot be
//    opened, or an open one breaks, the queued messages are dropped, a
//    NetworkStatus(peer, down) indication is triggered and reconnection is
//    retried with exponential back-off (reconnectMin doubling up to
//    reconnectMax) for as long as the network runs; messages sent while the
//    peer is down are dropped ("peer down"). A hello from that peer (it came
//    back and called us) cuts the back-off short. A successful connection
//    triggers NetworkStatus(peer, up). peers() shows the peer down, with the
//    last failure, until then, while a retry is under way too.
//  - Incoming frames larger than config.maxFrameBytes, bytes that are not a
//    frame, truncated frames and unknown message types close that connection
//    with one log line; the node keeps serving everyone else.
//  - With config.tls (tls_context.h), every connection is mutual TLS: the
//    node presents its certificate and admits only peers whose certificate
//    chains to config.tls.ca. A refused peer (no certificate, another CA,
//    expired, not TLS at all) costs that connection and one log line, and
//    counts under rejectedConnections; on our side of a connection we
//    opened it is a peer down ("TLS handshake failed: ..."). A peer that
//    connects and does not complete the handshake within
//    config.tlsHandshakeTimeout is closed and refused the same way
//    ("timed out"), so silent connections cannot pile up.
//  - Messages to self are delivered locally (encoded and decoded, like any
//    other message, so codecs are exercised) and never emulated.
//  - With config.links, each outgoing message first meets link emulation
//    (link_table.h): dropped, or delayed by a timer (never a sleep).
//
// Threading: handlers run on the runtime's workers; sockets and timers live
// on the I/O thread only; incoming messages and NetworkStatus are triggered
// from the I/O thread (routing is thread-safe). A message is encoded on the
// worker and appended to an outbox; the I/O thread takes the outbox whole
// (one wake-up for all the messages that arrived meanwhile) and writes each
// destination's share with one write. peers(), totals() and
// boundAddress() are thread-safe. Shut the runtime down (Runtime::shutdown)
// before destroying it: onKill closes every socket on the I/O thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/component.h"
#include "runtime/net/frame.h"
#include "runtime/net/link_table.h"
#include "runtime/net/network_events.h"
#include "runtime/net/tls_context.h"
#include "runtime/network.h"

namespace catslab::net {

struct TcpNetworkConfig {
  Address self;      // id, advertised host, port (0: any free port)
  std::string bind;  // IP address to listen on; empty: defaultBindAddress(self.host)
  TlsFiles tls;      // all empty: plain TCP
  // A connection whose TLS handshake has not completed by then is closed.
  std::chrono::milliseconds tlsHandshakeTimeout = kDefaultTlsHandshakeTimeout;
  std::size_t maxFrameBytes = kDefaultMaxFrameBytes;
  std::size_t maxQueuedMessages = 10000;  // per destination
  runtime::Duration reconnectMin = std::chrono::milliseconds(50);
  runtime::Duration reconnectMax = std::chrono::milliseconds(1000);
  std::shared_ptr<LinkTable> links;       // null: no link emulation
  std::shared_ptr<NetworkEvents> events;  // null: nothing reported
};

struct PeerInfo {
  Address address;
  // "connecting" (the first attempt), "up", or "down": from a failure until
  // a connection succeeds, retries included.
  std::string state;
  std::string lastError;
};

struct NetworkTotals {
  std::uint64_t sent = 0;      // messages written to sockets (and to self)
  std::uint64_t received = 0;  // messages delivered to the node
  std::uint64_t dropped = 0;   // by emulation, full queues, failures
  std::uint64_t bytesSent = 0;
  std::uint64_t bytesReceived = 0;
  std::uint64_t rejectedConnections = 0;  // closed for bad frames or refused by TLS
};

class TcpNetwork : public runtime::ComponentDefinition {
 public:
  // Binds the listening socket; throws std::runtime_error if it cannot, and
  // std::invalid_argument if config.tls is incomplete or cannot be loaded.
  explicit TcpNetwork(TcpNetworkConfig config);
  ~TcpNetwork() override;

  Address boundAddress() const;
  std::vector<PeerInfo> peers() const;  // every destination contacted so far, by id
  NetworkTotals totals() const;
  const std::shared_ptr<LinkTable>& links() const { return links_; }

  void inspect(runtime::StateWriter& out) const override;

  struct Shared;  // state shared with I/O callbacks (tcp_network.cpp)

 private:
  void onMessage(const runtime::Message& message);
  void onStart() override;
  void onKill() override;
  void deliverSelf(const runtime::Message& message, const wire::Envelope& envelope);
  void close();
  // Called from the I/O thread, under Shared's owner lock.
  void indicate(const std::shared_ptr<const runtime::Message>& message);
  void indicate(const runtime::NetworkStatus& status);

  std::shared_ptr<Shared> shared_;
  std::shared_ptr<LinkTable> links_;
  wire::Envelope envelope_;  // onMessage's, used again for every message
  runtime::Negative<runtime::Network> net_ = provide<runtime::Network>();
};

}  // namespace catslab::net
