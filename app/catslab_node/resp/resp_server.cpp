#include "app/catslab_node/resp/resp_server.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <future>
#include <stdexcept>

#include "app/catslab_node/resp/resp_connection.h"

namespace catslab::cats {

RespServer::Shared::Shared(asio::io_context& context, RespServerConfig cfg, RespBackend& b)
    : io(context),
      config(std::move(cfg)),
      backend(b),
      stats(std::make_shared<RespServerStats>()),
      acceptor(context) {}

void RespServer::Shared::accept() {
  acceptor.async_accept(
      [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
        if (self->closed) return;
        if (ec) {
          if (ec == asio::error::operation_aborted) return;
          if (self->config.log) self->config.log("RESP accept failed: " + ec.message());
          return self->accept();
        }
        ++self->stats->totalConnections;
        if (self->connections.size() >= self->config.maxConnections) {
          static const std::string full = "-ERR max number of clients reached\r\n";
          boost::system::error_code ignored;
          // A TLS client could not read the reply in the clear: it is just closed.
          if (!self->config.tls) asio::write(socket, asio::buffer(full), ignored);
          socket.close(ignored);
        } else {
          ++self->stats->connectedClients;
          auto connection = std::make_shared<RespConnection>(self, std::move(socket));
          self->connections.insert(connection);
          connection->start();
        }
        self->accept();
      });
}

void RespServer::Shared::closeAll() {
  if (closed) return;
  closed = true;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  auto all = std::move(connections);
  for (const auto& c : all) c->close();
}

RespServer::RespServer(boost::asio::io_context& io, RespServerConfig config, RespBackend& backend)
    : shared_(std::make_shared<Shared>(io, std::move(config), backend)) {
  Shared& s = *shared_;
  const std::string where = s.config.bind + ":" + std::to_string(s.config.port);
  try {
    const tcp::endpoint endpoint(asio::ip::make_address(s.config.bind), s.config.port);
    s.acceptor.open(endpoint.protocol());
    s.acceptor.set_option(tcp::acceptor::reuse_address(true));
    s.acceptor.bind(endpoint);
    s.acceptor.listen();
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("RESP front end cannot listen on " + where + ": " +
                             e.code().message());
  }
  s.stats->port = s.acceptor.local_endpoint().port();
}

RespServer::~RespServer() { close(); }

void RespServer::start() {
  asio::post(shared_->io, [s = shared_] {
    if (!s->closed) s->accept();
  });
}

void RespServer::close() {
  if (closeRequested_.exchange(true)) return;
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  asio::post(shared_->io, [s = shared_, done] {
    s->closeAll();
    done->set_value();
  });
  // Bounded: the I/O thread may already be stopped (the runtime is going away).
  if (future.wait_for(std::chrono::seconds(2)) != std::future_status::ready) {
    boost::system::error_code ignored;
    shared_->acceptor.close(ignored);
  }
}

std::uint16_t RespServer::port() const { return shared_->stats->port; }

std::string RespServer::address() const {
  return shared_->config.bind + ":" + std::to_string(port());
}

const std::shared_ptr<RespServerStats>& RespServer::stats() const { return shared_->stats; }

}  // namespace catslab::cats
