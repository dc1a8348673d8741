// catslab-node: one node of a topology as an OS process (DESIGN.md,
// production profile). Builds the node's stack on the real network with
// link emulation, runs its script, then takes console commands on stdin
// (one per line) and answers on stdout. docs/node.md is the user's guide.
//
//   catslab-node --topology FILE --node ID [--monitor HOST:PORT] [--monitor-tls on|off]
//                [--bind ADDR] [--tls-cert FILE --tls-key FILE --tls-ca FILE]
//                [--workers N] [--seed N]
//
// Exit codes: 0 after quit, EOF on stdin or SIGTERM/SIGINT; 1 after a fault
// or if the node cannot listen; 2 for bad arguments or a bad topology.
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

#include "app/catslab_node/monitor_client.h"
#include "app/catslab_node/node_host.h"
#include "app/catslab_node/trace_bridge.h"
#include "runtime/asio_timer.h"
#include "runtime/client_ops.h"
#include "runtime/host_address.h"
#include "runtime/net/link_table.h"
#include "runtime/net/tls_context.h"
#include "runtime/runtime.h"
#include "runtime/sim/trace_recorder.h"
#include "runtime/topology.h"

namespace rt = catslab::runtime;
namespace node = catslab::node;
namespace net = catslab::net;
namespace sim = catslab::sim;

namespace {

constexpr const char* kUsage =
    "usage: catslab-node --topology FILE --node ID [--monitor HOST:PORT] [--monitor-tls on|off]\n"
    "                    [--bind ADDR] [--tls-cert FILE --tls-key FILE --tls-ca FILE]\n"
    "                    [--tls-handshake-timeout MS] [--workers N] [--seed N]\n";

constexpr const char* kHelp =
    "Runs node ID of the topology FILE as this process (docs/node.md): prints\n"
    "'ready ID HOST:PORT', then takes console commands on stdin ('help' lists them).\n"
    "\n"
    "  --topology FILE      the topology (JSON)\n"
    "  --node ID            which of its nodes to run\n"
    "  --monitor HOST:PORT  stream trace records to a monitor (the app) and take commands\n"
    "  --monitor-tls on|off TLS to the monitor (default: on when the node has TLS files)\n"
    "  --bind ADDR          IP address to listen on (overrides the topology's bind)\n"
    "  --tls-cert FILE      this node's certificate (mutual TLS; all three or none)\n"
    "  --tls-key FILE       its private key\n"
    "  --tls-ca FILE        the cluster's CA certificate\n"
    "  --tls-handshake-timeout MS  close a connection that has not completed its\n"
    "                       TLS handshake by then (default 5000)\n"
    "  --workers N          scheduler threads (default 2)\n"
    "  --seed N             root of the node's random streams (default: fresh)\n"
    "  --help               this text\n"
    "\n"
    "Exit codes: 0 after quit, end of input or SIGTERM; 1 after a fault or if the\n"
    "node cannot listen; 2 for bad arguments or a bad topology.\n";

struct Args {
  std::string topology;
  std::string node;
  std::string monitorHost;
  std::uint16_t monitorPort = 0;
  std::string monitorTls;  // "on", "off"; empty: on when the node has TLS files
  std::string bind;        // overrides the topology's bind address
  net::TlsFiles tls;       // each overrides the topology's file
  std::chrono::milliseconds tlsHandshakeTimeout = net::kDefaultTlsHandshakeTimeout;
  int workers = 2;
  // The root of every component's random() stream. Fresh per process unless
  // given: a restarted node must not repeat its earlier choices.
  std::uint64_t seed = 0;
  bool seedGiven = false;
  bool help = false;  // --help: usage on stdout, exit 0
};

bool parsePort(const std::string& text, std::uint16_t& out) {
  unsigned value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || p != text.data() + text.size() || value == 0 || value > 65535) {
    return false;
  }
  out = static_cast<std::uint16_t>(value);
  return true;
}

