// The "cats" stack: a CATS key-value store node (docs/cats.md).
#include <atomic>

#include "cats/core/cats_node.h"
#include "cats/store/memory_store.h"
#include "cats/store/store_params.h"
#include "protocols/common/params.h"
#include "runtime/runtime.h"

namespace catslab::cats {

namespace {

// Without a store_scope parameter, a node's memory store is named after the
// runtime it runs in: every simulation run (catslab-sim --seeds runs many,
// on several threads) gets its own stores, and a node restarted within a run
// finds its own. The run's stores are forgotten with the runtime.
class MemoryStoreScope {
 public:
  explicit MemoryStoreScope(runtime::Runtime&)
      : name_("runtime-" + std::to_string(counter_.fetch_add(1) + 1)) {}
  ~MemoryStoreScope() { MemoryStores::drop(name_ + "/"); }
  const std::string& name() const { return name_; }

 private:
  static inline std::atomic<std::uint64_t> counter_{0};
  std::string name_;
};

}  // namespace

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
      if (!context.params.count("store_scope")) {
        config.storeScope = parent.core().runtime().service<MemoryStoreScope>().name();
      }
      auto store = openNodeStore(config, context.self.id, context.params);
      if (!store) throw std::invalid_argument("cats stack: " + store.error());
      auto node = runtime::StackBuilder::createIn<CatsNode>(parent, "cats", context,
                                                            std::move(config), std::move(*store));
      // Only a node with a RESP front end has INFO readers (and pays for it).
      if (context.params.count("resp_port")) {
        node->publishInfoTo(&parent.core().runtime().service<InfoBoard>());
      }
      return runtime::ComponentRef(node);
    },
});

}  // namespace
}  // namespace catslab::cats
