// Test support: a RespBackend over a std::map for RespSession tests. It
// answers at once, or (deferred) keeps the answers until the test releases
// them in the order it chooses, like a store whose operations complete out
// of order. Keys "unavailable:..." and "rejected:..." fail as in
// MapKvStore. Single-threaded, like the session.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <string>

#include "cats/resp/resp_backend.h"

namespace catslab::testing {

class FakeBackend : public cats::RespBackend {
 public:
  bool deferred = false;
  std::map<std::string, std::string> data;
  std::vector<std::string> log;  // "get k", "put k", "delete k", in the order started

  void get(std::string key, Done done) override {
    log.push_back("get " + key);
    run(key, [this, key, done] {
      cats::KvResponse r = answer(key, cats::KvKind::Get);
      if (r.status == cats::KvStatus::Ok) {
        auto it = data.find(key);
        r.found = it != data.end();
        if (r.found) r.value = it->second;
      }
      done(r);
    });
  }
  void put(std::string key, std::string value, Done done) override {
    log.push_back("put " + key);
    run(key, [this, key, value, done] {
      cats::KvResponse r = answer(key, cats::KvKind::Put);
      if (r.status == cats::KvStatus::Ok) data[key] = value;
      done(r);
    });
  }
  void remove(std::string key, Done done) override {
    log.push_back("delete " + key);
    run(key, [this, key, done] {
      cats::KvResponse r = answer(key, cats::KvKind::Delete);
      if (r.status == cats::KvStatus::Ok) data.erase(key);
      done(r);
    });
  }

  std::size_t waiting() const { return held_.size(); }
  // Answers the i-th held operation (0: the oldest).
  void release(std::size_t i) {
    auto fn = std::move(held_.at(i));
    held_.erase(held_.begin() + static_cast<long>(i));
    fn();
  }
  void releaseAll() {
    while (!held_.empty()) release(0);
  }

 private:
  void run(const std::string&, std::function<void()> fn) {
    if (deferred) {
      held_.push_back(std::move(fn));
    } else {
      fn();
    }
  }
  static cats::KvResponse answer(const std::string& key, cats::KvKind kind) {
    cats::KvResponse r;
    r.kind = kind;
    if (key.rfind("unavailable:", 0) == 0) {
      r.status = cats::KvStatus::Unavailable;
      r.reason = "group 4 (view 2) unavailable: no consistent quorum\r\nbefore the deadline";
    } else if (key.rfind("rejected:", 0) == 0) {
      r.status = cats::KvStatus::Rejected;
      r.reason = "key too long";
    }
    return r;
  }
  std::deque<std::function<void()>> held_;
};

}  // namespace catslab::testing
