#include "cats/store/leveldb_store.h"

#include <leveldb/db.h>
#include <leveldb/env.h>
#include <leveldb/iterator.h>
#include <leveldb/options.h>
#include <leveldb/write_batch.h>

#include <set>
#include <string_view>

#include "cats/store/leveldb_dir.h"
#include "cats/store/leveldb_env.h"
#include "cats/store/leveldb_format.h"

namespace catslab::cats {
namespace format = leveldb_format;
namespace {

leveldb::ReadOptions readOptions() {
  leveldb::ReadOptions o;
  o.verify_checksums = true;  // a damaged table is an error, never a wrong value
  return o;
}

std::string_view view(const leveldb::Slice& s) { return {s.data(), s.size()}; }

}  // namespace

LevelDbStore::LevelDbStore(std::string dir, std::string nodeId, LevelDbOptions options)
    : dir_(std::move(dir)),
      nodeId_(std::move(nodeId)),
      options_(options),
      batch_(std::make_unique<leveldb::WriteBatch>()),
      logSyncs_(std::make_shared<std::atomic<std::uint64_t>>(0)) {
  env_ = logSyncCountingEnv(logSyncs_);
  logger_ = silentLogger();
}

LevelDbStore::~LevelDbStore() = default;

runtime::Result<std::unique_ptr<LevelDbStore>> LevelDbStore::open(const std::string& dataDir,
                                                                  const std::string& nodeId,
                                                                  const LevelDbOptions& options) {
  using R = runtime::Result<std::unique_ptr<LevelDbStore>>;
  auto state = prepareDataDir(dataDir, nodeId);
  if (!state) return R::failure(state.error());
  std::unique_ptr<LevelDbStore> store(new LevelDbStore(dataDir, nodeId, options));
  if (auto opened = store->openDatabase(*state == DataDirState::New); !opened) return opened;
  if (auto checked = store->checkFormatRecord(); !checked) return checked;
  return store;
}

runtime::Status LevelDbStore::openDatabase(bool create) {
  leveldb::Options o;
  o.create_if_missing = create;
  o.error_if_exists = create;
  o.paranoid_checks = true;  // corruption found while opening fails the open
  o.env = env_.get();
  o.info_log = logger_.get();
  leveldb::DB* db = nullptr;
  const leveldb::Status s = leveldb::DB::Open(o, dir_, &db);
  if (!s.ok()) {
    std::string message = dir_ + ": LevelDB cannot open the store: " + s.ToString();
    if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
      message += " (is another node using this data_dir?)";
    } else if (!create) {
      message += " (nothing was changed or repaired)";
    }
    return runtime::Status::failure(message);
  }
  db_.reset(db);
  return runtime::Status::ok();
}

// The database must carry the marker's text: a CATS_STORE next to some
// other database (copied in, swapped) is refused. A database with no record
// at all is one whose creation stopped before the record was written.
runtime::Status LevelDbStore::checkFormatRecord() {
  const std::string expected = format::markerText(nodeId_);
  std::string actual;
  const leveldb::Status s = db_->Get(
      readOptions(), leveldb::Slice(format::kFormatKey.data(), format::kFormatKey.size()), &actual);
  if (s.ok()) {
    if (actual == expected) return runtime::Status::ok();
    return runtime::Status::failure(dir_ + ": the database's format record does not match " +
                                    std::string(format::kMarkerFile) + " ('" + actual +
                                    "'); refusing to use it");
  }
  if (!s.IsNotFound()) {
    return runtime::Status::failure(dir_ + ": cannot read the format record: " + s.ToString());
  }
  std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(readOptions()));
  it->SeekToFirst();
  if (it->Valid() || !it->status().ok()) {
    return runtime::Status::failure(dir_ + ": the database has no format record; it is not " +
                                    "this store's database; refusing to use it");
  }
  leveldb::WriteOptions w;
  w.sync = true;
  const leveldb::Status put =
      db_->Put(w, leveldb::Slice(format::kFormatKey.data(), format::kFormatKey.size()), expected);
  if (!put.ok()) {
    return runtime::Status::failure(dir_ + ": cannot write the format record: " + put.ToString());
  }
  return runtime::Status::ok();
}

void LevelDbStore::fail(const std::string& what) const { throw StoreError(dir_ + ": " + what); }

std::optional<std::string> LevelDbStore::read(const std::string& key) const {
  if (auto it = overlay_.find(key); it != overlay_.end()) return it->second;
  std::string value;
  const leveldb::Status s = db_->Get(readOptions(), key, &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) fail("read failed: " + s.ToString());
  return value;
}

template <class F>
void LevelDbStore::forEach(const std::string& begin, const std::string& end, F&& f) const {
  std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(readOptions()));
  it->Seek(begin);
  const leveldb::Slice stop(end);
  auto staged = overlay_.lower_bound(begin);
  while (true) {
    const bool inDb = it->Valid() && it->key().compare(stop) < 0;
    const bool inOverlay = staged != overlay_.end() && staged->first < end;
    if (!inDb && !inOverlay) break;
    const int order = !inDb ? 1 : !inOverlay ? -1 : it->key().compare(staged->first);
    bool more = true;
    if (order < 0) {
      more = f(view(it->key()), view(it->value()));
      it->Next();
    } else {
      if (staged->second) more = f(std::string_view(staged->first), *staged->second);
      if (order == 0) it->Next();
      ++staged;
    }
    if (!more) return;
  }
  if (!it->status().ok()) fail("scan failed: " + it->status().ToString());
}

