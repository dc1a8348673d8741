// LocalStore: one node's durable state for CATS — the versioned values of
// the keys in every replication group (slice) the node replicates, and
// small named metadata records (each group's installed view, the Paxos
// acceptor state of each group's next view, the node's own counters).
//
// Writes are staged and become durable together at commit(): the caller
// (a CATS component) stages everything a batch of handled messages changed,
// calls commit() once — one synchronous write, so concurrent operations
// share one fsync (group commit) — and only then sends the messages that
// depend on that state. Reads see staged writes at once.
//
// Two implementations: MemoryStore (simulation and tests; "durable" across
// the restarts of a virtual node because it outlives the node, see
// MemoryStores) and LevelDbStore (node processes, one data directory per
// node, sync writes). Not thread-safe: one component owns a store.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/result.h"

namespace catslab::cats {

// A write's version: ordered by counter, then by the writer's node id.
struct Timestamp {
  std::uint64_t counter = 0;
  std::string writer;  // node id of the coordinator that wrote it; "" for the initial value
  friend bool operator==(const Timestamp&, const Timestamp&) = default;
  friend auto operator<=>(const Timestamp& a, const Timestamp& b) {
    if (auto c = a.counter <=> b.counter; c != 0) return c;
    return a.writer.compare(b.writer) <=> 0;
  }
};

struct Versioned {
  Timestamp ts;
  bool tombstone = false;  // a delete: the key is absent from ts on
  std::string value;
  friend bool operator==(const Versioned&, const Versioned&) = default;
};

class LocalStore {
 public:
  virtual ~LocalStore() = default;

  // --- data, per slice ------------------------------------------------------
  virtual std::optional<Versioned> get(std::uint32_t slice, std::string_view key) const = 0;
  // Stages `v` for `key` unconditionally (callers compare timestamps first).
  virtual void put(std::uint32_t slice, std::string_view key, const Versioned& v) = 0;
  // Every key of the slice, in key order.
  virtual std::vector<std::pair<std::string, Versioned>> scan(std::uint32_t slice) const = 0;
  virtual std::size_t count(std::uint32_t slice) const = 0;
  // Stages the removal of every key of the slice (the node left the group)
  // and of one key (a tombstone old enough to collect).
  virtual void eraseSlice(std::uint32_t slice) = 0;
  virtual void erase(std::uint32_t slice, std::string_view key) = 0;
  // The slices that hold at least one key.
  virtual std::vector<std::uint32_t> slices() const = 0;

  // --- metadata -------------------------------------------------------------
  virtual std::optional<std::string> getMeta(std::string_view name) const = 0;
  virtual void putMeta(std::string_view name, std::string_view bytes) = 0;
  virtual void eraseMeta(std::string_view name) = 0;
  // Every record whose name starts with `prefix`, in name order.
  virtual std::vector<std::pair<std::string, std::string>> scanMeta(
      std::string_view prefix) const = 0;

  // Makes everything staged since the last commit durable, in one
  // synchronous write. A failure (disk full, I/O error) is reported; the
  // staged writes stay staged.
  [[nodiscard]] virtual runtime::Status commit() = 0;
  // Writes staged and not yet committed (0 after a successful commit).
  virtual std::size_t staged() const = 0;
  // Synchronous writes done so far (one per commit that had staged writes).
  virtual std::uint64_t syncs() const = 0;
};

}  // namespace catslab::cats
