#include "db.h"

#include "drivers.h"

namespace catslab::ycsb {

const char* statusName(DbStatus status) {
  switch (status) {
    case DbStatus::Ok:
      return "OK";
    case DbStatus::Error:
      return "ERROR";
    case DbStatus::NotFound:
      return "NOT_FOUND";
    case DbStatus::NotImplemented:
      return "NOT_IMPLEMENTED";
    case DbStatus::UnexpectedState:
      return "UNEXPECTED_STATE";
    case DbStatus::BadRequest:
      return "BAD_REQUEST";
    case DbStatus::ServiceUnavailable:
      return "SERVICE_UNAVAILABLE";
  }
  return "ERROR";
}

std::string knownDbs() { return "redis, cats, etcd"; }

Result<std::unique_ptr<Db>> createDb(const std::string& name, const Properties& props, int thread) {
  if (name == "redis") return createRedisDb(props, thread);
  if (name == "cats") return createCatsDb(props, thread);
  if (name == "etcd") return createEtcdDb(props, thread);
  return Result<std::unique_ptr<Db>>::failure("unknown database '" + name +
                                              "' (known: " + knownDbs() + ")");
}

}  // namespace catslab::ycsb
