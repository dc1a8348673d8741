// The "bootstrap" stack: the topology's bootstrap node runs the server,
// every other node a client. Also the parameter parsing both share.
#include <stdexcept>

#include "protocols/bootstrap/bootstrap_client.h"
#include "protocols/bootstrap/bootstrap_server.h"
#include "protocols/common/params.h"

namespace catslab::protocols::bootstrap {

runtime::Result<BootstrapConfig> BootstrapConfig::fromParams(
    const std::map<std::string, std::string>& p) {
  BootstrapConfig c;
  const auto keepAlive = paramPositiveInt(p, "keepalive_ms", 500);
  const auto evict = paramPositiveInt(p, "evict_ms", 2000);
  const auto sample = paramPositiveInt(p, "sample", c.sampleSize);
  if (auto s = firstFailure(keepAlive, evict, sample); !s) return s;
  if (*evict <= *keepAlive) {
    return runtime::Result<BootstrapConfig>::failure(
        "parameter 'evict_ms': " + std::to_string(*evict) + " must exceed keepalive_ms (" +
        std::to_string(*keepAlive) + "), or live peers get evicted");
  }
  c.keepAlivePeriod = std::chrono::milliseconds(*keepAlive);
  c.evictionAge = std::chrono::milliseconds(*evict);
  c.sampleSize = *sample;
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
      auto config = stackConfig("bootstrap", BootstrapConfig::fromParams(ctx.params));
      if (ctx.self.id == ctx.bootstrap) {
        return runtime::ComponentRef(
            runtime::StackBuilder::createIn<BootstrapServer>(parent, "server", ctx, config));
      }
      return runtime::ComponentRef(
          runtime::StackBuilder::createIn<BootstrapClient>(parent, "client", ctx, config));
    },
});
}  // namespace

}  // namespace catslab::protocols::bootstrap
