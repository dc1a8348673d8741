// The redis and cats drivers: both speak RESP, and both keep a record as one
// string value (SET key <encoded record>, GET key). YCSB's own redis binding
// keeps a record as a hash (HMSET/HGETALL) plus a sorted set of keys for
// scans; CATS has no hashes, so both stores get the same one-value form here.
#include <charconv>

#include "drivers.h"
#include "resp_client.h"

namespace catslab::ycsb {
namespace {

class RespDb : public Db {
 public:
  RespDb(std::string store, std::string host, int port, int timeoutMs, std::string password)
      : store_(std::move(store)),
        client_(std::move(host), port, timeoutMs),
        password_(std::move(password)) {}

  Status init() override {
    if (Status s = client_.connect(); !s) return Status::failure(store_ + ": " + s.error());
    if (!password_.empty()) {
      auto r = client_.call({"AUTH", password_});
      if (!r || r->kind == RespReply::Kind::Error) {
        return Status::failure(store_ + ": AUTH failed at " + client_.address() + ": " +
                               (r ? r->text : r.error()));
      }
    }
    return Status::ok();
  }

  DbStatus read(const std::string& /*table*/, const std::string& key, Record* result) override {
    auto r = client_.call({"GET", key});
    if (!r) return DbStatus::Error;
    if (r->kind == RespReply::Kind::Nil) return DbStatus::NotFound;
    if (r->kind != RespReply::Kind::Bulk) return errorStatus(*r);
    auto record = decodeRecord(r->text);
    if (!record) return DbStatus::UnexpectedState;
    if (result) *result = std::move(*record);
    return DbStatus::Ok;
  }

  DbStatus update(const std::string& table, const std::string& key, const Record& values) override {
    return write(table, key, values);
  }
  DbStatus insert(const std::string& table, const std::string& key, const Record& values) override {
    return write(table, key, values);
  }

 private:
  DbStatus write(const std::string& /*table*/, const std::string& key, const Record& values) {
    auto r = client_.call({"SET", key, encodeRecord(values)});
    if (!r) return DbStatus::Error;
    if (r->kind == RespReply::Kind::Simple && r->text == "OK") return DbStatus::Ok;
    return errorStatus(*r);
  }

  // CATS answers -UNAVAILABLE when a group has no consistent quorum in time.
  static DbStatus errorStatus(const RespReply& r) {
    if (r.kind == RespReply::Kind::Error && r.text.rfind("UNAVAILABLE", 0) == 0) {
      return DbStatus::ServiceUnavailable;
    }
    return DbStatus::Error;
  }

  std::string store_;
  RespClient client_;
  std::string password_;
};

struct HostPort {
  std::string host;
  int port = 0;
};

Result<HostPort> parseHostPort(const std::string& text, const std::string& where) {
  size_t colon = text.rfind(':');
  int port = 0;
  if (colon != std::string::npos) {
    auto [end, ec] = std::from_chars(text.data() + colon + 1, text.data() + text.size(), port);
    if (ec != std::errc() || end != text.data() + text.size()) port = 0;
  }
  if (colon == std::string::npos || colon == 0 || port <= 0 || port > 65535) {
    return Result<HostPort>::failure(where + ": expected host:port, got '" + text + "'");
  }
  return HostPort{text.substr(0, colon), port};
}

}  // namespace

Result<std::unique_ptr<Db>> createRedisDb(const Properties& props, int) {
  auto port = props.getInt("redis.port", 6379, 1, 65535);
  if (!port) return Result<std::unique_ptr<Db>>::failure(port.error());
  auto timeout = props.getInt("redis.timeout", 10000, 1);
  if (!timeout) return Result<std::unique_ptr<Db>>::failure(timeout.error());
  return std::unique_ptr<Db>(std::make_unique<RespDb>(
      "redis", props.get("redis.host", "localhost"), static_cast<int>(*port),
      static_cast<int>(*timeout), props.get("redis.password", "")));
}

Result<std::unique_ptr<Db>> createCatsDb(const Properties& props, int thread) {
  using R = Result<std::unique_ptr<Db>>;
  std::string list = props.get("cats.hosts", "127.0.0.1:6401");
  std::vector<HostPort> hosts;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    auto hp = parseHostPort(list.substr(start, comma - start), props.where("cats.hosts"));
    if (!hp) return R::failure(hp.error());
    hosts.push_back(*hp);
    start = comma + 1;
  }
  auto timeout = props.getInt("cats.timeout", 10000, 1);
  if (!timeout) return R::failure(timeout.error());
  const HostPort& mine = hosts[static_cast<size_t>(thread) % hosts.size()];
  return std::unique_ptr<Db>(std::make_unique<RespDb>(
      "cats", mine.host, mine.port, static_cast<int>(*timeout), props.get("cats.password", "")));
}

}  // namespace catslab::ycsb
