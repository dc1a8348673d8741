// Bootstrap server: cache of live peers with eviction by heartbeat age.
#include "protocols/bootstrap/bootstrap_server.h"

#include <algorithm>

namespace catslab::protocols::bootstrap {

BootstrapServer::BootstrapServer(runtime::StackContext context, BootstrapConfig config)
    : ConsoleStack(HelpStyle::kOneLine), context_(std::move(context)), config_(config) {
  subscribe(network_, &BootstrapServer::onJoin);
  subscribe(network_, &BootstrapServer::onKeepAlive);
  subscribe(timer_, &BootstrapServer::onSweep);
}

void BootstrapServer::onStart() {
  schedulePeriodic(timer_, config_.sweepPeriod, config_.sweepPeriod, Sweep{});
}

void BootstrapServer::refresh(const Address& a) {
  if (a == context_.self) return;
  cache_[a.id] = Entry{a, now()};
}

// upon JoinRequest from p: reply with up to count random cached peers other
// than p, then remember p as live.
void BootstrapServer::onJoin(const JoinRequest& m) {
  std::vector<Address> candidates;
  for (const auto& [id, e] : cache_) {
    if (!(e.address == m.source)) candidates.push_back(e.address);
  }
  std::shuffle(candidates.begin(), candidates.end(), random());
  if (candidates.size() > m.count) candidates.resize(m.count);
  trigger(PeerSample(context_.self, m.source, std::move(candidates)), network_);
  refresh(m.source);
}

void BootstrapServer::onKeepAlive(const KeepAlive& m) { refresh(m.source); }

// Every sweep period: evict entries older than evictionAge.
void BootstrapServer::onSweep(const Sweep&) {
  const auto cutoff = now() - config_.evictionAge;
  evicted_ += std::erase_if(cache_, [&](const auto& kv) { return kv.second.lastSeen < cutoff; });
}

bool BootstrapServer::handleCommand(const CommandLine& cmd, std::uint64_t id) {
  if (cmd.verb != "peers") return false;
  std::string text = std::to_string(cache_.size()) + " live peers:";
  for (const auto& [peer, e] : cache_) {
    text += " " + peer + "(" +
            std::to_string(
                std::chrono::duration_cast<std::chrono::milliseconds>(now() - e.lastSeen).count()) +
            "ms)";
  }
  reply(text, id);
  return true;
}

std::vector<std::string> BootstrapServer::helpLines() const { return {"peers"}; }

void BootstrapServer::inspect(runtime::StateWriter& out) const {
  out.set("role", "server");
  std::vector<std::string> entries;
  for (const auto& [id, e] : cache_) {
    entries.push_back(
        id + " age " +
        std::to_string(
            std::chrono::duration_cast<std::chrono::milliseconds>(now() - e.lastSeen).count()) +
        "ms");
  }
  out.setList("cache", entries);
  out.set("cacheSize", static_cast<std::uint64_t>(cache_.size()));
  out.set("evicted", evicted_);
}

}  // namespace catslab::protocols::bootstrap
