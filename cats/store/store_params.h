// Choosing a node's LocalStore from its stack parameters:
//   store=memory    (default) a MemoryStore from MemoryStores, by name
//   store=leveldb   a LevelDbStore in data_dir (required)
// A bad value is a failure naming the parameter; so is every refusal of
// the data directory (LevelDbStore::open's message).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "cats/store/local_store.h"
#include "runtime/result.h"

namespace catslab::cats {

enum class StoreKind { Memory, LevelDb };

struct StoreParams {
  StoreKind kind = StoreKind::Memory;
  std::string dataDir;  // store=leveldb only
};

[[nodiscard]] runtime::Result<StoreParams> storeParams(
    const std::map<std::string, std::string>& params);

// Opens the store the parameters choose for node `nodeId`. A memory store
// is MemoryStores::open(memoryName): give each node of each simulation run a
// distinct name (e.g. "<run>/<node id>") and reuse it when the node restarts.
[[nodiscard]] runtime::Result<std::shared_ptr<LocalStore>> openStore(const StoreParams& params,
                                                                     const std::string& nodeId,
                                                                     const std::string& memoryName);

}  // namespace catslab::cats
