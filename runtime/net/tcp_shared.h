// Internals of TcpNetwork (tcp_network.h): the state shared between the
// component and the I/O thread. Everything below `io` is touched only on the
// I/O thread, except what is marked as guarded by a mutex or atomic.
// Not part of the public API.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/net/tcp_connection.h"
#include "runtime/net/tcp_network.h"

namespace catslab::runtime {
class Runtime;
}

namespace catslab::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using SteadyTime = std::chrono::steady_clock::time_point;

// One message on its way out: the frame and what traces say about it.
// Small to move: frames pass through several queues.
struct OutFrame {
  std::string bytes;
  std::unique_ptr<MessageInfo> info;  // only when events are reported
  bool hello = false;
};

// A frame handed from the component to the I/O thread.
struct Outgoing {
  Address to;
  OutFrame frame;
  runtime::Duration delay{0};
};

struct Outbound;
struct Inbound;

struct TcpNetwork::Shared : std::enable_shared_from_this<TcpNetwork::Shared> {
  Shared(asio::io_context& context, TcpNetworkConfig cfg, runtime::Runtime& rt, std::string p);

  // --- called on the I/O thread ------------------------------------------
  void startAccept();
  // Moves everything in the outbox to the destinations' queues, then
  // starts one write per destination that got frames.
  void flushOutbox();
  // While a flush runs, a destination that can write waits for its end.
  void writeSoon(Outbound& peer);
  void closeAll();
  void log(const std::string& text) const;
  void warn(const std::string& text) const;
  void dropped(const OutFrame& frame, const std::string& reason);
  void setPeerInfo(const Address& peer, const std::string& state, const std::string& error);
  void peerUp(Outbound& peer);
  void peerDown(Outbound& peer, const std::string& reason);
  void helloFrom(const Address& peer);
  // Logs a refused TLS connection, at most once a minute per address and reason.
  void refused(const std::string& remoteIp, const std::string& text);
  // Triggers the messages of one read, in order, under one owner lock.
  void deliver(const std::vector<runtime::MessagePtr>& messages);
  Outbound& outbound(const Address& to);

  asio::io_context& io;
  TcpNetworkConfig config;
  runtime::Runtime& runtime;
  std::string path;  // the component's path, for log lines
  tcp::acceptor acceptor;
  std::shared_ptr<asio::ssl::context> tls;  // null: connections in the clear
  std::unordered_map<std::string, std::shared_ptr<Outbound>> outbound_;
  std::set<std::shared_ptr<Inbound>> inbound_;
  bool closed = false;
  struct Refusal {
    SteadyTime lastLogged;
    std::uint64_t unlogged = 0;
  };
  std::map<std::string, Refusal> refusals;         // by remote address and reason
  std::atomic<bool> closeRequested{false};         // any thread: close() ran once
  bool flushing = false;                           // flushOutbox() is moving frames
  std::vector<Outgoing> flushed;                   // the batch being moved (capacity kept)
  std::vector<std::shared_ptr<Outbound>> toWrite;  // destinations to write after it

  // Guarded: frames from the component, in trigger order, for the I/O
  // thread. One post wakes the I/O thread for all that arrive before it
  // runs (flushPosted), instead of one post per message.
  std::mutex outboxMutex;
  std::vector<Outgoing> outbox;
  bool flushPosted = false;

  // Guarded: the component while it can take indications.
  std::mutex ownerMutex;
  TcpNetwork* owner = nullptr;

  // Guarded: what peers() reports.
  mutable std::mutex infoMutex;
  std::map<std::string, PeerInfo> info;

  std::atomic<std::uint64_t> sent{0}, received{0}, droppedCount{0}, bytesSent{0}, bytesReceived{0},
      rejected{0};
  Address self;          // with the bound port; fixed after construction
  std::string bindHost;  // the address listened on; fixed after construction
};

// The connection this node opened to one destination, with its queue, its
// link-emulation delay line and its reconnection state.
struct Outbound : std::enable_shared_from_this<Outbound> {
  enum class State { Idle, Connecting, Connected, Down };

  Outbound(TcpNetwork::Shared& s, Address a);
  void enqueue(OutFrame frame, runtime::Duration delay);
  void dispatch(OutFrame frame);
  void connect();
  void connectTo(const tcp::resolver::results_type& endpoints);
  void startTls();  // when TLS is on, then onConnected() or fail()
  void onConnected();
  void writeMore();
  void readForClose();
  void fail(const std::string& reason);
  void retryNow();
  void armDelayTimer();
  void releaseDue();
  void close();
  std::size_t queued() const { return queue.size() + writing.size() + delayed.size(); }

  TcpNetwork::Shared& shared;
  Address address;
  State state = State::Idle;
  TcpConnection conn;
  tcp::resolver resolver;
  asio::steady_timer retryTimer;
  asio::steady_timer delayTimer;
  runtime::Duration backoff;
  std::uint64_t generation = 0;  // bumps on every (re)connect; stale callbacks compare it
  bool everUp = false;
  bool reportedDown = false;
  std::deque<OutFrame> queue;                   // waiting for the connection or the writer
  std::vector<OutFrame> writing;                // handed to async_write
  std::multimap<SteadyTime, OutFrame> delayed;  // link emulation delay line
  bool writeWanted = false;                     // listed in shared.toWrite
  // The write in progress: frames up to kCoalesceBytes copied back to back
  // (one system call for many small frames; Asio sends at most 64 buffers
  // per call), larger ones referenced where they are.
  std::string coalesced;
  std::vector<asio::const_buffer> buffers;
  SteadyTime lastDue{};
  SteadyTime delayArmedFor = SteadyTime::max();
  std::array<char, 512> readBuffer{};
};

// A connection another node opened to us: frames in, nothing out.
struct Inbound : std::enable_shared_from_this<Inbound> {
  Inbound(TcpNetwork::Shared& s, tcp::socket sock);
  void start();
  void onHandshake(const boost::system::error_code& error);
  void read();
  void handle(std::size_t n);
  void reject(const std::string& reason);
  void close();
  std::string who() const;

  TcpNetwork::Shared& shared;
  TcpConnection conn;
  std::string remote;    // "127.0.0.1:53122"
  std::string remoteIp;  // "127.0.0.1"
  std::string peerId;    // from the hello, empty until then
  FrameReader reader;
  std::vector<char> buffer;
  std::vector<runtime::MessagePtr> batch;  // decoded from one read, not yet delivered
};

}  // namespace catslab::net