void LevelDbStore::stage(const std::string& key, std::optional<std::string> value) {
  if (options_.brokenWriteThrough) {
    const leveldb::Status s =
        value ? db_->Put(leveldb::WriteOptions(), key, *value) : db_->Delete({}, key);
    if (!s.ok()) fail("write failed: " + s.ToString());
    return;
  }
  if (value) {
    batch_->Put(key, *value);
  } else {
    batch_->Delete(key);
  }
  overlay_[key] = std::move(value);
}

std::optional<Versioned> LevelDbStore::get(std::uint32_t slice, std::string_view key) const {
  auto bytes = read(format::dataKey(slice, key));
  if (!bytes) return std::nullopt;
  auto v = format::decodeValue(*bytes);
  if (!v) fail("corrupt record in slice " + std::to_string(slice) + ": " + v.error());
  return std::move(*v);
}

void LevelDbStore::put(std::uint32_t slice, std::string_view key, const Versioned& v) {
  stage(format::dataKey(slice, key), format::encodeValue(v));
  ++stagedCount_;
}

void LevelDbStore::erase(std::uint32_t slice, std::string_view key) {
  stage(format::dataKey(slice, key), std::nullopt);
  ++stagedCount_;
}

void LevelDbStore::eraseSlice(std::uint32_t slice) {
  // WriteBatch has no range delete: one delete per key the slice holds now.
  std::vector<std::string> keys;
  forEach(format::sliceBegin(slice), format::sliceEnd(slice),
          [&](std::string_view key, std::string_view) {
            keys.emplace_back(key);
            return true;
          });
  for (const auto& key : keys) stage(key, std::nullopt);
  ++stagedCount_;
}

std::vector<std::pair<std::string, Versioned>> LevelDbStore::scan(std::uint32_t slice) const {
  std::vector<std::pair<std::string, Versioned>> out;
  forEach(format::sliceBegin(slice), format::sliceEnd(slice),
          [&](std::string_view key, std::string_view bytes) {
            auto v = format::decodeValue(bytes);
            if (!v) fail("corrupt record in slice " + std::to_string(slice) + ": " + v.error());
            out.emplace_back(std::string(format::parseDataKey(key)->key), std::move(*v));
            return true;
          });
  return out;
}

std::size_t LevelDbStore::count(std::uint32_t slice) const {
  std::size_t n = 0;
  forEach(format::sliceBegin(slice), format::sliceEnd(slice), [&](std::string_view, auto) {
    ++n;
    return true;
  });
  return n;
}

std::vector<std::uint32_t> LevelDbStore::slices() const {
  const auto holdsKeys = [this](std::uint32_t slice) {
    bool found = false;
    forEach(format::sliceBegin(slice), format::sliceEnd(slice), [&](auto, auto) {
      found = true;
      return false;
    });
    return found;
  };
  // Candidates: one seek per slice present in the database, and the slices
  // of staged writes; each checked through the merged view.
  std::set<std::uint32_t> candidates;
  std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(readOptions()));
  for (it->Seek(std::string(1, format::kDataTag)); it->Valid();) {
    auto key = format::parseDataKey(view(it->key()));
    if (!key) break;
    candidates.insert(key->slice);
    if (key->slice == UINT32_MAX) break;
    it->Seek(format::sliceBegin(key->slice + 1));
  }
  if (!it->status().ok()) fail("scan failed: " + it->status().ToString());
  for (const auto& [key, value] : overlay_) {
    if (auto data = format::parseDataKey(key)) candidates.insert(data->slice);
  }
  std::vector<std::uint32_t> out;
  for (std::uint32_t slice : candidates) {
    if (holdsKeys(slice)) out.push_back(slice);
  }
  return out;
}

std::optional<std::string> LevelDbStore::getMeta(std::string_view name) const {
  return read(format::metaKey(name));
}

void LevelDbStore::putMeta(std::string_view name, std::string_view bytes) {
  stage(format::metaKey(name), std::string(bytes));
  ++stagedCount_;
}

void LevelDbStore::eraseMeta(std::string_view name) {
  stage(format::metaKey(name), std::nullopt);
  ++stagedCount_;
}

std::vector<std::pair<std::string, std::string>> LevelDbStore::scanMeta(
    std::string_view prefix) const {
  std::vector<std::pair<std::string, std::string>> out;
  forEach(format::metaKey(prefix), format::metaPrefixEnd(prefix),
          [&](std::string_view key, std::string_view value) {
            out.emplace_back(std::string(key.substr(1)), std::string(value));
            return true;
          });
  return out;
}

runtime::Status LevelDbStore::commit() {
  if (stagedCount_ == 0) return runtime::Status::ok();
  leveldb::WriteOptions w;
  w.sync = !options_.brokenNoSync;
  const leveldb::Status s = db_->Write(w, batch_.get());
  if (!s.ok()) {
    return runtime::Status::failure(dir_ + ": commit of " + std::to_string(stagedCount_) +
                                    " staged writes failed: " + s.ToString() +
                                    " (they stay staged)");
  }
  batch_->Clear();
  overlay_.clear();
  stagedCount_ = 0;
  ++syncs_;
  return runtime::Status::ok();
}

std::uint64_t LevelDbStore::logSyncs() const { return logSyncs_->load(); }

runtime::Result<std::unique_ptr<LocalStore>> openLevelDbStore(const std::string& dataDir,
                                                              const std::string& nodeId) {
  auto store = LevelDbStore::open(dataDir, nodeId);
  if (!store) return runtime::Result<std::unique_ptr<LocalStore>>::failure(store.error());
  return std::unique_ptr<LocalStore>(std::move(*store));
}

}  // namespace catslab::cats
