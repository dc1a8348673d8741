#include "protocols/tob/consensus_tob.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "protocols/broadcast/eager_reliable_broadcast.h"
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

std::uint64_t takeNumber(const std::string& in, std::size_t& pos, const char* what) {
  std::string field;
  if (!takeField(in, pos, field)) throw std::runtime_error("malformed total-order batch");
  std::uint64_t number = 0;
  const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), number);
  if (error != std::errc() || end != field.data() + field.size() || field.empty()) {
    throw std::runtime_error(std::string("malformed total-order batch: bad ") + what + " '" +
                             field + "'");
  }
  return number;
}

}  // namespace

std::string encodeBatch(const std::vector<TobEntry>& batch) {
  std::string out;
  for (const auto& e : batch) {
    putField(out, e.origin);
    putField(out, std::to_string(e.incarnation));
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
    if (!takeField(value, pos, e.origin)) throw std::runtime_error("malformed total-order batch");
    e.incarnation = takeNumber(value, pos, "incarnation");
    e.seq = takeNumber(value, pos, "sequence number");
    if (!takeField(value, pos, e.text)) throw std::runtime_error("malformed total-order batch");
    batch.push_back(std::move(e));
  }
  return batch;
}

ConsensusTob::ConsensusTob(runtime::Address self, std::vector<runtime::Address> all)
    : self_(std::move(self)), incarnation_(random().next()) {
  for (const auto& node : allNodes(self_, all)) nodes_[node.id] = node;
  subscribe(tob_, &ConsensusTob::onBroadcast);
  subscribe(rb_, &ConsensusTob::onRbDeliver);
  subscribe(consensus_, &ConsensusTob::onDecide);
}

void ConsensusTob::onBroadcast(const TobBroadcast& request) {
  trigger(
      RbBroadcast(std::make_shared<const TobMessage>(self_.id, incarnation_, ++seq_, request.text)),
      rb_);
}

void ConsensusTob::onRbDeliver(const RbDeliver& d) {
  auto m = payloadAs<TobMessage>(d.payload);
  if (!m) return;  // Paxos's decisions share the RB
  const MessageId id{m->origin, m->incarnation, m->seq};
  if (delivered_.count(id)) return;
  unordered_.emplace(id, m->text);
  proposeIfReady();
}

void ConsensusTob::proposeIfReady() {
  if (waiting_ || unordered_.empty()) return;
  std::vector<TobEntry> batch;
  for (const auto& [id, text] : unordered_) {
    const auto& [origin, life, seq] = id;
    batch.push_back(TobEntry{origin, life, seq, text});
  }
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
      const MessageId id{e.origin, e.incarnation, e.seq};
      if (!delivered_.insert(id).second) continue;
      unordered_.erase(id);
      log_.push_back(id);
      lives_[e.origin].insert(e.incarnation);
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
  out.set("incarnation", lifeTag(incarnation_));
  out.set("round", round_);
  out.set("unordered", static_cast<std::uint64_t>(unordered_.size()));
  // "n1#3", or "n1.<lifeTag>#3" once more than one life of n1 was delivered.
  std::vector<std::string> names;
  for (const auto& [origin, life, seq] : log_) {
    names.push_back(broadcastMessageName(origin, life, seq, lives_.at(origin).size() > 1));
  }
  out.setList("delivered", names);
}

}  // namespace catslab::protocols
