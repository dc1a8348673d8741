// MemoryStore: a LocalStore held in memory, for the simulator and tests.
// commit() makes nothing more durable than it was (there is no disk); it
// marks the staged writes as committed and counts one sync, so a component
// behaves, and is measured, exactly as with LevelDbStore.
//
// "Durable" means here: the store outlives the virtual node that uses it.
// MemoryStores is a process-wide registry of named stores: a node restarted
// in the simulator opens its store by the same name and finds its data, as
// a real node finds its data directory. MemoryStores::crash(name) is what
// a crash does to a disk: every write staged since the last commit is lost,
// so tests can check that components commit before they send.
//
// A MemoryStore is not thread-safe (one component owns it, like any
// LocalStore); the registry is.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cats/store/local_store.h"

namespace catslab::cats {

class MemoryStore final : public LocalStore {
 public:
  std::optional<Versioned> get(std::uint32_t slice, std::string_view key) const override;
  void put(std::uint32_t slice, std::string_view key, const Versioned& v) override;
  std::vector<std::pair<std::string, Versioned>> scan(std::uint32_t slice) const override;
  std::size_t count(std::uint32_t slice) const override;
  void eraseSlice(std::uint32_t slice) override;
  void erase(std::uint32_t slice, std::string_view key) override;
  std::vector<std::uint32_t> slices() const override;

  std::optional<std::string> getMeta(std::string_view name) const override;
  void putMeta(std::string_view name, std::string_view bytes) override;
  void eraseMeta(std::string_view name) override;
  std::vector<std::pair<std::string, std::string>> scanMeta(std::string_view prefix) const override;

  [[nodiscard]] runtime::Status commit() override;
  std::size_t staged() const override { return undo_.size(); }
  std::uint64_t syncs() const override { return syncs_; }

  // Forgets every write staged since the last commit (what a crash does);
  // returns how many there were.
  std::size_t discardStaged();

 private:
  using Slice = std::map<std::string, Versioned, std::less<>>;
  // How to take back one staged write: the previous state of what it changed.
  struct UndoKey {
    std::uint32_t slice;
    std::string key;
    std::optional<Versioned> before;
  };
  struct UndoSlice {
    std::uint32_t slice;
    Slice before;
  };
  struct UndoMeta {
    std::string name;
    std::optional<std::string> before;
  };
  using Undo = std::variant<UndoKey, UndoSlice, UndoMeta>;

  void stageKey(std::uint32_t slice, std::string_view key, std::optional<Versioned> next);
  void stageMeta(std::string_view name, std::optional<std::string> next);

  std::map<std::uint32_t, Slice> data_;  // what reads see: committed + staged
  std::map<std::string, std::string, std::less<>> meta_;
  std::vector<Undo> undo_;  // one entry per staged write, oldest first
  std::uint64_t syncs_ = 0;
};

// The process-wide registry of named memory stores.
class MemoryStores {
 public:
  // The store called `name`, created empty the first time.
  static std::shared_ptr<MemoryStore> open(const std::string& name);
  // Loses the uncommitted writes of store `name` (if it exists), as a crash
  // of its node would; returns how many writes were lost.
  static std::size_t crash(const std::string& name);
  // Forgets every store whose name starts with `prefix` (a test's or a
  // simulation run's namespace); returns how many. Holders keep theirs.
  static std::size_t drop(const std::string& prefix);
  // The names of the stores, in order.
  static std::vector<std::string> names();
};

}  // namespace catslab::cats
