// The "cats" stack: a CATS key-value store node (docs/cats.md).
#include "cats/core/cats_node.h"
#include "cats/store/store_params.h"
#include "protocols/common/params.h"

namespace catslab::cats {

runtime::Result<std::shared_ptr<LocalStore>> openNodeStore(
    const CatsConfig& config, const std::string& nodeId,
    const std::map<std::string, std::string>& params) {
  auto parsed = storeParams(params);
  if (!parsed) return runtime::Result<std::shared_ptr<LocalStore>>::failure(parsed.error());
  return openStore(*parsed, nodeId, config.storeScope + "/" + nodeId);
}

namespace {

const runtime::StackRegistry::Registration kCatsStack({
    "cats",
    "CATS key-value store node: linearizable get/put over consistent quorums, Paxos-reconfigured "
    "replication groups; commands put, get, del, ring, views, group, leave, status",
    [](runtime::ComponentDefinition& parent, const runtime::StackContext& context) {
      auto config = protocols::stackConfig("cats", CatsConfig::fromParams(context.params));
      auto store = openNodeStore(config, context.self.id, context.params);
      if (!store) throw std::invalid_argument("cats stack: " + store.error());
      return runtime::ComponentRef(runtime::StackBuilder::createIn<CatsNode>(
          parent, "cats", context, std::move(config), std::move(*store)));
    },
});

}  // namespace
}  // namespace catslab::cats
