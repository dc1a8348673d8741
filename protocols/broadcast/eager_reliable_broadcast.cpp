#include "protocols/broadcast/eager_reliable_broadcast.h"

#include <cstdio>

namespace catslab::protocols {

std::string lifeTag(std::uint64_t incarnation) {
  char tag[5];
  std::snprintf(tag, sizeof tag, "%04x", static_cast<unsigned>(incarnation >> 48));
  return tag;
}

std::string broadcastMessageName(const std::string& origin, std::uint64_t incarnation,
                                 std::uint64_t seq, bool showLife) {
  return origin + (showLife ? "." + lifeTag(incarnation) : std::string()) + "#" +
         std::to_string(seq);
}

EagerReliableBroadcast::EagerReliableBroadcast(runtime::Address self)
    : self_(std::move(self)), incarnation_(random().next()) {
  subscribe(rb_, &EagerReliableBroadcast::onBroadcast);
  subscribe(beb_, &EagerReliableBroadcast::onBebDeliver);
}

void EagerReliableBroadcast::onBroadcast(const RbBroadcast& request) {
  trigger(
      BebBroadcast(std::make_shared<const RbData>(self_, incarnation_, ++seq_, request.payload)),
      beb_);
}

void EagerReliableBroadcast::onBebDeliver(const BebDeliver& d) {
  auto data = payloadAs<RbData>(d.payload);
  if (!data) return;  // another layer's payload on the shared BEB
  if (!delivered_.emplace(data->origin.id, data->incarnation, data->seq).second) return;
  lives_[data->origin.id].insert(data->incarnation);
  trigger(RbDeliver(data->origin, data->payload), rb_);
  // Relay, so that agreement holds even if the origin crashed mid-broadcast.
  trigger(BebBroadcast(data), beb_);
}

void EagerReliableBroadcast::inspect(runtime::StateWriter& out) const {
  out.set("incarnation", lifeTag(incarnation_));
  out.set("sent", seq_);
  std::vector<std::string> ids;
  for (const auto& [origin, life, seq] : delivered_) {
    ids.push_back(broadcastMessageName(origin, life, seq, lives_.at(origin).size() > 1));
  }
  out.setList("delivered", ids);
}

}  // namespace catslab::protocols
