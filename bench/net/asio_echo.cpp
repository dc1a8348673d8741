#include "bench/net/asio_echo.h"

#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <vector>

namespace catslab::bench {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Reads one frame, writes it back, again, until the peer closes.
class Echoer {
 public:
  Echoer(tcp::socket socket, std::size_t frameBytes)
      : socket_(std::move(socket)), buffer_(frameBytes) {}
  void read() {
    asio::async_read(socket_, asio::buffer(buffer_),
                     [this](const boost::system::error_code& error, std::size_t) {
                       if (!error) write();
                     });
  }

 private:
  void write() {
    asio::async_write(socket_, asio::buffer(buffer_),
                      [this](const boost::system::error_code& error, std::size_t) {
                        if (!error) read();
                      });
  }

  tcp::socket socket_;
  std::vector<char> buffer_;
};

// Writes one frame, waits for it to come back, again, `total` times; the
// clock starts after the first `warmup` round trips.
class Pinger {
 public:
  Pinger(tcp::socket socket, std::size_t frameBytes, std::uint64_t warmup, std::uint64_t total)
      : socket_(std::move(socket)),
        out_(frameBytes, 'p'),
        in_(frameBytes),
        warmup_(warmup),
        total_(total),
        start_(std::chrono::steady_clock::now()) {}
  void send() {
    asio::async_write(socket_, asio::buffer(out_),
                      [this](const boost::system::error_code& error, std::size_t) {
                        if (!error) receive();
                      });
  }
  EchoOutcome outcome() const {
    return {std::chrono::duration<double>(end_ - start_).count(), done_ - warmup_};
  }

 private:
  void receive() {
    asio::async_read(socket_, asio::buffer(in_),
                     [this](const boost::system::error_code& error, std::size_t) {
                       if (error) return;
                       ++done_;
                       if (done_ == warmup_) start_ = std::chrono::steady_clock::now();
                       if (done_ == total_) {
                         end_ = std::chrono::steady_clock::now();
                         return;
                       }
                       send();
                     });
  }

  tcp::socket socket_;
  std::vector<char> out_, in_;
  std::uint64_t warmup_, total_, done_ = 0;
  std::chrono::steady_clock::time_point start_{}, end_{};
};

}  // namespace

void runEchoServer(int readyFd, std::size_t frameBytes) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const std::uint16_t port = acceptor.local_endpoint().port();
  (void)::write(readyFd, &port, sizeof port);
  ::close(readyFd);
  tcp::socket socket = acceptor.accept();
  socket.set_option(tcp::no_delay(true));
  Echoer echoer(std::move(socket), frameBytes);
  echoer.read();
  io.run();
}

EchoOutcome runEchoClient(std::uint16_t port, std::size_t frameBytes, std::uint64_t warmup,
                          std::uint64_t count) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  socket.set_option(tcp::no_delay(true));
  Pinger pinger(std::move(socket), frameBytes, warmup, warmup + count);
  pinger.send();
  io.run();
  return pinger.outcome();
}

}  // namespace catslab::bench
