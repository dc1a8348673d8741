// Test support: the app's side of a node's monitor connection (catslab-node
// --monitor HOST:PORT), in the clear or under TLS: a listener and the one
// node connection it accepted, decoded into trace records. Polled from the
// test thread, never blocking except for a TLS handshake the node has
// started.
#pragma once

#include <fcntl.h>

#include <QTest>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <memory>
#include <string>
#include <vector>

#include "runtime/proto/trace.pb.h"
#include "runtime/sim/trace_file.h"

namespace catslab::testing {

class FakeMonitor {
 public:
  // `tls`: a server context (its certificate, the CA it wants the node's
  // certificate from); null: plain TCP.
  explicit FakeMonitor(quint16 port = 0, std::shared_ptr<boost::asio::ssl::context> tls = nullptr)
      : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), port}), tls_(std::move(tls)) {
    acceptor_.non_blocking(true);
    // Node processes started later must not inherit the listening socket:
    // it would outlive close() in them, and the node would "reconnect" to
    // its own copy.
    ::fcntl(acceptor_.native_handle(), F_SETFD, FD_CLOEXEC);
  }
  quint16 port() const { return acceptor_.local_endpoint().port(); }

  // True once a node connected (and, under TLS, passed the handshake); a
  // failed handshake is kept in handshakeError() and the next one awaited.
  bool accepted() {
    boost::system::error_code ec;
    if (conn_) return true;
    auto stream = std::make_unique<Stream>(io_, tls_ ? *tls_ : plainContext());
    acceptor_.accept(stream->next_layer(), ec);
    if (ec) return false;
    if (tls_) {
      stream->handshake(boost::asio::ssl::stream_base::server, ec);
      if (ec) {
        handshakeError_ = ec.message();
        return false;
      }
    }
    stream->next_layer().non_blocking(true);
    conn_ = std::move(stream);
    return true;
  }
  const std::string& handshakeError() const { return handshakeError_; }

  // Reads what has arrived; returns the records decoded so far.
  const std::vector<trace::Record>& pump() {
    if (!conn_) return records_;
    boost::system::error_code ec;
    char buf[65536];
    const std::size_t n = tls_ ? conn_->read_some(boost::asio::buffer(buf), ec)
                               : conn_->next_layer().read_some(boost::asio::buffer(buf), ec);
    if (!ec) bytes_.append(buf, n);
    std::size_t offset = 0;
    while (true) {
      trace::Record r;
      auto used = sim::decodeRecord(bytes_.data(), bytes_.size(), offset, r);
      if (!used || *used == 0) break;
      offset += *used;
      records_.push_back(r);
    }
    bytes_.erase(0, offset);
    return records_;
  }
  bool sawPingTo(const std::string& to) {
    for (const auto& r : pump()) {
      if (r.has_message() && r.message().kind() == trace::MESSAGE_SENT &&
          r.message().type() == "ping.Ping" && r.message().to() == to) {
        return true;
      }
    }
    return false;
  }
  // A console line for the node.
  void send(const std::string& line) {
    conn_->next_layer().non_blocking(false);
    if (tls_) {
      boost::asio::write(*conn_, boost::asio::buffer(line + "\n"));
    } else {
      boost::asio::write(conn_->next_layer(), boost::asio::buffer(line + "\n"));
    }
    conn_->next_layer().non_blocking(true);
  }
  // The app goes away: its connection and its listening socket close.
  void close() {
    boost::system::error_code ignored;
    if (conn_) conn_->next_layer().close(ignored);
    acceptor_.close(ignored);
  }

 private:
  using Stream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;
  // A plain connection is an ssl::stream that never shakes hands.
  static boost::asio::ssl::context& plainContext() {
    static boost::asio::ssl::context context(boost::asio::ssl::context::tls);
    return context;
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::unique_ptr<Stream> conn_;
  std::string handshakeError_;
  std::string bytes_;
  std::vector<trace::Record> records_;
};

// A monitor's TLS context: `certDir`/`name`.{crt,key}, and node
// certificates must chain to `caDir`/ca.crt.
inline std::shared_ptr<boost::asio::ssl::context> monitorTls(const QString& certDir,
                                                             const QString& name,
                                                             const QString& caDir) {
  namespace ssl = boost::asio::ssl;
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  const QString base = certDir + QLatin1Char('/') + name;
  context->use_certificate_chain_file((base + QStringLiteral(".crt")).toStdString());
  context->use_private_key_file((base + QStringLiteral(".key")).toStdString(), ssl::context::pem);
  context->load_verify_file((caDir + QStringLiteral("/ca.crt")).toStdString());
  context->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  return context;
}

}  // namespace catslab::testing
