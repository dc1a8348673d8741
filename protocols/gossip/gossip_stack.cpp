// The "gossip" stack: Cyclon peer sampling under rumour mongering. The
// gossip component answers the console.
#include "protocols/common/params.h"
#include "protocols/cyclon/cyclon.h"
#include "protocols/gossip/gossip.h"

namespace catslab::protocols::gossip {

namespace {

class GossipNode : public runtime::ComponentDefinition {
 public:
  GossipNode(const runtime::StackContext& ctx, cyclon::CyclonConfig sampling, GossipConfig config) {
    auto peers = createNamed<cyclon::Cyclon>("cyclon", ctx, sampling);
    auto gossip = createNamed<GossipComponent>("gossip", ctx, config);
    connect(peers.positive<cyclon::PeerSampling>(), gossip.negative<cyclon::PeerSampling>());
    for (const runtime::ComponentRef& child :
         {runtime::ComponentRef(peers), runtime::ComponentRef(gossip)}) {
      connect(net_, child.negative<runtime::Network>());
      connect(timer_, child.negative<runtime::Timer>());
    }
    connect(console_, gossip.positive<runtime::Console>());
  }

 private:
  runtime::Negative<runtime::Console> console_ = provide<runtime::Console>();
  runtime::Positive<runtime::Network> net_ = require<runtime::Network>();
  runtime::Positive<runtime::Timer> timer_ = require<runtime::Timer>();
};

const runtime::StackRegistry::Registration kGossipStack({
    "gossip",
    "Rumour mongering (push or push-pull) over Cyclon peer sampling; commands gossip <text>, "
    "delivered, sample",
    [](runtime::ComponentDefinition& parent, const runtime::StackContext& ctx) {
      auto sampling = stackConfig("gossip", cyclon::CyclonConfig::fromParams(ctx.params));
      auto config = stackConfig("gossip", GossipConfig::fromParams(ctx.params));
      return runtime::ComponentRef(
          runtime::StackBuilder::createIn<GossipNode>(parent, "node", ctx, sampling, config));
    },
});

}  // namespace
}  // namespace catslab::protocols::gossip
