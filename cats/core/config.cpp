#include "cats/core/config.h"

#include "protocols/common/params.h"

namespace catslab::cats {

using protocols::paramPositiveInt;

runtime::Result<CatsConfig> CatsConfig::fromParams(const std::map<std::string, std::string>& p) {
  using R = runtime::Result<CatsConfig>;
  CatsConfig c;
  const auto slices = paramPositiveInt(p, "slices", 32);
  const auto replication = paramPositiveInt(p, "replication", 3);
  const auto deadline = paramPositiveInt(p, "deadline_ms", 5000);
  const auto retransmit = paramPositiveInt(p, "retransmit_ms", 200);
  const auto gc = paramPositiveInt(p, "gc_ms", 2000);
  // tombstone_gc_ms=0 turns collection off
  const auto horizon = p.count("tombstone_gc_ms") && p.at("tombstone_gc_ms") == "0"
                           ? runtime::Result<int>(0)
                           : paramPositiveInt(p, "tombstone_gc_ms", 30000);
  const auto maxKey = paramPositiveInt(p, "max_key_bytes", 64 * 1024);
  const auto maxValue = paramPositiveInt(p, "max_value_bytes", 8 * 1024 * 1024);
  if (auto s = protocols::firstFailure(slices, replication, deadline, retransmit, gc, horizon,
                                       maxKey, maxValue);
      !s) {
    return s;
  }
  c.maxKeyBytes = static_cast<std::size_t>(*maxKey);
  c.maxValueBytes = static_cast<std::size_t>(*maxValue);
  if (*slices > 4096) return R::failure("parameter 'slices': at most 4096, got " + p.at("slices"));
  c.slices = static_cast<std::uint32_t>(*slices);
  c.replication = *replication;
  c.deadline = std::chrono::milliseconds(*deadline);
  c.retransmit = std::chrono::milliseconds(*retransmit);
  c.gcDelay = std::chrono::milliseconds(*gc);
  c.tombstoneHorizon = std::chrono::milliseconds(*horizon);
  if (*horizon != 0 && *horizon <= *deadline) {
    return R::failure(
        "parameter 'tombstone_gc_ms': must be 0 (never collect) or more than "
        "deadline_ms (" +
        std::to_string(*deadline) + "), got " + std::to_string(*horizon));
  }
  if (auto it = p.find("consistency"); it != p.end()) {
    if (it->second == "linearizable") {
      c.consistency = Consistency::Linearizable;
    } else if (it->second == "eventual") {
      c.consistency = Consistency::Eventual;
    } else {
      return R::failure("parameter 'consistency': expected linearizable or eventual, got '" +
                        it->second + "'");
    }
  }
  if (auto it = p.find("broken"); it != p.end() && !it->second.empty()) {
    if (it->second == "plain-majority") {
      c.broken = Broken::PlainMajority;
    } else if (it->second == "serve-before-handoff") {
      c.broken = Broken::ServeBeforeHandoff;
    } else if (it->second == "get-without-impose") {
      c.broken = Broken::GetWithoutImpose;
    } else if (it->second == "eager-tombstone-gc") {
      c.broken = Broken::EagerTombstoneGc;
    } else if (it->second == "keep-leftovers") {
      c.broken = Broken::KeepLeftovers;
    } else {
      return R::failure("parameter 'broken': unknown variant '" + it->second +
                        "' (plain-majority, serve-before-handoff, get-without-impose, "
                        "eager-tombstone-gc, keep-leftovers)");
    }
  }
  if (auto it = p.find("store"); it != p.end()) {
    if (it->second != "memory" && it->second != "leveldb") {
      return R::failure("parameter 'store': expected memory or leveldb, got '" + it->second + "'");
    }
    c.store = it->second;
  }
  if (auto it = p.find("data_dir"); it != p.end()) c.dataDir = it->second;
  if (auto it = p.find("store_scope"); it != p.end()) c.storeScope = it->second;
  if (auto it = p.find("watch"); it != p.end()) {
    std::size_t from = 0;
    while (from <= it->second.size()) {
      std::size_t comma = it->second.find(',', from);
      if (comma == std::string::npos) comma = it->second.size();
      std::string key = it->second.substr(from, comma - from);
      key.erase(0, key.find_first_not_of(" \t"));
      key.erase(key.find_last_not_of(" \t") + 1);
      if (!key.empty()) c.watch.push_back(key);
      from = comma + 1;
    }
    if (c.watch.size() > kMaxWatchedKeys) {
      return R::failure("parameter 'watch': at most " + std::to_string(kMaxWatchedKeys) +
                        " keys, got " + std::to_string(c.watch.size()));
    }
  }
  if (c.store == "leveldb" && c.dataDir.empty()) {
    return R::failure("parameter 'data_dir': required with store=leveldb");
  }
  return c;
}

}  // namespace catslab::cats
