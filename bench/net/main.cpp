// catslab-bench-net: the real network between two processes on loopback.
//
//   catslab-bench-net [--mode pingpong|pipeline|all] [--messages N] [--window W]
//
// The program forks: the child is a node that answers every BenchPing with
// a BenchPong; the parent is a node that keeps `window` pings outstanding
// (1 = ping-pong, one at a time) until N pongs came back, after a warm-up.
// Both are ordinary runtimes with a TcpNetwork: frames, codecs, queues and
// the runtime's scheduling are all in the measurement. Each run prints one
// line with msgs_per_sec = completed round trips (ping + pong) per second.
// The ping-pong mode also prints the floor: the same round trips of a frame
// of the same size between two processes with bare Boost.Asio (asio_echo.h),
// measured in the same run.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdio>
#include <cstring>
#include <future>
#include <string>

#include "bench/net/asio_echo.h"
#include "runtime/net/tcp_network.h"
#include "runtime/runtime.h"

namespace rt = catslab::runtime;
namespace net = catslab::net;
namespace bench = catslab::bench;

namespace {

struct BenchPing : rt::EventOf<BenchPing, rt::Message> {
  BenchPing(rt::Address s, rt::Address d, std::uint64_t n)
      : Base(std::move(s), std::move(d)), seq(n) {}
  std::uint64_t seq;
};
struct BenchPong : rt::EventOf<BenchPong, rt::Message> {
  BenchPong(rt::Address s, rt::Address d, std::uint64_t n)
      : Base(std::move(s), std::move(d)), seq(n) {}
  std::uint64_t seq;
};

template <class M>
std::string encodeSeq(const M& m) {
  std::string out(8, '\0');
  std::memcpy(out.data(), &m.seq, 8);
  return out;
}
template <class M>
rt::DecodeResult<M> decodeSeq(net::Address s, net::Address d, std::string_view p) {
  if (p.size() != 8) return rt::DecodeResult<M>::failure("expected 8 bytes");
  std::uint64_t seq;
  std::memcpy(&seq, p.data(), 8);
  return std::make_shared<const M>(std::move(s), std::move(d), seq);
}
const rt::Serializers::Registration kPing =
    rt::codecFor<BenchPing>("bench.Ping", encodeSeq<BenchPing>, decodeSeq<BenchPing>);
const rt::Serializers::Registration kPong =
    rt::codecFor<BenchPong>("bench.Pong", encodeSeq<BenchPong>, decodeSeq<BenchPong>);

class Ponger : public rt::ComponentDefinition {
 public:
  explicit Ponger(rt::Address /*self*/) {
    subscribe(net_, [this](const BenchPing& p) {
      trigger(BenchPong(p.destination, p.source, p.seq), net_);
    });
  }

 private:
  rt::Positive<rt::Network> net_ = require<rt::Network>();
};

struct Outcome {
  double seconds = 0;
  std::uint64_t roundTrips = 0;
};

class Pinger : public rt::ComponentDefinition {
 public:
  Pinger(rt::Address self, rt::Address peer, std::uint64_t warmup, std::uint64_t count,
         std::uint64_t window, std::promise<Outcome>* done)
      : self_(std::move(self)),
        peer_(std::move(peer)),
        warmup_(warmup),
        total_(warmup + count),
        window_(window),
        done_(done) {
    subscribe(net_, [this](const BenchPong&) { onPong(); });
  }

 private:
  void onStart() override {
    for (std::uint64_t i = 0; i < window_ && sent_ < total_; ++i) send();
  }
  void send() { trigger(BenchPing(self_, peer_, sent_++), net_); }
  void onPong() {
    ++received_;
    if (received_ == warmup_) start_ = now();
    if (received_ == total_) {
      const double seconds = std::chrono::duration<double>(now() - start_).count();
      done_->set_value({seconds, total_ - warmup_});
      return;
    }
    if (sent_ < total_) send();
  }

