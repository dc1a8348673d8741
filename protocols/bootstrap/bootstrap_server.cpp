// Bootstrap server: cache of live peers with eviction by heartbeat age.
#include "protocols/bootstrap/bootstrap_server.h"

#include <algorithm>
#include <sstream>

namespace catslab::protocols::bootstrap {

BootstrapServer::BootstrapServer(runtime::StackContext context, BootstrapConfig config)
    : context_(std::move(context)), config_(config) {
  subscribe(net_, &BootstrapServer::onJoin);
  subscribe(net_, &BootstrapServer::onKeepAlive);
  subscribe(timer_, &BootstrapServer::onSweep);
  subscribe(console_, &BootstrapServer::onCommand);
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
  trigger(PeerSample(context_.self, m.source, std::move(candidates)), net_);
  refresh(m.source);
}

void BootstrapServer::onKeepAlive(const KeepAlive& m) { refresh(m.source); }

// Every sweep period: evict entries older than evictionAge.
void BootstrapServer::onSweep(const Sweep&) {
  const auto cutoff = now() - config_.evictionAge;
  evicted_ += std::erase_if(cache_, [&](const auto& kv) { return kv.second.lastSeen < cutoff; });
}

void BootstrapServer::onCommand(const runtime::ConsoleCommand& c) {
  std::istringstream in(c.line);
  std::string verb;
  in >> verb;
  if (verb.empty()) return;
  if (verb == "help") {
    trigger(runtime::ConsoleOutput("commands: peers | help", false, c.id), console_);
  } else if (verb == "peers") {
    std::string text = std::to_string(cache_.size()) + " live peers:";
    for (const auto& [id, e] : cache_) {
      text +=
          " " + id + "(" +
          std::to_string(
              std::chrono::duration_cast<std::chrono::milliseconds>(now() - e.lastSeen).count()) +
          "ms)";
    }
    trigger(runtime::ConsoleOutput(text, false, c.id), console_);
  } else {
    trigger(
        runtime::ConsoleOutput("error: unknown command '" + verb + "' (try 'help')", true, c.id),
        console_);
  }
}

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
