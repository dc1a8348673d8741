#include "cats/core/op_trace.h"

#include <algorithm>

#include "runtime/proto/trace.pb.h"
#include "runtime/random.h"

namespace catslab::cats {

void PhaseNote::reply(ReplyNote r) {
  auto it = std::find_if(replies.begin(), replies.end(),
                         [&](const ReplyNote& old) { return old.node == r.node; });
  if (it != replies.end()) {
    *it = std::move(r);
  } else {
    replies.push_back(std::move(r));
  }
}

PhaseNote& OpTrace::begin(PhaseNote phase) {
  if (phases.size() >= kMaxPhases) {
    // Keep the first phase (where it started) and the newest ones.
    phases.erase(phases.begin() + 1);
    ++dropped;
  }
  if (!phases.empty() && phases.back().ended.count() < 0) phases.back().ended = phase.started;
  phases.push_back(std::move(phase));
  return phases.back();
}

std::uint64_t traceOpId(const std::string& node, std::uint64_t incarnation,
                        std::uint64_t operation) {
  const std::uint64_t high = runtime::Random::derive(incarnation, node) >> 32;
  return (high << 32) | (operation & 0xffffffffULL);
}

const char* verbOf(KvKind kind) {
  switch (kind) {
    case KvKind::Get:
      return "get";
    case KvKind::Put:
      return "put";
    case KvKind::Delete:
      return "del";
  }
  return "?";
}

trace::ClientOp invokeRecord(const OpTrace& t, KvKind kind, const std::string& key,
                             const std::string& value) {
  trace::ClientOp op;
  op.set_phase(trace::ClientOp::INVOKE);
  op.set_op_id(t.id);
  op.set_client(t.client);
  op.set_op(verbOf(kind));
  op.set_key(key);
  if (kind == KvKind::Put) op.set_value(value);
  return op;
}

trace::ClientOp completionRecord(const OpTrace& t, KvKind kind, const std::string& key,
                                 KvStatus status, bool found, const std::string& result,
                                 const std::string& reason, std::uint32_t group) {
  trace::ClientOp op;
  // A put or delete that timed out may have reached some replicas: its
  // outcome is unknown. A get has no effect, and a rejected request never
  // left the coordinator: both simply failed.
  if (status == KvStatus::Ok) {
    op.set_phase(trace::ClientOp::OK);
  } else if (status == KvStatus::Unavailable && kind != KvKind::Get) {
    op.set_phase(trace::ClientOp::INFO);
  } else {
    op.set_phase(trace::ClientOp::FAIL);
  }
  op.set_op_id(t.id);
  op.set_client(t.client);
  op.set_op(verbOf(kind));
  op.set_key(key);
  if (status == KvStatus::Ok && kind == KvKind::Get && found) op.set_value(result);
  op.set_reason(reason);
  op.set_group(static_cast<std::int32_t>(group));
  op.set_phases_dropped(t.dropped);
  for (const PhaseNote& p : t.phases) {
    trace::QuorumPhase* q = op.add_phases();
    q->set_name(p.name);
    q->set_view(p.vid);
    for (const auto& m : p.members) q->add_members(m);
    for (const auto& a : p.asked) q->add_asked(a);
    for (const ReplyNote& r : p.replies) {
      trace::QuorumReply* out = q->add_replies();
      out->set_node(r.node);
      out->set_view(r.vid);
      out->set_answer(r.answer);
      out->set_counted(r.counted);
      out->set_refused(r.refused);
      out->set_time_ns(r.at.count());
    }
    q->set_majority(p.majority);
    q->set_quorum(p.quorum);
    q->set_resends(p.resends);
    q->set_started_ns(p.started.count());
    q->set_ended_ns(p.ended.count());
  }
  return op;
}

}  // namespace catslab::cats
