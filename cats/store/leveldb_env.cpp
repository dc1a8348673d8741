#include "cats/store/leveldb_env.h"

#include <leveldb/env.h>

#include <cstdarg>
#include <string>
#include <utility>

namespace catslab::cats {
namespace {

class CountedFile final : public leveldb::WritableFile {
 public:
  CountedFile(leveldb::WritableFile* base, std::shared_ptr<std::atomic<std::uint64_t>> syncs)
      : base_(base), syncs_(std::move(syncs)) {}
  leveldb::Status Append(const leveldb::Slice& data) override { return base_->Append(data); }
  leveldb::Status Close() override { return base_->Close(); }
  leveldb::Status Flush() override { return base_->Flush(); }
  leveldb::Status Sync() override {
    leveldb::Status s = base_->Sync();
    if (s.ok()) syncs_->fetch_add(1, std::memory_order_relaxed);
    return s;
  }

 private:
  std::unique_ptr<leveldb::WritableFile> base_;
  std::shared_ptr<std::atomic<std::uint64_t>> syncs_;
};

class CountingEnv final : public leveldb::EnvWrapper {
 public:
  explicit CountingEnv(std::shared_ptr<std::atomic<std::uint64_t>> syncs)
      : EnvWrapper(leveldb::Env::Default()), syncs_(std::move(syncs)) {}
  leveldb::Status NewWritableFile(const std::string& name,
                                  leveldb::WritableFile** result) override {
    return wrap(name, target()->NewWritableFile(name, result), result);
  }
  leveldb::Status NewAppendableFile(const std::string& name,
                                    leveldb::WritableFile** result) override {
    return wrap(name, target()->NewAppendableFile(name, result), result);
  }

 private:
  leveldb::Status wrap(const std::string& name, leveldb::Status s, leveldb::WritableFile** result) {
    const bool isLog = name.size() > 4 && name.compare(name.size() - 4, 4, ".log") == 0;
    if (s.ok() && isLog) *result = new CountedFile(*result, syncs_);  // LevelDB owns it
    return s;
  }
  std::shared_ptr<std::atomic<std::uint64_t>> syncs_;
};

class SilentLogger final : public leveldb::Logger {
 public:
  void Logv(const char*, std::va_list) override {}
};

}  // namespace

std::unique_ptr<leveldb::Env> logSyncCountingEnv(
    std::shared_ptr<std::atomic<std::uint64_t>> logSyncs) {
  return std::make_unique<CountingEnv>(std::move(logSyncs));
}

std::unique_ptr<leveldb::Logger> silentLogger() { return std::make_unique<SilentLogger>(); }

}  // namespace catslab::cats
