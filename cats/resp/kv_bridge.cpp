#include "cats/resp/kv_bridge.h"

namespace catslab::cats {

KvBridge::KvBridge(std::uint64_t clientId) : clientId_(clientId) {
  subscribe(kv_, &KvBridge::onResponse);
}

template <class Request>
void KvBridge::submit(std::uint64_t op, Request request, Done done) {
  core().post(
      [this, op, request = std::move(request), done = std::move(done)]() mutable {
        pending_.emplace(op, std::move(done));
        trigger(std::move(request), kv_);
      },
      false);
}

void KvBridge::get(std::string key, Done done) {
  const std::uint64_t op = nextOp_++;
  submit(op, KvGet(clientId_, op, std::move(key)), std::move(done));
}

void KvBridge::put(std::string key, std::string value, Done done) {
  const std::uint64_t op = nextOp_++;
  submit(op, KvPut(clientId_, op, std::move(key), std::move(value)), std::move(done));
}

void KvBridge::remove(std::string key, Done done) {
  const std::uint64_t op = nextOp_++;
  submit(op, KvDelete(clientId_, op, std::move(key)), std::move(done));
}

void KvBridge::onResponse(const KvResponse& response) {
  if (response.client != clientId_) return;
  auto it = pending_.find(response.op);
  if (it == pending_.end()) return;  // answered twice: the first answer counts
  Done done = std::move(it->second);
  pending_.erase(it);
  done(response);
}

void KvBridge::inspect(runtime::StateWriter& out) const {
  // Only what never changes: traces diff this after every handler.
  out.set("client", clientId_);
}

}  // namespace catslab::cats
