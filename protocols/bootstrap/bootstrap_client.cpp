// Bootstrap client: join through the server, then keep alive.
#include "protocols/bootstrap/bootstrap_client.h"

namespace catslab::protocols::bootstrap {

BootstrapClient::BootstrapClient(runtime::StackContext context, BootstrapConfig config)
    : ConsoleStack(HelpStyle::kOneLine),
      context_(std::move(context)),
      config_(config),
      server_{context_.bootstrap} {
  for (const auto& p : context_.peers) {
    if (p.id == context_.bootstrap) server_ = p;
  }
  subscribe(network_, &BootstrapClient::onSample);
  subscribe(timer_, [this](const Retry&) {
    if (!joined_) askServer();
  });
  subscribe(timer_, [this](const Beat&) { trigger(KeepAlive(context_.self, server_), network_); });
  subscribe(bootstrap_, [this](const GetPeers&) { askServer(); });
}

void BootstrapClient::onStart() {
  askServer();
  schedulePeriodic(timer_, config_.keepAlivePeriod, config_.keepAlivePeriod, Beat{});
}

void BootstrapClient::askServer() {
  trigger(JoinRequest(context_.self, server_, static_cast<std::uint32_t>(config_.sampleSize)),
          network_);
  scheduleTimeout(timer_, config_.joinRetry, Retry{});
}

void BootstrapClient::onSample(const PeerSample& m) {
  joined_ = true;
  ++samples_;
  peers_.clear();
  for (const auto& p : m.peers) {
    if (!(p == context_.self)) peers_.push_back(p);
  }
  trigger(PeersReceived(peers_), bootstrap_);
  if (pendingConsole_ != 0) {
    std::string text = std::to_string(peers_.size()) + " peers:";
    for (const auto& p : peers_) text += " " + p.id;
    reply(text, pendingConsole_);
    pendingConsole_ = 0;
  }
}

bool BootstrapClient::handleCommand(const CommandLine& cmd, std::uint64_t id) {
  if (cmd.verb == "peers") {
    std::string text = std::to_string(peers_.size()) + " peers:";
    for (const auto& p : peers_) text += " " + p.id;
    if (!joined_) text = "no sample yet from " + server_.id;
    reply(text, id);
  } else if (cmd.verb == "join") {
    pendingConsole_ = id;
    askServer();
  } else {
    return false;
  }
  return true;
}

std::vector<std::string> BootstrapClient::helpLines() const {
  return {"peers (last sample)", "join (ask again)"};
}

void BootstrapClient::inspect(runtime::StateWriter& out) const {
  out.set("role", "client");
  out.set("server", server_.id);
  out.set("joined", joined_);
  std::vector<std::string> ids;
  for (const auto& p : peers_) ids.push_back(p.id);
  out.setList("peers", ids);
  out.set("samples", samples_);
}

}  // namespace catslab::protocols::bootstrap
