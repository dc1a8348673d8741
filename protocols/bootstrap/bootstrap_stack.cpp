// The "bootstrap" stack: the topology's bootstrap node runs the server,
// every other node a client. Also the parameter parsing both share.
#include <stdexcept>

#include "protocols/bootstrap/bootstrap_client.h"
#include "protocols/bootstrap/bootstrap_server.h"

namespace catslab::protocols::bootstrap {

runtime::Result<BootstrapConfig> BootstrapConfig::fromParams(
    const std::map<std::string, std::string>& p) {
  BootstrapConfig c;
  auto read = [&](const char* key, int& out) -> runtime::Status {
    auto it = p.find(key);
    if (it == p.end()) return runtime::Status::ok();
    try {
      std::size_t used = 0;
      const int v = std::stoi(it->second, &used);
      if (used == it->second.size() && v > 0) {
        out = v;
        return runtime::Status::ok();
      }
    } catch (const std::exception&) {
    }
    return runtime::Status::failure(std::string("parameter '") + key +
                                    "': expected a positive integer, got '" + it->second + "'");
  };
  int keepAlive = 500, evict = 2000, sample = c.sampleSize;
  for (auto s :
       {read("keepalive_ms", keepAlive), read("evict_ms", evict), read("sample", sample)}) {
    if (!s) return runtime::Result<BootstrapConfig>::failure(s.error());
  }
  if (evict <= keepAlive) {
    return runtime::Result<BootstrapConfig>::failure(
        "parameter 'evict_ms': must exceed keepalive_ms, or live peers get evicted");
  }
  c.keepAlivePeriod = std::chrono::milliseconds(keepAlive);
  c.evictionAge = std::chrono::milliseconds(evict);
  c.sampleSize = sample;
  return c;
}

namespace {
const runtime::StackRegistry::Registration kBootstrapStack({
    "bootstrap",
    "Bootstrap server (on the topology's bootstrap node) and clients: peer cache with "
    "heartbeat eviction; commands peers, join",
    [](runtime::ComponentDefinition& parent, const runtime::StackContext& ctx) {
      if (ctx.bootstrap.empty()) {
        throw std::invalid_argument("bootstrap stack: the topology names no bootstrap node");
      }
      auto config = BootstrapConfig::fromParams(ctx.params);
      if (!config) throw std::invalid_argument("bootstrap stack: " + config.error());
      if (ctx.self.id == ctx.bootstrap) {
        return runtime::ComponentRef(
            runtime::StackBuilder::createIn<BootstrapServer>(parent, "server", ctx, *config));
      }
      return runtime::ComponentRef(
          runtime::StackBuilder::createIn<BootstrapClient>(parent, "client", ctx, *config));
    },
});
}  // namespace

}  // namespace catslab::protocols::bootstrap
