#include "protocols/abd/abd.h"

#include "protocols/common/node_set.h"

namespace catslab::protocols {

using runtime::Address;

Abd::Abd(Address self, std::vector<Address> all, AbdOptions options)
    : self_(std::move(self)),
      all_(allNodes(self_, all)),
      rank_(rankOf(all_, self_)),
      options_(options) {
  subscribe(register_, &Abd::onRead);
  subscribe(register_, &Abd::onWrite);
  subscribe(beb_, &Abd::onBebDeliver);
  subscribe(network_, &Abd::onQueryReply);
  subscribe(network_, &Abd::onImposeAck);
  subscribe(timer_, &Abd::onRetransmit);
}

void Abd::onStart() {
  schedulePeriodic(timer_, options_.retransmit, options_.retransmit, Retransmit{});
}

// --- client ------------------------------------------------------------------

void Abd::onRead(const ReadRequest& r) {
  queue_.push_back(Operation{false, r.id, {}});
  if (!current_) startNext();
}

void Abd::onWrite(const WriteRequest& w) {
  queue_.push_back(Operation{true, w.id, w.value});
  if (!current_) startNext();
}

void Abd::startNext() {
  if (queue_.empty()) return;
  current_ = queue_.front();
  queue_.pop_front();
  ++rid_;
  replies_.clear();
  acks_.clear();
  if (current_->isWrite && options_.brokenWriteWithoutQuery) {
    impose(ts_ + 1, rank_, current_->value);
    return;
  }
  phase_ = Phase::Query;
  lastSent_ = std::make_shared<const AbdQuery>(rid_);
  lastSentNs_ = now().count();
  trigger(BebBroadcast(lastSent_), beb_);
}

void Abd::onQueryReply(const AbdQueryReply& r) {
  if (phase_ != Phase::Query || r.rid != rid_) return;
  replies_.insert_or_assign(r.source.id, r);
  if (replies_.size() < quorum()) return;
  const AbdQueryReply* highest = nullptr;
  for (const auto& [id, reply] : replies_) {
    if (!highest || std::pair(reply.ts, reply.wr) > std::pair(highest->ts, highest->wr)) {
      highest = &reply;
    }
  }
  if (current_->isWrite) {
    impose(highest->ts + 1, rank_, current_->value);
  } else {
    readValue_ = highest->value;
    if (options_.brokenReadWithoutWriteBack) {
      complete();
      return;
    }
    impose(highest->ts, highest->wr, highest->value);  // the write-back
  }
}

void Abd::impose(std::uint64_t ts, int wr, const std::string& value) {
  phase_ = Phase::Impose;
  acks_.clear();
  lastSent_ = std::make_shared<const AbdImpose>(rid_, ts, wr, value);
  lastSentNs_ = now().count();
  trigger(BebBroadcast(lastSent_), beb_);
}

void Abd::onImposeAck(const AbdImposeAck& a) {
  if (phase_ != Phase::Impose || a.rid != rid_) return;
  acks_[a.source.id] = true;
  if (acks_.size() >= quorum()) complete();
}

void Abd::complete() {
  phase_ = Phase::Idle;
  lastSent_.reset();
  ++completed_;
  const Operation op = *current_;
  current_.reset();
  if (op.isWrite) {
    trigger(WriteResponse(op.id), register_);
  } else {
    trigger(ReadResponse(op.id, readValue_), register_);
  }
  startNext();
}

// Lost queries or impositions are sent again (replicas answer idempotently).
void Abd::onRetransmit(const Retransmit&) {
  if (lastSent_ && now().count() - lastSentNs_ >= options_.retransmit.count()) {
    lastSentNs_ = now().count();
    trigger(BebBroadcast(lastSent_), beb_);
  }
}

// --- replica -----------------------------------------------------------------

void Abd::onBebDeliver(const BebDeliver& d) {
  if (auto query = payloadAs<AbdQuery>(d.payload)) {
    onQuery(d.source, *query);
  } else if (auto imposition = payloadAs<AbdImpose>(d.payload)) {
    onImpose(d.source, *imposition);
  }
}

void Abd::onQuery(const Address& from, const AbdQuery& q) {
  trigger(AbdQueryReply(self_, from, q.rid, ts_, wr_, value_), network_);
}

void Abd::onImpose(const Address& from, const AbdImpose& m) {
  if (std::pair(m.ts, m.wr) > std::pair(ts_, wr_)) {
    ts_ = m.ts;
    wr_ = m.wr;
    value_ = m.value;
  }
  trigger(AbdImposeAck(self_, from, m.rid), network_);
}

void Abd::inspect(runtime::StateWriter& out) const {
  out.set("ts", std::to_string(ts_) + "." + std::to_string(wr_));
  out.set("value", value_);
  out.set("pending", static_cast<std::uint64_t>(queue_.size() + (current_ ? 1 : 0)));
  out.set("phase", phase_ == Phase::Idle ? "idle" : phase_ == Phase::Query ? "query" : "impose");
  out.set("completed", completed_);
}

}  // namespace catslab::protocols
