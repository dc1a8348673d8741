// RespServer: the Redis-protocol TCP server of a node (Boost.Asio). Each
// accepted connection gets a RespSession; the sessions' operations go to a
// thread-safe RespBackend (a KvBridge), whose answers are posted back to
// the I/O thread, where all socket and session work happens.
//
// Per connection: reads in 16 KB pieces and stops reading while the session
// does not want input (too many replies pending or too much output unsent:
// back-pressure on a client that pipelines faster than the store answers
// or reads slower than we write). A client that sends malformed or
// oversized input gets "-ERR Protocol error: ..." and is closed (after its
// earlier replies); the others are not affected. Bytes are never lost: a
// connection closes only after every reply it is owed is written, or when
// the client is gone.
//
// With config.tls, every connection starts with a TLS handshake in the
// server role (the context decides whether clients must present a
// certificate); a client that fails it (plain RESP, an unknown CA, no
// certificate) costs one log line and its connection.
//
// The constructor binds (and throws std::runtime_error naming the address
// if it cannot); start() begins accepting; close() (or the destructor)
// closes the listener and every connection and waits for the I/O thread to
// have done so; it must not be called from the I/O thread. Thread-safe.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "cats/resp/resp_backend.h"
#include "cats/resp/resp_session.h"

namespace catslab::cats {

struct RespServerConfig {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 0;     // 0: any free port (see port())
  RespSessionConfig session;  // limits, requirepass, INFO sources; stats are the server's
  std::size_t maxConnections = 10000;
  std::shared_ptr<boost::asio::ssl::context> tls;  // null: plain TCP
  // A client that has not completed the TLS handshake by then is closed.
  std::chrono::milliseconds tlsHandshakeTimeout{5000};
  // Connection events worth a log line (protocol errors); called on the I/O thread.
  std::function<void(const std::string&)> log;
};

class RespServer {
 public:
  // `backend` must outlive the server and be thread-safe.
  RespServer(boost::asio::io_context& io, RespServerConfig config, RespBackend& backend);
  ~RespServer();
  RespServer(const RespServer&) = delete;
  RespServer& operator=(const RespServer&) = delete;

  void start();
  void close();
  std::uint16_t port() const;
  std::string address() const;  // host:port
  const std::shared_ptr<RespServerStats>& stats() const;

  struct Shared;  // internals (resp_connection.h)

 private:
  std::shared_ptr<Shared> shared_;
  std::atomic<bool> closeRequested_{false};
};

}  // namespace catslab::cats
