// The floor of catslab-bench-net's ping-pong: the same round trip with bare
// Boost.Asio (no runtime, no codec, no framing). A server process echoes
// every `frameBytes` bytes it reads; the client writes `frameBytes` bytes,
// reads them back, and repeats, one message in flight. Both sides run one
// io_context on one thread with asynchronous reads and writes and
// TCP_NODELAY, which is how TcpNetwork's I/O thread uses Asio, so the
// difference between the two RTTs is what the runtime, the codec and the
// hand-offs between threads cost.
//
// Not thread-safe; each function owns its io_context.
#pragma once

#include <cstddef>
#include <cstdint>

namespace catslab::bench {

struct EchoOutcome {
  double seconds = 0;
  std::uint64_t roundTrips = 0;
};

// Listens on 127.0.0.1 (a free port), writes the port (uint16_t) to
// `readyFd`, closes it, then echoes one connection until it closes. Returns
// when the client hangs up.
void runEchoServer(int readyFd, std::size_t frameBytes);

// Connects to the echo server on `port`, does `warmup` untimed round trips,
// then times `count` more.
EchoOutcome runEchoClient(std::uint16_t port, std::size_t frameBytes, std::uint64_t warmup,
                          std::uint64_t count);

}  // namespace catslab::bench
