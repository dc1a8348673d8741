// NodeHost: the root component of a catslab-node process. It builds the
// node's stack from the topology (StackRegistry) and wires it to the real
// network (TcpNetwork with link emulation) and the real timer (AsioTimer),
// runs the node's script, and executes console lines: node commands
// (help, status, tree, link, quit) itself, everything else by the stack.
//
// A stack that provides KeyValueStore (cats) also gets a Redis-protocol
// front end when its node's params have resp_port (docs/cats.md).
//
// submit() is the one way lines come in (stdin, the monitor channel, the
// script); it is thread-safe. Each line is first handed to the `command`
// callback and its output lines go to `print`, so the host can trace both as
// the simulator does (a `command` log record, then `console` or
// `console-error`); both callbacks must be thread-safe.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "app/catslab_node/resp/resp_front_end.h"
#include "cats/core/info_board.h"
#include "runtime/component.h"
#include "runtime/console.h"
#include "runtime/net/tcp_network.h"
#include "runtime/proto/topology.pb.h"
#include "runtime/stack_registry.h"

namespace catslab::node {

struct NodeConfig {
  topology::Topology topology;
  std::string nodeId;
  net::TcpNetworkConfig network;  // self, links, events filled in by main()
  runtime::StackContext stack;    // self, peers, params, bootstrap
  std::function<void(const std::string& line, bool error)> print;
  // Every console line about to run (may be empty: not traced).
  std::function<void(const std::string& line)> command;
  // One line about the monitor connection for `status`; empty: no monitor.
  std::function<std::string()> monitorStatus;
};

class NodeHost : public runtime::ComponentDefinition {
 public:
  explicit NodeHost(NodeConfig config);

  // Runs one console line. Thread-safe.
  void submit(const std::string& line);
  runtime::Address address() const { return net_->boundAddress(); }

 private:
  struct ScriptStep : runtime::EventOf<ScriptStep, runtime::Timeout> {
    explicit ScriptStep(std::string c) : command(std::move(c)) {}
    std::string command;
  };

  void onStart() override;
  void onOutput(const runtime::ConsoleOutput& output);
  void printHelp();
  void printStatus();
  std::string respInfo(std::string_view section) const;

  NodeConfig config_;
  std::string stackName_;
  std::atomic<std::uint64_t> nextCommandId_{1};
  runtime::Component<net::TcpNetwork> net_;
  runtime::ComponentRef stack_;
  runtime::Component<cats::RespFrontEnd> resp_;  // when the params have resp_port
  const cats::InfoBoard* infoBoard_ = nullptr;   // the runtime's; INFO cats reads it
  runtime::Positive<runtime::Console> console_;
  runtime::Positive<runtime::Timer> timer_;
};

}  // namespace catslab::node
