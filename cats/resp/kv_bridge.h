// KvBridge: the way from threads outside the component world (the RESP
// server's I/O thread) into a node's KeyValueStore port.
//
// A component that requires KeyValueStore. get/put/remove are thread-safe:
// each queues a task in the bridge's own context (ComponentCore::post, like
// an event), which records the callback under a fresh op id and triggers
// the request; the matching KvResponse (same client id, same op) runs the
// callback, once, on a runtime worker thread in the bridge's context, so a
// callback must be quick and must not block (the server's posts the
// answer to its I/O thread). Responses for other clients sharing the port
// are ignored. Requests submitted before the bridge starts wait for it; if
// the store never answers, neither does the bridge.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

#include "cats/kv_port.h"
#include "cats/resp/resp_backend.h"
#include "runtime/component.h"

namespace catslab::cats {

// The client id RESP front ends use on the KeyValueStore port ("RESP").
inline constexpr std::uint64_t kRespClientId = 0x52455350;

class KvBridge : public runtime::ComponentDefinition, public RespBackend {
 public:
  explicit KvBridge(std::uint64_t clientId = kRespClientId);

  // Thread-safe; `done` runs on a worker thread (see above).
  void get(std::string key, Done done) override;
  void put(std::string key, std::string value, Done done) override;
  void remove(std::string key, Done done) override;

  std::uint64_t clientId() const { return clientId_; }
  void inspect(runtime::StateWriter& out) const override;

 private:
  template <class Request>
  void submit(std::uint64_t op, Request request, Done done);
  void onResponse(const KvResponse& response);

  runtime::Positive<KeyValueStore> kv_ = require<KeyValueStore>();
  const std::uint64_t clientId_;
  std::atomic<std::uint64_t> nextOp_{1};
  std::unordered_map<std::uint64_t, Done> pending_;  // own context only
};

}  // namespace catslab::cats
