#include "app/catslab_node/resp/resp_connection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace catslab::cats {

namespace {

// After a protocol error the server stops reading requests but drains what
// the client still sends for a moment, so that closing does not reset the
// connection (a reset can make the client lose the error reply).
constexpr auto kLinger = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 1024 * 1024;

}  // namespace

RespBackend::Done PostingBackend::wrap(Done done) {
  return [&io = io_, owner = owner_, done = std::move(done)](const KvResponse& response) {
    asio::post(io, [owner, done, response] {
      auto connection = owner.lock();
      if (connection && connection->open()) done(response);
    });
  };
}

void PostingBackend::get(std::string key, Done done) {
  inner_.get(std::move(key), wrap(std::move(done)));
}
void PostingBackend::put(std::string key, std::string value, Done done) {
  inner_.put(std::move(key), std::move(value), wrap(std::move(done)));
}
void PostingBackend::remove(std::string key, Done done) {
  inner_.remove(std::move(key), wrap(std::move(done)));
}

RespConnection::RespConnection(std::shared_ptr<RespServer::Shared> server, tcp::socket socket)
    : server_(std::move(server)), conn_(std::move(socket)), linger_(server_->io) {
  boost::system::error_code ec;
  const auto remote = conn_.socket().remote_endpoint(ec);
  peer_ = ec ? "?" : remote.address().to_string() + ":" + std::to_string(remote.port());
  conn_.socket().set_option(tcp::no_delay(true), ec);
}

void RespConnection::start() {
  if (!server_->config.tls) return onHandshake({});
  conn_.handshake(*server_->config.tls, asio::ssl::stream_base::server,
                  server_->config.tlsHandshakeTimeout,
                  [self = shared_from_this()](const boost::system::error_code& error) {
                    self->onHandshake(error);
                  });
}

void RespConnection::onHandshake(const boost::system::error_code& error) {
  if (closed_) return;
  if (error) {
    // A plain client, one without a certificate from the CA, or one that
    // does not trust ours: one line, and every other client is served.
    if (server_->config.log) {
      server_->config.log("refusing RESP client " + peer_ +
                          ": TLS handshake failed: " + conn_.tlsFailure(error));
    }
    return close();
  }
  backend_ = std::make_unique<PostingBackend>(server_->io, server_->backend, weak_from_this());
  RespSessionConfig config = server_->config.session;
  config.stats = server_->stats;
  config.clientId = server_->nextClientId++;
  std::weak_ptr<RespConnection> self = weak_from_this();
  session_ = RespSession::create(*backend_, std::move(config), [self] {
    if (auto c = self.lock()) c->kick();
  });
  kick();
}

void RespConnection::kick() {
  if (closed_ || lingering_) return;
  if (!writeBusy_) {
    writing_ = session_->takeOutput();
    if (!writing_.empty()) {
      writeBusy_ = true;
      conn_.asyncWrite(asio::buffer(writing_),
                       [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                         self->writeBusy_ = false;
                         if (ec) return self->close();
                         self->kick();
                       });
    }
  }
  if (writeBusy_) return;
  if (session_->finished()) {
    if (!session_->protocolError().empty()) {
      if (server_->config.log) {
        server_->config.log("RESP client " + peer_ + ": " + session_->protocolError() +
                            "; connection closed");
      }
      return lingerThenClose();
    }
    return close();
  }
  if (inputClosed_ && session_->pending() == 0) return close();
  if (!reading_ && !inputClosed_ && session_->wantsInput()) read();
}

void RespConnection::read() {
  reading_ = true;
  conn_.asyncReadSome(asio::buffer(readBuffer_),
                      [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                        self->reading_ = false;
                        if (self->closed_ || self->lingering_) return;
                        if (ec == asio::error::eof) {
                          // Half-closed (e.g. `printf ... | nc`): answer what came, then close.
                          self->inputClosed_ = true;
                        } else if (ec) {
                          return self->close();
                        } else {
                          self->session_->receive(std::string_view(self->readBuffer_.data(), n));
                        }
                        self->kick();
                      });
}

void RespConnection::lingerThenClose() {
  lingering_ = true;
  boost::system::error_code ignored;
  conn_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  linger_.expires_after(kLinger);
  linger_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec) self->close();
  });
  drain();
}

void RespConnection::drain() {
  conn_.asyncReadSome(asio::buffer(readBuffer_),
                      [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                        if (self->closed_) return;
                        self->drained_ += n;
                        if (ec || self->drained_ > kLingerBytes) return self->close();
                        self->drain();
                      });
}

void RespConnection::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  linger_.cancel();
  conn_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  conn_.close();
  --server_->stats->connectedClients;
  // Handlers still queued hold their own references; the session goes with
  // the last of them.
  server_->connections.erase(shared_from_this());
}

}  // namespace catslab::cats