  rt::Address self_, peer_;
  std::uint64_t warmup_, total_, window_;
  std::uint64_t sent_ = 0, received_ = 0;
  rt::Duration start_{0};
  std::promise<Outcome>* done_;
  rt::Positive<rt::Network> net_ = require<rt::Network>();
};

template <class App, class... Args>
class Node : public rt::ComponentDefinition {
 public:
  Node(net::TcpNetworkConfig config, Args... args) {
    network = createNamed<net::TcpNetwork>("net", std::move(config));
    auto app = createNamed<App>("app", network->boundAddress(), args...);
    connect(network.positive<rt::Network>(), app.template negative<rt::Network>());
  }
  rt::Component<net::TcpNetwork> network;
};

void quietLog(rt::LogLevel level, const std::string& path, const std::string& text) {
  if (level >= rt::LogLevel::Warning) std::fprintf(stderr, "%s: %s\n", path.c_str(), text.c_str());
}

// How many untimed round trips come before the timed ones.
std::uint64_t warmupFor(std::uint64_t count, std::uint64_t window) {
  return std::min<std::uint64_t>(count / 10 + window, 20000);
}

[[noreturn]] void runPonger(int readyFd) {
  rt::Runtime runtime({.workers = 1, .log = quietLog});
  net::TcpNetworkConfig config;
  config.self = {"ponger", "127.0.0.1", 0};
  config.maxQueuedMessages = 1 << 20;
  auto node = runtime.createRoot<Node<Ponger>>(config);
  const std::uint16_t port = node->network->boundAddress().port;
  runtime.start();
  (void)::write(readyFd, &port, sizeof port);
  ::close(readyFd);
  runtime.awaitTermination();  // until the parent kills us
  std::_Exit(0);
}

Outcome runPinger(std::uint16_t pongerPort, int run, std::uint64_t count, std::uint64_t window) {
  std::promise<Outcome> done;
  auto result = done.get_future();
  rt::Runtime runtime({.workers = 1, .log = quietLog});
  net::TcpNetworkConfig config;
  config.self = {"pinger" + std::to_string(run), "127.0.0.1", 0};
  config.maxQueuedMessages = 1 << 20;
  const rt::Address peer{"ponger", "127.0.0.1", pongerPort};
  // The node hands the pinger its bound address (the port is picked at bind).
  runtime.createRoot<Node<Pinger, rt::Address, std::uint64_t, std::uint64_t, std::uint64_t,
                          std::promise<Outcome>*>>(config, peer, warmupFor(count, window), count,
                                                   window, &done);
  runtime.start();
  Outcome outcome = result.get();
  runtime.shutdown(0);
  runtime.awaitTermination();
  return outcome;
}

// The bytes one BenchPing takes on the wire (a pong takes as many): the
// floor echoes frames of this size. The addresses are those of a run.
std::size_t pingFrameBytes() {
  const BenchPing ping({"pinger1", "127.0.0.1", 40000}, {"ponger", "127.0.0.1", 40001}, 0);
  auto frame = net::encodeMessage(ping);
  return frame ? frame->size() : 0;
}

// Forks a child that runs `body(readyFd)` and returns the uint16_t it
// writes to readyFd (a port), or 0 if the child could not start.
template <class Body>
std::uint16_t forkServer(pid_t& child, Body body) {
  int fds[2];
  if (::pipe(fds) != 0) return 0;
  child = ::fork();
  if (child < 0) return 0;
  if (child == 0) {
    ::close(fds[0]);
    body(fds[1]);
    std::_Exit(0);
  }
  ::close(fds[1]);
  std::uint16_t port = 0;
  if (::read(fds[0], &port, sizeof port) != sizeof port) port = 0;
  ::close(fds[0]);
  return port;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = "all";
  std::uint64_t messages = 0;
  std::uint64_t window = 256;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--mode" && i + 1 < argc)
      mode = argv[++i];
    else if (a == "--messages" && i + 1 < argc)
      messages = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--window" && i + 1 < argc)
      window = std::strtoull(argv[++i], nullptr, 10);
    else {
      std::fprintf(stderr,
                   "usage: catslab-bench-net [--mode pingpong|pipeline|all] [--messages N] "
                   "[--window W]\n");
      return 2;
    }
  }
  if ((mode != "pingpong" && mode != "pipeline" && mode != "all") || window == 0) {
    std::fprintf(stderr, "catslab-bench-net: bad --mode or --window\n");
    return 2;
  }

  const bool pingpong = mode == "pingpong" || mode == "all";
  const std::size_t frameBytes = pingFrameBytes();
  // Fork before any thread exists.
  pid_t echoChild = -1;
  const std::uint16_t echoPort =
      pingpong ? forkServer(echoChild, [&](int fd) { bench::runEchoServer(fd, frameBytes); }) : 0;
  pid_t child = -1;
  const std::uint16_t port = forkServer(child, [](int fd) { runPonger(fd); });
  if (port == 0 || (pingpong && echoPort == 0)) {
    std::fprintf(stderr, "catslab-bench-net: a server process did not start\n");
    return 1;
  }

  int run = 0;
  if (pingpong) {
    const std::uint64_t n = messages ? messages : 20000;
    const Outcome o = runPinger(port, ++run, n, 1);
    std::printf("pingpong: round_trips=%llu seconds=%.3f mean_rtt_us=%.1f msgs_per_sec=%.0f\n",
                static_cast<unsigned long long>(o.roundTrips), o.seconds,
                o.seconds * 1e6 / static_cast<double>(o.roundTrips),
                static_cast<double>(o.roundTrips) / o.seconds);
    const bench::EchoOutcome f = bench::runEchoClient(echoPort, frameBytes, warmupFor(n, 1), n);
    std::printf(
        "asio_floor: frame_bytes=%zu round_trips=%llu seconds=%.3f mean_rtt_us=%.1f "
        "msgs_per_sec=%.0f\n",
        frameBytes, static_cast<unsigned long long>(f.roundTrips), f.seconds,
        f.seconds * 1e6 / static_cast<double>(f.roundTrips),
        static_cast<double>(f.roundTrips) / f.seconds);
    std::printf("pingpong_vs_floor: %.2fx\n", o.seconds / f.seconds);
  }
  if (mode == "pipeline" || mode == "all") {
    const std::uint64_t n = messages ? messages : 1000000;
    const Outcome o = runPinger(port, ++run, n, window);
    std::printf("pipeline: window=%llu round_trips=%llu seconds=%.3f msgs_per_sec=%.0f\n",
                static_cast<unsigned long long>(window),
                static_cast<unsigned long long>(o.roundTrips), o.seconds,
                static_cast<double>(o.roundTrips) / o.seconds);
  }
  std::fflush(stdout);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  if (echoChild > 0) ::waitpid(echoChild, nullptr, 0);  // it ends when the client hangs up
  return 0;
}
