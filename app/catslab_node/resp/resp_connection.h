// Internals of RespServer: the state shared with the I/O thread and one
// client connection. Everything here is touched only on the I/O thread,
// except what is atomic. Not part of the public API.
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <set>
#include <string>

#include "app/catslab_node/resp/resp_server.h"
#include "runtime/net/tcp_connection.h"

namespace catslab::cats {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class RespConnection;

struct RespServer::Shared : std::enable_shared_from_this<RespServer::Shared> {
  Shared(asio::io_context& context, RespServerConfig cfg, RespBackend& b);
  void accept();
  void closeAll();

  asio::io_context& io;
  RespServerConfig config;
  RespBackend& backend;
  std::shared_ptr<RespServerStats> stats;
  tcp::acceptor acceptor;
  std::set<std::shared_ptr<RespConnection>> connections;
  std::uint64_t nextClientId = 1;
  bool closed = false;
};

// Posts each answer of the shared backend to the I/O thread, where the
// connection (if still open) hands it to its session.
class PostingBackend : public RespBackend {
 public:
  PostingBackend(asio::io_context& io, RespBackend& inner, std::weak_ptr<RespConnection> owner)
      : io_(io), inner_(inner), owner_(std::move(owner)) {}
  void get(std::string key, Done done) override;
  void put(std::string key, std::string value, Done done) override;
  void remove(std::string key, Done done) override;

 private:
  Done wrap(Done done);
  asio::io_context& io_;
  RespBackend& inner_;
  std::weak_ptr<RespConnection> owner_;
};

class RespConnection : public std::enable_shared_from_this<RespConnection> {
 public:
  RespConnection(std::shared_ptr<RespServer::Shared> server, tcp::socket socket);
  void start();
  // Writes what is ready, reads if the session wants input, closes when done.
  void kick();
  void close();
  bool open() const { return !closed_; }

 private:
  void onHandshake(const boost::system::error_code& error);
  void read();
  void lingerThenClose();
  void drain();

  std::shared_ptr<RespServer::Shared> server_;
  net::TcpConnection conn_;  // in the clear or under TLS (config.tls)
  std::string peer_;
  std::unique_ptr<PostingBackend> backend_;  // before session_: it outlives it
  std::shared_ptr<RespSession> session_;
  std::array<char, 16 * 1024> readBuffer_{};
  std::string writing_;
  bool reading_ = false;
  bool writeBusy_ = false;
  bool inputClosed_ = false;  // the client shut down its side
  bool lingering_ = false;
  std::size_t drained_ = 0;
  bool closed_ = false;
  asio::steady_timer linger_;
};

}  // namespace catslab::cats
