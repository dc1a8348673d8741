#include "protocols/tob/consensus_tob.h"

#include <algorithm>

#include "protocols/common/node_set.h"

namespace catslab::protocols {

namespace {

void putField(std::string& out, const std::string& field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

bool takeField(const std::string& in, std::size_t& pos, std::string& field) {
  const auto colon = in.find(':', pos);
  if (colon == std::string::npos) return false;
  std::size_t length = 0;
  try {
    length = std::stoull(in.substr(pos, colon - pos));
  } catch (const std::exception&) {
    return false;
  }
  if (colon + 1 + length > in.size()) return false;
  field = in.substr(colon + 1, length);
  pos = colon + 1 + length;
  return true;
}

}  // namespace

std::string encodeBatch(const std::vector<TobEntry>& batch) {
  std::string out;
  for (const auto& e : batch) {
    putField(out, e.origin);
    putField(out, std::to_string(e.seq));
    putField(out, e.text);
  }
  return out;
}

std::vector<TobEntry> decodeBatch(const std::string& value) {
  std::vector<TobEntry> batch;
  std::size_t pos = 0;
  while (pos < value.size()) {
    TobEntry e;
    std::string seq;
    if (!takeField(value, pos, e.origin) || !takeField(value, pos, seq) ||
        !takeField(value, pos, e.text)) {
      throw std::runtime_error("malformed total-order batch");
    }
    e.seq = std::stoull(seq);
    batch.push_back(std::move(e));
  }
  return batch;
}

ConsensusTob::ConsensusTob(runtime::Address self, std::vector<runtime::Address> all)
    : self_(std::move(self)) {
  for (const auto& node : allNodes(self_, all)) nodes_[node.id] = node;
  subscribe(tob_, &ConsensusTob::onBroadcast);
  subscribe(rb_, &ConsensusTob::onRbDeliver);
  subscribe(consensus_, &ConsensusTob::onDecide);
}

void ConsensusTob::onBroadcast(const TobBroadcast& request) {
  trigger(RbBroadcast(std::make_shared<const TobMessage>(self_.id, ++seq_, request.text)), rb_);
}

void ConsensusTob::onRbDeliver(const RbDeliver& d) {
  auto m = payloadAs<TobMessage>(d.payload);
  if (!m) return;  // Paxos's decisions share the RB
  const MessageId id{m->origin, m->seq};
  if (delivered_.count(id)) return;
  unordered_.emplace(id, m->text);
  proposeIfReady();
}

void ConsensusTob::proposeIfReady() {
  if (waiting_ || unordered_.empty()) return;
  std::vector<TobEntry> batch;
  for (const auto& [id, text] : unordered_) batch.push_back(TobEntry{id.first, id.second, text});
  waiting_ = true;
  trigger(Propose(round_, encodeBatch(batch)), consensus_);
}

void ConsensusTob::onDecide(const Decide& d) {
  if (d.instance < round_) return;
  decisions_.emplace(d.instance, d.value);
  deliverDecided();
}

// Rounds are processed strictly in order, even if decisions arrive out of order.
void ConsensusTob::deliverDecided() {
  for (auto it = decisions_.find(round_); it != decisions_.end(); it = decisions_.find(round_)) {
    std::vector<TobEntry> batch = decodeBatch(it->second);
    std::sort(batch.begin(), batch.end());
    for (const auto& e : batch) {
      const MessageId id{e.origin, e.seq};
      if (!delivered_.insert(id).second) continue;
      unordered_.erase(id);
      log_.push_back(e.origin + "#" + std::to_string(e.seq));
      auto node = nodes_.find(e.origin);
      trigger(TobDeliver(node != nodes_.end() ? node->second : runtime::Address{e.origin}, e.text),
              tob_);
    }
    decisions_.erase(it);
    ++round_;
    waiting_ = false;
  }
  proposeIfReady();
}

void ConsensusTob::inspect(runtime::StateWriter& out) const {
  out.set("round", round_);
  out.set("unordered", static_cast<std::uint64_t>(unordered_.size()));
  out.setList("delivered", log_);
}

}  // namespace catslab::protocols
