// FakeRespServer: a loopback listener for the client tests of catslab-ycsb.
// Answering, it replies to each RESP command as a store would (PING → PONG,
// SET → OK, anything else → nil); silent, it accepts connections and never
// replies, like a SIGSTOPped node whose kernel still accepts. It counts the
// connections it accepted. One thread; stops (and closes every connection)
// when destroyed.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace catslab::testing {

class FakeRespServer {
 public:
  enum class Mode { Answering, Silent };

  FakeRespServer(std::uint16_t port, Mode mode) : mode_(mode) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_port = htons(port);
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&at), sizeof at) != 0 ||
        ::listen(listener_, 16) != 0) {
      ::close(listener_);
      throw std::runtime_error("fake RESP server: cannot listen on port " + std::to_string(port));
    }
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeRespServer() {
    stop_ = true;
    thread_.join();
    for (const Connection& c : connections_) ::close(c.fd);
    ::close(listener_);
  }
  FakeRespServer(const FakeRespServer&) = delete;
  FakeRespServer& operator=(const FakeRespServer&) = delete;

  int accepted() const { return accepted_; }

 private:
  struct Connection {
    int fd;
    std::string in;
  };

  void serve() {
    while (!stop_) {
      std::vector<pollfd> fds{{listener_, POLLIN, 0}};
      for (const Connection& c : connections_) fds.push_back({c.fd, POLLIN, 0});
      if (::poll(fds.data(), fds.size(), 20) <= 0) continue;
      if (fds[0].revents & POLLIN) {
        if (const int fd = ::accept(listener_, nullptr, nullptr); fd >= 0) {
          connections_.push_back({fd, {}});
          ++accepted_;
        }
      }
      std::vector<Connection> open;
      for (size_t i = 1; i < fds.size(); ++i) {
        Connection& c = connections_[i - 1];
        if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) {
          char buffer[4096];
          const ssize_t n = ::read(c.fd, buffer, sizeof buffer);
          if (n <= 0) {  // the client closed it
            ::close(c.fd);
            continue;
          }
          c.in.append(buffer, static_cast<size_t>(n));
          if (mode_ == Mode::Answering) answerComplete(c);
        }
        open.push_back(std::move(c));
      }
      // Accepted in this turn: not polled yet.
      for (size_t i = fds.size() - 1; i < connections_.size(); ++i)
        open.push_back(std::move(connections_[i]));
      connections_ = std::move(open);
    }
  }

  // Answers every whole command (an array of bulk strings) in `c.in`.
  static void answerComplete(Connection& c) {
    for (;;) {
      std::vector<std::string> args;
      const size_t used = parse(c.in, args);
      if (used == 0) return;
      c.in.erase(0, used);
      const std::string reply = args.empty()        ? "-ERR empty\r\n"
                                : args[0] == "PING" ? "+PONG\r\n"
                                : args[0] == "SET"  ? "+OK\r\n"
                                : args[0] == "AUTH" ? "+OK\r\n"
                                                    : "$-1\r\n";
      if (::write(c.fd, reply.data(), reply.size()) < 0) return;
    }
  }

  // Bytes of one complete command at the start of `in` (0: not complete yet).
  static size_t parse(const std::string& in, std::vector<std::string>& args) {
    size_t at = 0;
    auto line = [&](std::string& out) {
      const size_t end = in.find("\r\n", at);
      if (end == std::string::npos) return false;
      out = in.substr(at, end - at);
      at = end + 2;
      return true;
    };
    std::string header;
    if (!line(header) || header.empty() || header[0] != '*') return 0;
    const int count = std::stoi(header.substr(1));
    for (int i = 0; i < count; ++i) {
      std::string size;
      if (!line(size) || size.empty() || size[0] != '$') return 0;
      const size_t length = std::stoul(size.substr(1));
      if (in.size() < at + length + 2) return 0;
      args.push_back(in.substr(at, length));
      at += length + 2;
    }
    return at;
  }

  Mode mode_;
  int listener_ = -1;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::vector<Connection> connections_;  // the serving thread's
  std::thread thread_;
};

}  // namespace catslab::testing
