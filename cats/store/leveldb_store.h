// LevelDbStore: a LocalStore in a LevelDB database, one data directory per
// node (node processes). Format: cats/store/leveldb_format.h; user-facing
// description: docs/cats.md, "Storage".
//
// Staged writes go into one leveldb::WriteBatch and into an in-memory
// overlay that reads consult first; commit() applies the batch in one
// Write with sync = true (the write-ahead log is fsync'ed), so what was
// committed survives a crash of the process or of the machine, and what was
// only staged is lost as a whole.
//
// Opening checks the directory before LevelDB touches it and never repairs
// or overwrites anything: a missing directory is created; a directory that
// belongs to another node, has another format version, holds something that
// is not a CATS store, or whose database LevelDB finds corrupt is a failure
// that names the path and the reason, and leaves every file as it was.
//
// Reads have no error channel in LocalStore: a read that meets corruption
// or an I/O error throws StoreError (in a component handler: a fault of the
// component, never a wrong value). Not thread-safe: one component owns it.
// Another process (or store) on the same directory is refused (LevelDB's
// LOCK file).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "cats/store/local_store.h"
#include "runtime/result.h"

namespace leveldb {
class DB;
class Env;
class Logger;
class WriteBatch;
}  // namespace leveldb

namespace catslab::cats {

// A read that found the database corrupt or unreadable.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LevelDbOptions {
  // Deliberately broken variants, for the tests that prove the checks can
  // fail: commit without fsync, and writes that reach LevelDB at once
  // (before commit, so a crash keeps some uncommitted ones).
  bool brokenNoSync = false;
  bool brokenWriteThrough = false;
};

class LevelDbStore final : public LocalStore {
 public:
  // Opens (creating it if missing or empty) the store of node `nodeId` in
  // `dataDir`; see the contract above for what is refused.
  static runtime::Result<std::unique_ptr<LevelDbStore>> open(const std::string& dataDir,
                                                             const std::string& nodeId,
                                                             const LevelDbOptions& options = {});
  ~LevelDbStore() override;
  LevelDbStore(const LevelDbStore&) = delete;
  LevelDbStore& operator=(const LevelDbStore&) = delete;

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
  std::size_t staged() const override { return stagedCount_; }
  std::uint64_t syncs() const override { return syncs_; }

  // fsyncs of LevelDB's write-ahead log that reached the file system (what
  // commit() costs; counted below LevelDB, so a commit that forgot to sync
  // shows here).
  std::uint64_t logSyncs() const;
  const std::string& dataDir() const { return dir_; }
  const std::string& nodeId() const { return nodeId_; }

 private:
  LevelDbStore(std::string dir, std::string nodeId, LevelDbOptions options);
  runtime::Status openDatabase(bool create);
  runtime::Status checkFormatRecord();

  // The value a read sees for an encoded key: staged first, then the
  // database. nullopt = absent.
  std::optional<std::string> read(const std::string& key) const;
  // Calls f(key, value) for every live record in [begin, end), staged writes
  // merged in, in key order, until f returns false.
  template <class F>
  void forEach(const std::string& begin, const std::string& end, F&& f) const;
  void stage(const std::string& key, std::optional<std::string> value);
  [[noreturn]] void fail(const std::string& what) const;

  std::string dir_;
  std::string nodeId_;
  LevelDbOptions options_;
  std::unique_ptr<leveldb::Env> env_;
  std::unique_ptr<leveldb::Logger> logger_;
  std::unique_ptr<leveldb::DB> db_;  // after env_ and logger_: destroyed first
  std::unique_ptr<leveldb::WriteBatch> batch_;
  std::map<std::string, std::optional<std::string>> overlay_;  // staged, nullopt = erased
  std::size_t stagedCount_ = 0;
  std::uint64_t syncs_ = 0;
  std::shared_ptr<std::atomic<std::uint64_t>> logSyncs_;
};

// The factory a node uses: LevelDbStore::open as a LocalStore.
runtime::Result<std::unique_ptr<LocalStore>> openLevelDbStore(const std::string& dataDir,
                                                              const std::string& nodeId);

}  // namespace catslab::cats
