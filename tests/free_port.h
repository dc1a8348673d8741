// A free loopback TCP port for tests that start servers or node processes.
// Boost.Asio only (no Qt): net suites and integration suites share it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <fstream>
#include <mutex>
#include <random>
#include <set>

namespace catslab::testing {

// A loopback port nobody uses right now, below the kernel's ephemeral range
// (net.ipv4.ip_local_port_range, 32768-60999 by default). A port the kernel
// picks for bind(0) lies inside that range, where an outgoing connection (a
// node retrying a peer, a refused TLS client) may take it as its source port
// before the node it was meant for binds it: under ASan in CI, tst_node_tls's
// third node once failed to start that way. Falls back to bind(0) when the
// range leaves no room below it. A port is handed out once per process: a
// cluster picks all its ports before any node binds one, so a port still
// free could otherwise come back twice (tst_cats_durability's n3 once found
// its RESP port taken that way in CI).
inline std::uint16_t freePort() {
  static std::mutex mutex;
  static std::set<unsigned short> given;
  const std::lock_guard lock(mutex);
  namespace ip = boost::asio::ip;
  const auto loopback = ip::make_address("127.0.0.1");
  int ephemeralLow = 32768;
  if (std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range"); range) range >> ephemeralLow;
  constexpr int kFirst = 10000;
  if (ephemeralLow - 1 - kFirst >= 1000) {
    static std::mt19937 rng{std::random_device{}()};
    std::uniform_int_distribution<int> pick(kFirst, ephemeralLow - 1);
    for (int attempt = 0; attempt < 200; ++attempt) {
      const auto port = static_cast<unsigned short>(pick(rng));
      if (given.contains(port)) continue;
      boost::asio::io_context io;
      ip::tcp::acceptor probe(io);
      boost::system::error_code ec;
      probe.open(ip::tcp::v4(), ec);
      if (!ec) probe.bind({loopback, port}, ec);  // no SO_REUSEADDR: TIME_WAIT counts as used
      if (!ec) {
        given.insert(port);
        return port;
      }
    }
  }
  boost::asio::io_context io;
  ip::tcp::acceptor a(io, {loopback, 0});
  return a.local_endpoint().port();
}

}  // namespace catslab::testing