rt::Result<Args> parseArgs(int argc, char** argv) {
  using R = rt::Result<Args>;
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      a.help = true;
      return a;
    }
    if (i + 1 >= argc) return R::failure("option " + flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--topology") {
      a.topology = value;
    } else if (flag == "--node") {
      a.node = value;
    } else if (flag == "--monitor") {
      const auto colon = value.rfind(':');
      if (colon == std::string::npos || colon == 0 ||
          !parsePort(value.substr(colon + 1), a.monitorPort)) {
        return R::failure("--monitor wants HOST:PORT, got '" + value + "'");
      }
      a.monitorHost = value.substr(0, colon);
      // [::1]:7000 for an IPv6 monitor.
      if (a.monitorHost.size() > 2 && a.monitorHost.front() == '[' && a.monitorHost.back() == ']')
        a.monitorHost = a.monitorHost.substr(1, a.monitorHost.size() - 2);
    } else if (flag == "--monitor-tls") {
      if (value != "on" && value != "off") {
        return R::failure("--monitor-tls wants on or off, got '" + value + "'");
      }
      a.monitorTls = value;
    } else if (flag == "--bind") {
      if (!rt::isIpAddress(value)) {
        return R::failure("--bind wants an IP address (0.0.0.0 or :: for every interface), got '" +
                          value + "'");
      }
      a.bind = value;
    } else if (flag == "--tls-cert") {
      a.tls.cert = value;
    } else if (flag == "--tls-key") {
      a.tls.key = value;
    } else if (flag == "--tls-ca") {
      a.tls.ca = value;
    } else if (flag == "--tls-handshake-timeout") {
      unsigned ms = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
      if (ec != std::errc() || p != value.data() + value.size() || ms < 1 || ms > 600000) {
        return R::failure("--tls-handshake-timeout wants milliseconds from 1 to 600000, got '" +
                          value + "'");
      }
      a.tlsHandshakeTimeout = std::chrono::milliseconds(ms);
    } else if (flag == "--workers") {
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), a.workers);
      if (ec != std::errc() || p != value.data() + value.size() || a.workers < 1 ||
          a.workers > 64) {
        return R::failure("--workers wants a number from 1 to 64, got '" + value + "'");
      }
    } else if (flag == "--seed") {
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), a.seed);
      if (ec != std::errc() || p != value.data() + value.size()) {
        return R::failure("--seed wants a whole number, got '" + value + "'");
      }
      a.seedGiven = true;
    } else {
      return R::failure("unknown option '" + flag + "'");
    }
  }
  if (a.topology.empty()) return R::failure("--topology FILE is required");
  if (a.node.empty()) return R::failure("--node ID is required");
  if (!a.seedGiven) {
    std::random_device entropy;
    a.seed = (static_cast<std::uint64_t>(entropy()) << 32) ^ entropy();
  }
  return a;
}

// The node's TLS files: the command line's, else the topology's, whose
// relative paths are relative to the topology file.
net::TlsFiles tlsFilesFor(const Args& args, const catslab::topology::Node& self) {
  const std::filesystem::path base = std::filesystem::path(args.topology).parent_path();
  auto pick = [&base](const std::string& given, const std::string& inFile) {
    if (!given.empty()) return given;
    if (inFile.empty() || std::filesystem::path(inFile).is_absolute()) return inFile;
    return (base / inFile).string();
  };
  return {pick(args.tls.cert, self.tls_cert()), pick(args.tls.key, self.tls_key()),
          pick(args.tls.ca, self.tls_ca())};
}

