// Db: one client thread's connection to a store, as YCSB's site.ycsb.DB.
// A record is YCSB's (fieldcount fields of fieldlength bytes); every driver
// here keeps it as ONE value per key (record.h's encoding), so a read
// fetches the whole record and an update writes the whole record. Each client
// thread creates its own Db; a Db is used by that thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "properties.h"
#include "record.h"

namespace catslab::ycsb {

// YCSB's Status names, printed as `Return=<name>`.
enum class DbStatus {
  Ok,
  Error,
  NotFound,
  NotImplemented,
  UnexpectedState,
  BadRequest,
  ServiceUnavailable,
};
const char* statusName(DbStatus status);

class Db {
 public:
  virtual ~Db() = default;
  // Connects; a failure is fatal for the run (the message names the store and address).
  [[nodiscard]] virtual Status init() = 0;
  virtual DbStatus read(const std::string& table, const std::string& key, Record* result) = 0;
  virtual DbStatus update(const std::string& table, const std::string& key,
                          const Record& values) = 0;
  virtual DbStatus insert(const std::string& table, const std::string& key,
                          const Record& values) = 0;
  virtual void cleanup() {}
  // What the driver counts besides operations (name -> value, e.g.
  // "Failovers"); summed over threads into the report's [CLIENT] lines.
  virtual std::vector<std::pair<std::string, int64_t>> counters() const { return {}; }
};

// The drivers this program knows, for the usage text: "redis, cats, etcd".
std::string knownDbs();
// Db for client thread `thread` (drivers spread threads over their hosts);
// an unknown name or a bad driver property is an error naming it.
Result<std::unique_ptr<Db>> createDb(const std::string& name, const Properties& props, int thread);

}  // namespace catslab::ycsb
