// Bootstrap server: a cache of live peers for nodes that want to join an
// overlay.
//
// Properties: a client that keeps sending keep-alives stays in the cache; a
// client that stops (crashed, partitioned) is evicted at most evictionAge +
// sweepPeriod after its last keep-alive arrived. So once churn stops for
// that long (and messages are not lost), the cache holds exactly the live
// clients. Samples never contain the asker.
//
// Ports: provides Console (peers, help); requires Network and Timer. The
// top of the "bootstrap" stack on the topology's bootstrap node.
#pragma once

#include <map>

#include "protocols/bootstrap/bootstrap_config.h"
#include "protocols/bootstrap/bootstrap_messages.h"
#include "protocols/common/console_stack.h"
#include "runtime/stack_registry.h"

namespace catslab::protocols::bootstrap {

class BootstrapServer : public ConsoleStack {
 public:
  struct Entry {
    Address address;
    runtime::Duration lastSeen;
  };

  BootstrapServer(runtime::StackContext context, BootstrapConfig config);
  void inspect(runtime::StateWriter& out) const override;
  const std::map<std::string, Entry>& cache() const { return cache_; }

 private:
  struct Sweep : runtime::EventOf<Sweep, runtime::Timeout> {};

  void onStart() override;
  void onJoin(const JoinRequest& m);
  void onKeepAlive(const KeepAlive& m);
  void onSweep(const Sweep&);
  bool handleCommand(const CommandLine& cmd, std::uint64_t id) override;
  std::vector<std::string> helpLines() const override;
  void refresh(const Address& a);

  runtime::StackContext context_;
  BootstrapConfig config_;
  std::map<std::string, Entry> cache_;  // by node id, so iteration order is stable
  std::uint64_t evicted_ = 0;
  // Console, Network and Timer come from ConsoleStack.
};

}  // namespace catslab::protocols::bootstrap
