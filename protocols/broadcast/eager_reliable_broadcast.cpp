#include "protocols/broadcast/eager_reliable_broadcast.h"

namespace catslab::protocols {

EagerReliableBroadcast::EagerReliableBroadcast(runtime::Address self) : self_(std::move(self)) {
  subscribe(rb_, &EagerReliableBroadcast::onBroadcast);
  subscribe(beb_, &EagerReliableBroadcast::onBebDeliver);
}

void EagerReliableBroadcast::onBroadcast(const RbBroadcast& request) {
  trigger(BebBroadcast(std::make_shared<const RbData>(self_, ++seq_, request.payload)), beb_);
}

void EagerReliableBroadcast::onBebDeliver(const BebDeliver& d) {
  auto data = payloadAs<RbData>(d.payload);
  if (!data) return;  // another layer's payload on the shared BEB
  if (!delivered_.emplace(data->origin.id, data->seq).second) return;
  trigger(RbDeliver(data->origin, data->payload), rb_);
  // Relay, so that agreement holds even if the origin crashed mid-broadcast.
  trigger(BebBroadcast(data), beb_);
}

void EagerReliableBroadcast::inspect(runtime::StateWriter& out) const {
  out.set("sent", seq_);
  std::vector<std::string> ids;
  for (const auto& [origin, seq] : delivered_) ids.push_back(origin + "#" + std::to_string(seq));
  out.setList("delivered", ids);
}

}  // namespace catslab::protocols
