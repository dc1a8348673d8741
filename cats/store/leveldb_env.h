// What LevelDbStore gives LevelDB instead of its defaults:
// - an Env that counts the fsyncs of the write-ahead log (the *.log files)
//   as they reach the file system, so the cost and the presence of the
//   sync are observable (LevelDbStore::logSyncs());
// - a Logger that writes nothing: LevelDB's own LOG file would otherwise be
//   rotated on every open, even an open that fails, and a store that refuses
//   a directory must leave every file in it as it was.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

namespace leveldb {
class Env;
class Logger;
}  // namespace leveldb

namespace catslab::cats {

// Wraps leveldb::Env::Default(); the counter is shared with the caller.
std::unique_ptr<leveldb::Env> logSyncCountingEnv(
    std::shared_ptr<std::atomic<std::uint64_t>> logSyncs);
std::unique_ptr<leveldb::Logger> silentLogger();

}  // namespace catslab::cats
