#include "protocols/broadcast/majority_ack_urb.h"

#include "protocols/broadcast/eager_reliable_broadcast.h"
#include "protocols/common/node_set.h"

namespace catslab::protocols {

MajorityAckUrb::MajorityAckUrb(runtime::Address self, std::size_t processes)
    : self_(std::move(self)), processes_(processes), incarnation_(random().next()) {
  subscribe(urb_, &MajorityAckUrb::onBroadcast);
  subscribe(beb_, &MajorityAckUrb::onBebDeliver);
}

void MajorityAckUrb::onBroadcast(const UrbBroadcast& request) {
  auto data = std::make_shared<const UrbData>(self_, incarnation_, ++seq_, request.payload);
  pending_.emplace(MessageId{self_.id, incarnation_, data->seq}, data);
  lives_[self_.id].insert(incarnation_);
  trigger(BebBroadcast(data), beb_);
}

void MajorityAckUrb::onBebDeliver(const BebDeliver& d) {
  auto data = payloadAs<UrbData>(d.payload);
  if (!data) return;
  const MessageId id{data->origin.id, data->incarnation, data->seq};
  acks_[id].insert(d.source.id);  // d.source relayed (acknowledged) m
  if (pending_.emplace(id, data).second) {
    lives_[data->origin.id].insert(data->incarnation);
    trigger(BebBroadcast(data), beb_);
  }
  if (!delivered_.count(id) && canDeliver(id)) {
    delivered_.insert(id);
    trigger(UrbDeliver(data->origin, data->payload), urb_);
  }
}

bool MajorityAckUrb::canDeliver(const MessageId& id) const {
  auto it = acks_.find(id);
  return it != acks_.end() && it->second.size() >= majority(processes_);
}

void MajorityAckUrb::inspect(runtime::StateWriter& out) const {
  out.set("incarnation", lifeTag(incarnation_));
  out.set("sent", seq_);
  std::vector<std::string> pending;
  std::vector<std::string> delivered;
  for (const auto& [id, data] : pending_) {
    const auto& [origin, life, seq] = id;
    const std::string name = broadcastMessageName(origin, life, seq, lives_.at(origin).size() > 1);
    if (delivered_.count(id)) {
      delivered.push_back(name);
    } else {
      auto acks = acks_.find(id);
      pending.push_back(name +
                        " acks=" + std::to_string(acks == acks_.end() ? 0 : acks->second.size()));
    }
  }
  out.setList("pending", pending);
  out.setList("delivered", delivered);
}

}  // namespace catslab::protocols
