#include "cats/store/store_params.h"

#include "cats/store/leveldb_store.h"
#include "cats/store/memory_store.h"

namespace catslab::cats {

runtime::Result<StoreParams> storeParams(const std::map<std::string, std::string>& params) {
  using R = runtime::Result<StoreParams>;
  StoreParams out;
  const auto store = params.find("store");
  const auto dir = params.find("data_dir");
  if (store != params.end()) {
    if (store->second == "leveldb") {
      out.kind = StoreKind::LevelDb;
    } else if (store->second != "memory") {
      return R::failure("parameter 'store': expected 'memory' or 'leveldb', got '" + store->second +
                        "'");
    }
  }
  if (dir != params.end()) out.dataDir = dir->second;
  if (out.kind == StoreKind::LevelDb && out.dataDir.empty()) {
    return R::failure("parameter 'data_dir': store=leveldb needs a data directory");
  }
  if (out.kind == StoreKind::Memory && dir != params.end()) {
    return R::failure("parameter 'data_dir': given, but store=memory keeps no files " +
                      std::string("(did you mean store=leveldb?)"));
  }
  return out;
}

runtime::Result<std::shared_ptr<LocalStore>> openStore(const StoreParams& params,
                                                       const std::string& nodeId,
                                                       const std::string& memoryName) {
  using R = runtime::Result<std::shared_ptr<LocalStore>>;
  if (params.kind == StoreKind::Memory) {
    return std::shared_ptr<LocalStore>(MemoryStores::open(memoryName));
  }
  auto store = LevelDbStore::open(params.dataDir, nodeId);
  if (!store) return R::failure(store.error());
  return std::shared_ptr<LocalStore>(std::move(*store));
}

}  // namespace catslab::cats
