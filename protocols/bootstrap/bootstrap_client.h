// Bootstrap client: announces itself to the bootstrap server, obtains a
// sample of live peers to join through, and keeps its cache entry alive.
//
// It retries JoinRequest every joinRetry until a sample arrives (the server
// may start later or be briefly unreachable) and sends KeepAlive every
// keepAlivePeriod for as long as it runs.
//
// Ports: provides Bootstrap (GetPeers in, PeersReceived out) and Console
// (peers, join, help); requires Network and Timer. The top of the
// "bootstrap" stack on every node but the server.
#pragma once

#include <vector>

#include "protocols/bootstrap/bootstrap_config.h"
#include "protocols/bootstrap/bootstrap_messages.h"
#include "protocols/bootstrap/bootstrap_port.h"
#include "protocols/common/console_stack.h"
#include "runtime/stack_registry.h"

namespace catslab::protocols::bootstrap {

class BootstrapClient : public ConsoleStack {
 public:
  BootstrapClient(runtime::StackContext context, BootstrapConfig config);
  void inspect(runtime::StateWriter& out) const override;
  const std::vector<Address>& peers() const { return peers_; }
  bool joined() const { return joined_; }

 private:
  struct Retry : runtime::EventOf<Retry, runtime::Timeout> {};
  struct Beat : runtime::EventOf<Beat, runtime::Timeout> {};

  void onStart() override;
  void askServer();
  void onSample(const PeerSample& m);
  bool handleCommand(const CommandLine& cmd, std::uint64_t id) override;
  std::vector<std::string> helpLines() const override;

  runtime::StackContext context_;
  BootstrapConfig config_;
  Address server_;
  bool joined_ = false;
  std::vector<Address> peers_;
  std::uint64_t samples_ = 0;
  std::uint64_t pendingConsole_ = 0;  // console command waiting for a sample

  // Console, Network and Timer come from ConsoleStack.
  runtime::Negative<Bootstrap> bootstrap_ = provide<Bootstrap>();
};

}  // namespace catslab::protocols::bootstrap