// stdout is shared by the console, the ready line and command output.
std::mutex gOutMutex;
void printLine(const std::string& text) {
  std::lock_guard lock(gOutMutex);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

const char* levelName(rt::LogLevel level) {
  switch (level) {
    case rt::LogLevel::Debug:
      return "debug";
    case rt::LogLevel::Info:
      return "info";
    case rt::LogLevel::Warning:
      return "warning";
    case rt::LogLevel::Error:
      return "error";
  }
  return "info";
}

// Reads stdin lines and waits for SIGTERM/SIGINT on one thread, so that
// neither needs a signal handler; `wake` ends it when the node stops.
class ControlLoop {
 public:
  ControlLoop(rt::Runtime& runtime, node::NodeHost& host, int signalFd)
      : runtime_(runtime), host_(host), signalFd_(signalFd) {
    if (::pipe(wake_) != 0) wake_[0] = wake_[1] = -1;
    thread_ = std::thread([this] { run(); });
  }
  ~ControlLoop() {
    if (wake_[1] >= 0) (void)::write(wake_[1], "x", 1);
    thread_.join();
    for (int fd : wake_) {
      if (fd >= 0) ::close(fd);
    }
  }

 private:
  void run() {
    std::string buffer;
    bool stdinOpen = true;
    char chunk[4096];
    while (true) {
      pollfd fds[3] = {
          {stdinOpen ? 0 : -1, POLLIN, 0}, {signalFd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
      if (::poll(fds, 3, -1) < 0) {
        if (errno == EINTR) continue;
        return;
      }
      if (fds[2].revents) return;
      if (fds[1].revents & POLLIN) {
        signalfd_siginfo info{};
        (void)::read(signalFd_, &info, sizeof info);
        runtime_.log(rt::LogLevel::Info, "/",
                     std::string("received ") + strsignal(info.ssi_signo) + ", shutting down");
        runtime_.shutdown(0);
      }
      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
        const ssize_t n = ::read(0, chunk, sizeof chunk);
        if (n <= 0) {
          stdinOpen = false;
          if (!buffer.empty()) host_.submit(buffer);
          runtime_.shutdown(0);  // EOF on stdin: the launcher is done with us
          continue;
        }
        buffer.append(chunk, static_cast<std::size_t>(n));
        std::size_t start = 0;
        for (std::size_t nl; (nl = buffer.find('\n', start)) != std::string::npos; start = nl + 1) {
          std::string line = buffer.substr(start, nl - start);
          if (!line.empty() && line.back() == '\r') line.pop_back();
          host_.submit(line);
        }
        buffer.erase(0, start);
      }
    }
  }

  rt::Runtime& runtime_;
  node::NodeHost& host_;
  int signalFd_;
  int wake_[2] = {-1, -1};
  std::thread thread_;
};

}  // namespace

int main(int argc, char** argv) {
  auto args = parseArgs(argc, argv);
  if (!args) {
    std::fprintf(stderr, "catslab-node: %s\n", args.error().c_str());
    std::fputs(kUsage, stderr);
    return 2;
  }
  if (args->help) {
    std::fputs(kUsage, stdout);
    std::fputs("\n", stdout);
    std::fputs(kHelp, stdout);
    return 0;
  }
  auto topology = rt::loadTopology(args->topology);
  if (!topology) {
    std::fprintf(stderr, "catslab-node: %s\n", topology.error().c_str());
    return 2;
  }
  const catslab::topology::Node* self = rt::findNode(*topology, args->node);
  if (!self) {
    std::string ids;
    for (const auto& n : topology->nodes()) ids += (ids.empty() ? "" : ", ") + n.id();
    std::fprintf(stderr, "catslab-node: %s: no node '%s' (nodes: %s)\n", args->topology.c_str(),
                 args->node.c_str(), ids.c_str());
    return 2;
  }
  if (!rt::StackRegistry::find(self->stack())) {
    std::string names;
    for (const auto& n : rt::StackRegistry::names()) names += (names.empty() ? "" : ", ") + n;
    std::fprintf(stderr, "catslab-node: %s: node '%s': unknown stack '%s' (stacks: %s)\n",
                 args->topology.c_str(), self->id().c_str(), self->stack().c_str(),
                 names.empty() ? "none" : names.c_str());
    return 2;
  }

  // Signals are taken by the control loop's signalfd: block them in every
  // thread, which must happen before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a vanished peer or monitor is an error code, not death
  const int signalFd = signalfd(-1, &signals, SFD_CLOEXEC);

  auto clock = std::make_shared<rt::SteadyClock>();
  // The recorder outlives the runtime: its log function and the network's
  // TraceBridge write to it until the last component is gone.
  std::unique_ptr<sim::TraceRecorder> recorder;
  const std::string nodeId = self->id();

  rt::RuntimeOptions options;
  options.workers = args->workers;
  options.seed = args->seed;
  options.clock = clock;
  options.log = [&recorder, nodeId](rt::LogLevel level, const std::string& path,
                                    const std::string& text) {
    std::fprintf(stderr, "[%s] %s %s: %s\n", levelName(level), nodeId.c_str(), path.c_str(),
                 text.c_str());
    if (recorder) recorder->log(nodeId, levelName(level), path + ": " + text);
  };
  rt::Runtime runtime(options);
  runtime.service<rt::ClientOps>().setSink(
      [&recorder, nodeId](const std::string&, const catslab::trace::ClientOp& op) {
        if (recorder) recorder->clientOp(nodeId, op);
      });
  // The monitor's socket and timer live on the runtime's io_context, so the
  // monitor must go before the runtime (on every way out of main); the
  // recorder only holds it weakly.
  std::shared_ptr<node::MonitorClient> monitor;
  runtime.log(rt::LogLevel::Info, "/", "seed " + std::to_string(args->seed));

  node::NodeConfig config;
  config.topology = *topology;
  config.nodeId = nodeId;
  config.network.self = rt::Address{nodeId, self->host().empty() ? "127.0.0.1" : self->host(),
                                    static_cast<std::uint16_t>(self->port())};
  config.network.bind = args->bind.empty() ? self->bind() : args->bind;
  config.network.links = net::LinkTable::fromTopology(*topology, nodeId);
  config.network.tls = tlsFilesFor(*args, *self);
  config.network.tlsHandshakeTimeout = args->tlsHandshakeTimeout;
  if (config.network.tls.any() && !config.network.tls.complete()) {
    std::fprintf(stderr,
                 "catslab-node: mutual TLS needs all three of --tls-cert, --tls-key and --tls-ca "
                 "(or tlsCert, tlsKey and tlsCa in the topology)\n");
    return 2;
  }
  if (!config.network.tls.cert.empty()) {
    // Peers refuse an expired certificate; say so here too, where the
    // operator looks first, and warn two weeks ahead.
    const std::string problem =
        net::certificateValidityProblem(config.network.tls.cert, std::chrono::system_clock::now());
    if (!problem.empty()) {
      runtime.log(rt::LogLevel::Warning, "/net",
                  "tls_cert '" + config.network.tls.cert + "' " + problem);
    }
  }
  config.stack.self = config.network.self;
  for (const auto& n : topology->nodes()) {
    if (n.id() == nodeId) continue;
    config.stack.peers.push_back(rt::Address{n.id(), n.host().empty() ? "127.0.0.1" : n.host(),
                                             static_cast<std::uint16_t>(n.port())});
  }
  config.stack.params.insert(self->params().begin(), self->params().end());
  config.stack.bootstrap = topology->bootstrap();

  node::NodeHost* hostPtr = nullptr;
  if (!args->monitorHost.empty()) {
    // The monitor speaks TLS with the node's certificate when the node has
    // one (docs/deploy.md "TLS to the monitor"), unless told otherwise.
    std::shared_ptr<boost::asio::ssl::context> monitorTls;
    if (args->monitorTls == "on" && !config.network.tls.complete()) {
      std::fprintf(stderr,
                   "catslab-node: --monitor-tls on needs the node's TLS files (--tls-cert, "
                   "--tls-key and --tls-ca, or tlsCert, tlsKey and tlsCa in the topology)\n");
      return 2;
    }
    if (args->monitorTls != "off" && config.network.tls.complete()) {
      auto context = net::makeTlsContext(config.network.tls);
      if (!context) {
        std::fprintf(stderr, "catslab-node: %s\n", context.error().c_str());
        return 2;
      }
      monitorTls = *context;
    }
    auto& io = runtime.service<rt::IoThread>().context();
    monitor = std::make_shared<node::MonitorClient>(
        io, args->monitorHost, args->monitorPort,
        [&hostPtr](const std::string& line) {
          if (hostPtr) hostPtr->submit(line);
        },
        [&runtime](bool warning, const std::string& text) {
          runtime.log(warning ? rt::LogLevel::Warning : rt::LogLevel::Info, "/monitor", text);
        },
        monitorTls, args->tlsHandshakeTimeout);
    config.monitorStatus = [weak = std::weak_ptr<node::MonitorClient>(monitor)] {
      auto m = weak.lock();
      return m ? m->status() : std::string();
    };
    recorder = std::make_unique<sim::TraceRecorder>(
        *clock,
        [weak = std::weak_ptr<node::MonitorClient>(monitor)](const catslab::trace::Record& r) {
          if (auto m = weak.lock()) m->push(r);
        });
    recorder->header(topology->name(), 0, "production");
    config.network.events = std::make_shared<node::TraceBridge>(*recorder);
  }
  // Traced as the simulator traces a console (Simulation::command): the line
  // as a `command` record, its answer as `console` or `console-error`, so the
  // space-time diagram draws the request's bar for launched nodes too.
  config.print = [&recorder, nodeId](const std::string& text, bool error) {
    printLine(text);
    if (recorder) recorder->log(nodeId, error ? "console-error" : "console", text);
  };
  config.command = [&recorder, nodeId](const std::string& line) {
    if (recorder) recorder->log(nodeId, "command", line);
  };

  rt::Component<node::NodeHost> host;
  try {
    host = runtime.createRoot<node::NodeHost>(config);
  } catch (const std::invalid_argument& e) {
    // Stacks report bad parameters this way: bad input, like a bad file.
    std::fprintf(stderr, "catslab-node: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "catslab-node: %s\n", e.what());
    return 1;
  }
  hostPtr = &host.definition();
  const rt::Address address = host->address();
  if (recorder) {
    recorder->registerNode(host.core().get(), nodeId);
    recorder->nodeUp(nodeId, address.toString(), self->stack());
    runtime.setObserver(recorder.get());
    monitor->start([&runtime, &recorder, nodeId] {
      // The component tree, every few seconds, for launchers that draw it.
      static int ticks = 0;
      if (ticks++ % 5 != 0) return;
      catslab::trace::Record r;
      r.set_node(nodeId);
      r.mutable_tree()->set_json(runtime.describeJson());
      recorder->push(std::move(r));
    });
  }
  runtime.start();
  printLine("ready " + nodeId + " " + rt::hostPort(address.host, address.port));

  int code = 0;
  {
    ControlLoop control(runtime, *hostPtr, signalFd);
    code = runtime.awaitTermination();
  }
  hostPtr = nullptr;
  if (recorder) {
    runtime.setObserver(nullptr);
    recorder->nodeDown(nodeId, false, code == 0 ? "shut down" : "fault");
    monitor->stop();
  }
  return code;
}
