// One TCP connection of TcpNetwork (tcp_shared.h), in the clear or under
// mutual TLS (tls_context.h): the same asynchronous read, write and close
// either way, so Outbound and Inbound do not care which.
//
// The TLS stream is held by a shared_ptr that every pending operation keeps,
// so reset() or destruction never pulls a stream from under an operation
// the closed socket has yet to cancel. I/O thread only. Not public API.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "runtime/net/tls_context.h"

namespace catslab::net {

class TcpConnection {
 public:
  using Socket = boost::asio::ip::tcp::socket;
  using TlsStream = boost::asio::ssl::stream<Socket>;

  explicit TcpConnection(boost::asio::io_context& io) : plain_(io) {}
  explicit TcpConnection(Socket socket) : plain_(std::move(socket)) {}

  // The socket to connect (before TLS) and to set options on.
  Socket& socket() { return tls_ ? tls_->next_layer() : plain_; }
  bool secure() const { return tls_ != nullptr; }

  // A fresh, unconnected socket (for the next connection attempt).
  void reset(boost::asio::io_context& io) {
    close();
    tls_.reset();
    plain_ = Socket(io);
    verifyError_ = std::make_shared<std::string>();
    timedOut_ = std::make_shared<bool>(false);
  }
  void close() {
    boost::system::error_code ignored;
    socket().close(ignored);
  }

  // Puts the connected socket under TLS and shakes hands in `role`;
  // handler(error_code). Afterwards every read and write is encrypted. A
  // peer that has not completed the handshake within `timeout` (one that
  // connects and stays silent) has its socket closed: the handler gets an
  // error and tlsFailure() says it timed out, so no peer holds a
  // connection for longer than that without being admitted.
  template <class Handler>
  void handshake(boost::asio::ssl::context& context,
                 boost::asio::ssl::stream_base::handshake_type role,
                 std::chrono::milliseconds timeout, Handler handler) {
    tls_ = std::make_shared<TlsStream>(std::move(plain_), context);
    timeout_ = timeout;
    auto timer = std::make_shared<boost::asio::steady_timer>(tls_->get_executor());
    auto done = std::make_shared<bool>(false);  // both handlers run on the I/O thread
    timer->expires_after(timeout);
    timer->async_wait([stream = std::weak_ptr<TlsStream>(tls_), timedOut = timedOut_,
                       done](const boost::system::error_code& error) {
      auto s = stream.lock();
      // Cancelled, or the handshake ended just as the timer fired.
      if (error || *done || !s) return;
      *timedOut = true;
      boost::system::error_code ignored;
      s->next_layer().close(ignored);
    });
    tls_->set_verify_callback(
        [why = verifyError_](bool preverified, boost::asio::ssl::verify_context& v) {
          if (!preverified && why->empty()) {
            *why = verifyErrorText(X509_STORE_CTX_get_error(v.native_handle()));
          }
          return preverified;
        });
    tls_->async_handshake(role, [keep = tls_, timer, done, handler = std::move(handler)](
                                    const boost::system::error_code& error) mutable {
      *done = true;
      timer->cancel();
      handler(error);
    });
  }
  // Why a handshake failed, in words: OpenSSL's reason and, when it was our
  // check of the peer's certificate, what was wrong with it.
  std::string tlsFailure(const boost::system::error_code& error) const {
    if (*timedOut_) {
      return "timed out (no handshake within " + std::to_string(timeout_.count()) + " ms)";
    }
    std::string text = error.message();
    if (!verifyError_->empty()) text += " (" + *verifyError_ + ")";
    return text;
  }

  template <class Buffers, class Handler>
  void asyncWrite(const Buffers& buffers, Handler handler) {
    if (tls_) {
      boost::asio::async_write(
          *tls_, buffers,
          [keep = tls_, handler = std::move(handler)](const boost::system::error_code& e,
                                                      std::size_t n) mutable { handler(e, n); });
    } else {
      boost::asio::async_write(plain_, buffers, std::move(handler));
    }
  }
  // A synchronous write (best effort, e.g. on a non-blocking socket at shutdown).
  template <class Buffers>
  void writeNow(const Buffers& buffers, boost::system::error_code& error) {
    if (tls_) {
      boost::asio::write(*tls_, buffers, error);
    } else {
      boost::asio::write(plain_, buffers, error);
    }
  }
  template <class Buffer, class Handler>
  void asyncReadSome(const Buffer& buffer, Handler handler) {
    if (tls_) {
      tls_->async_read_some(buffer, [keep = tls_, handler = std::move(handler)](
                                        const boost::system::error_code& e, std::size_t n) mutable {
        handler(e, n);
      });
    } else {
      plain_.async_read_some(buffer, std::move(handler));
    }
  }

 private:
  Socket plain_;  // moved into tls_ by handshake()
  std::shared_ptr<TlsStream> tls_;
  std::shared_ptr<std::string> verifyError_ = std::make_shared<std::string>();
  std::shared_ptr<bool> timedOut_ = std::make_shared<bool>(false);
  std::chrono::milliseconds timeout_{0};
};

}  // namespace catslab::net
