#include "protocols/broadcast/basic_broadcast.h"

#include "protocols/common/node_set.h"

namespace catslab::protocols {

BasicBroadcast::BasicBroadcast(runtime::Address self, std::vector<runtime::Address> all)
    : self_(std::move(self)), all_(allNodes(self_, all)) {
  subscribe(beb_, &BasicBroadcast::onBroadcast);
  subscribe(network_, &BasicBroadcast::onData);
}

void BasicBroadcast::onBroadcast(const BebBroadcast& request) {
  ++broadcasts_;
  for (const auto& node : all_) {
    if (node == self_) continue;
    trigger(BebData(self_, node, request.payload), network_);
  }
  ++delivered_;
  trigger(BebDeliver(self_, request.payload), beb_);
}

void BasicBroadcast::onData(const BebData& data) {
  ++delivered_;
  trigger(BebDeliver(data.source, data.payload), beb_);
}

void BasicBroadcast::inspect(runtime::StateWriter& out) const {
  out.set("broadcasts", broadcasts_);
  out.set("delivered", delivered_);
}

}  // namespace catslab::protocols
