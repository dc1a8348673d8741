// Test support: a component that provides KeyValueStore over a std::map,
// standing in for the CATS store in front-end tests. It answers every
// request at once, in order, with group 1 / view 1, and fakes the store's
// two failures for keys that ask for them:
//   "unavailable:..."  -> Unavailable, reason "group 1 (view 1) unavailable: no quorum (test)"
//   "rejected:..."     -> Rejected, reason "key rejected (test)"
// A delete answers found = whether the key existed (the real store may not).
#pragma once

#include <map>
#include <string>

#include "cats/kv_port.h"
#include "runtime/component.h"

namespace catslab::testing {

class MapKvStore : public runtime::ComponentDefinition {
 public:
  MapKvStore() {
    subscribe(kv_, [this](const cats::KvGet& r) {
      cats::KvResponse out = base(r.client, r.op, cats::KvKind::Get, r.key);
      if (out.status == cats::KvStatus::Ok) {
        auto it = data_.find(r.key);
        out.found = it != data_.end();
        if (out.found) out.value = it->second;
      }
      trigger(std::move(out), kv_);
    });
    subscribe(kv_, [this](const cats::KvPut& r) {
      cats::KvResponse out = base(r.client, r.op, cats::KvKind::Put, r.key);
      if (out.status == cats::KvStatus::Ok) data_[r.key] = r.value;
      trigger(std::move(out), kv_);
    });
    subscribe(kv_, [this](const cats::KvDelete& r) {
      cats::KvResponse out = base(r.client, r.op, cats::KvKind::Delete, r.key);
      if (out.status == cats::KvStatus::Ok) out.found = data_.erase(r.key) > 0;
      trigger(std::move(out), kv_);
    });
  }

 private:
  static cats::KvResponse base(std::uint64_t client, std::uint64_t op, cats::KvKind kind,
                               const std::string& key) {
    cats::KvResponse out;
    out.client = client;
    out.op = op;
    out.kind = kind;
    out.group = 1;
    out.vid = 1;
    if (key.rfind("unavailable:", 0) == 0) {
      out.status = cats::KvStatus::Unavailable;
      out.reason = "group 1 (view 1) unavailable: no quorum (test)";
    } else if (key.rfind("rejected:", 0) == 0) {
      out.status = cats::KvStatus::Rejected;
      out.reason = "key rejected (test)";
    }
    return out;
  }

  runtime::Negative<cats::KeyValueStore> kv_ = provide<cats::KeyValueStore>();
  std::map<std::string, std::string> data_;
};

}  // namespace catslab::testing
