// The redis and cats drivers: both speak RESP, and both keep a record as one
// string value (SET key <encoded record>, GET key). YCSB's own redis binding
// keeps a record as a hash (HMSET/HGETALL) plus a sorted set of keys for
// scans; CATS has no hashes, so both stores get the same one-value form here.
// Both talk through a FailoverClient: the cats driver fails over between the
// nodes of cats.hosts, redis has one node to go back to.
#include <charconv>
#include <iostream>

#include "drivers.h"
#include "failover_client.h"

namespace catslab::ycsb {
namespace {

class RespDb : public Db {
 public:
  RespDb(std::string store, std::vector<Endpoint> nodes, int thread, int timeoutMs,
         std::string password)
      : store_(std::move(store)),
        client_(std::move(nodes), static_cast<size_t>(thread), timeoutMs, std::move(password),
                "catslab-ycsb: thread " + std::to_string(thread),
                [](const std::string& line) { std::cerr << line + "\n"; }) {}

  Status init() override {
    if (Status s = client_.connect(); !s) return Status::failure(store_ + ": " + s.error());
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

  std::vector<std::pair<std::string, int64_t>> counters() const override {
    const FailoverClient::Counters& c = client_.counters();
    std::vector<std::pair<std::string, int64_t>> out{{"ConnectionErrors", c.connectionErrors},
                                                     {"Failovers", c.failovers},
                                                     {"BackOffs", c.backOffs},
                                                     {"NoReply", c.noReply},
                                                     {"Failbacks", c.failbacks}};
    for (const auto& [address, n] : c.answeredBy)
      out.emplace_back("AnsweredBy(" + address + ")", n);
    return out;
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
  FailoverClient client_;
};

Result<Endpoint> parseHostPort(const std::string& text, const std::string& where) {
  size_t colon = text.rfind(':');
  int port = 0;
  if (colon != std::string::npos) {
    auto [end, ec] = std::from_chars(text.data() + colon + 1, text.data() + text.size(), port);
    if (ec != std::errc() || end != text.data() + text.size()) port = 0;
  }
  if (colon == std::string::npos || colon == 0 || port <= 0 || port > 65535) {
    return Result<Endpoint>::failure(where + ": expected host:port, got '" + text + "'");
  }
  return Endpoint{text.substr(0, colon), port};
}

}  // namespace

Result<std::unique_ptr<Db>> createRedisDb(const Properties& props, int thread) {
  auto port = props.getInt("redis.port", 6379, 1, 65535);
  if (!port) return Result<std::unique_ptr<Db>>::failure(port.error());
  auto timeout = props.getInt("redis.timeout", 10000, 1);
  if (!timeout) return Result<std::unique_ptr<Db>>::failure(timeout.error());
  std::vector<Endpoint> one{{props.get("redis.host", "localhost"), static_cast<int>(*port)}};
  return std::unique_ptr<Db>(std::make_unique<RespDb>("redis", std::move(one), thread,
                                                      static_cast<int>(*timeout),
                                                      props.get("redis.password", "")));
}

Result<std::unique_ptr<Db>> createCatsDb(const Properties& props, int thread) {
  using R = Result<std::unique_ptr<Db>>;
  std::string list = props.get("cats.hosts", "127.0.0.1:6401");
  std::vector<Endpoint> hosts;
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
  return std::unique_ptr<Db>(std::make_unique<RespDb>("cats", std::move(hosts), thread,
                                                      static_cast<int>(*timeout),
                                                      props.get("cats.password", "")));
}

}  // namespace catslab::ycsb
