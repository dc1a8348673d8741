#include "app/catslab_node/node_host.h"

#include <chrono>
#include <cstdio>
#include <sstream>

#include "app/catslab_node/resp/resp_attach.h"
#include "runtime/asio_timer.h"
#include "runtime/host_address.h"
#include "runtime/net/link_command.h"
#include "runtime/runtime.h"

namespace catslab::node {

namespace {

std::string firstWord(const std::string& line, std::string& rest) {
  std::istringstream in(line);
  std::string word;
  in >> word;
  std::getline(in, rest);
  return word;
}

std::string formatSeconds(std::int64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ns) / 1e9);
  return buf;
}

}  // namespace

NodeHost::NodeHost(NodeConfig config) : config_(std::move(config)) {
  auto timer = createNamed<runtime::AsioTimer>("timer");
  net_ = createNamed<net::TcpNetwork>("net", config_.network);
  const topology::Node* self = nullptr;
  for (const auto& n : config_.topology.nodes()) {
    if (n.id() == config_.nodeId) self = &n;
  }
  stackName_ = self->stack();
  const runtime::StackInfo* info = runtime::StackRegistry::find(stackName_);
  config_.stack.self = net_->boundAddress();
  stack_ = info->factory(*this, config_.stack);
  connect(net_.positive<runtime::Network>(), stack_.negative<runtime::Network>());
  connect(timer.positive<runtime::Timer>(), stack_.negative<runtime::Timer>());
  infoBoard_ = &core().runtime().service<cats::InfoBoard>();
  resp_ = cats::createRespFrontEnd(*this, stack_, stackName_, config_.stack.params,
                                   config_.network.tls, config_.network.tlsHandshakeTimeout,
                                   [this](std::string_view section) { return respInfo(section); });
  if (resp_.valid()) {
    connect(stack_.positive<cats::KeyValueStore>(), resp_.negative<cats::KeyValueStore>());
  }
  // The script's timeouts come back to the host through the timer's port.
  timer_ = timer.positive<runtime::Timer>();
  console_ = stack_.positive<runtime::Console>();
  subscribe(console_, &NodeHost::onOutput);
  subscribe(timer_, [this](const ScriptStep& step) { submit(step.command); });
}

void NodeHost::onStart() {
  for (const auto& n : config_.topology.nodes()) {
    if (n.id() != config_.nodeId) continue;
    for (const auto& step : n.script()) {
      const auto delay = std::chrono::duration_cast<runtime::Duration>(
          std::chrono::duration<double, std::milli>(step.at_ms()));
      scheduleTimeout(timer_, delay, ScriptStep(step.command()));
    }
  }
}

void NodeHost::onOutput(const runtime::ConsoleOutput& output) {
  config_.print(output.text, output.error);
}

void NodeHost::submit(const std::string& line) {
  std::string rest;
  const std::string command = firstWord(line, rest);
  if (command.empty()) return;
  if (config_.command) config_.command(line);
  if (command == "help") {
    printHelp();
    trigger(runtime::ConsoleCommand(line, nextCommandId_++), console_);
  } else if (command == "status") {
    printStatus();
  } else if (command == "tree") {
    config_.print(core().runtime().describeJson(), false);
  } else if (command == "link") {
    auto result = net::runLinkCommand(*net_->links(), rest);
    config_.print(result ? *result : result.error(), !result);
  } else if (command == "quit" || command == "exit") {
    config_.print("bye", false);
    core().runtime().shutdown(0);
  } else {
    trigger(runtime::ConsoleCommand(line, nextCommandId_++), console_);
  }
}

// INFO's node sections for RESP clients; runs on the I/O thread, so it
// reads only what never changes after construction and the thread-safe
// InfoBoard.
std::string NodeHost::respInfo(std::string_view section) const {
  if (section == "server") {
    // Uptime from the runtime's clock (time since this node started).
    const auto up = std::chrono::duration_cast<std::chrono::seconds>(now()).count();
    return "uptime_in_seconds:" + std::to_string(up) +
           "\nuptime_in_days:" + std::to_string(up / 86400) + "\n";
  }
  if (section != "cats") return {};
  const runtime::Address self = net_->boundAddress();
  // The store's own snapshot (ring, groups, views), published by the CATS
  // node every tick under a lock (cats/core/info_board.h).
  return "node_id:" + config_.nodeId + "\nstack:" + stackName_ +
         "\nnode_address:" + runtime::hostPort(self.host, self.port) +
         "\npeers:" + std::to_string(config_.stack.peers.size()) + "\n" +
         infoBoard_->read(config_.nodeId);
}

void NodeHost::printHelp() {
  const std::string text =
      "node commands:\n"
      "  status                          this node, its peers and traffic counters\n"
      "  tree                            the live component tree (JSON)\n"
      "  link                            list this node's outgoing links\n"
      "  link <peer|all> down|up         take a link down / bring it up\n"
      "  link <peer|all> latency <ms> [jitter <ms>] [loss <p>]\n"
      "  link <peer|all> latency uniform <min> <max> | normal <mean> <sd>\n"
      "                  | exponential <mean> | pareto <scale> <shape>   latency drawn (ms)\n"
      "  quit                            shut the node down\n"
      "stack '" +
      stackName_ + "' commands:";
  config_.print(text, false);
}

void NodeHost::printStatus() {
  const runtime::Address self = net_->boundAddress();
  std::string out = "node " + config_.nodeId + " at " + runtime::hostPort(self.host, self.port) +
                    ", up " + formatSeconds(core().runtime().clock().nowNs());
  std::map<std::string, net::PeerInfo> contacted;
  for (auto& p : net_->peers()) contacted[p.address.id] = p;
  for (const auto& peer : config_.stack.peers) {
    auto it = contacted.find(peer.id);
    std::string state = it == contacted.end() ? "idle (not contacted yet)" : it->second.state;
    if (it != contacted.end() && it->second.state != "up" && !it->second.lastError.empty()) {
      state += " (" + it->second.lastError + ")";
    }
    out += "\npeer " + peer.id + " " + state + "; link " +
           net::describeLink(net_->links()->get(peer.id));
  }
  if (resp_.valid()) {
    out += "\nRESP front end on " + resp_->address() + (resp_->secure() ? " (TLS), " : ", ") +
           std::to_string(resp_->stats()->connectedClients.load()) + " clients";
  }
  const net::NetworkTotals t = net_->totals();
  out += "\nmessages sent " + std::to_string(t.sent) + " received " + std::to_string(t.received) +
         " dropped " + std::to_string(t.dropped) + "; connections rejected " +
         std::to_string(t.rejectedConnections);
  if (config_.monitorStatus) {
    if (std::string m = config_.monitorStatus(); !m.empty()) out += "\n" + m;
  }
  config_.print(out, false);
}

}  // namespace catslab::node
