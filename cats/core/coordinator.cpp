// The coordinator role: get, put and delete as ABD over consistent quorums
// (CATS.md, "Operations"). A quorum is more than half of one view's members,
// every reply carrying that view's id; a refusal with a newer view restarts
// the operation in it; after the deadline the client gets "unavailable",
// never a value.
#include <algorithm>
#include <cstdio>

#include "cats/core/cats_node.h"
#include "cats/core/placement.h"
#include "runtime/client_ops.h"
#include "runtime/component_core.h"
#include "runtime/runtime.h"

namespace catslab::cats {

void CatsNode::onGet(const KvGet& r) { request(KvKind::Get, r.client, r.op, r.key, {}); }
void CatsNode::onPut(const KvPut& r) { request(KvKind::Put, r.client, r.op, r.key, r.value); }
void CatsNode::onDelete(const KvDelete& r) { request(KvKind::Delete, r.client, r.op, r.key, {}); }

void CatsNode::request(KvKind kind, std::uint64_t client, std::uint64_t clientOp,
                       const std::string& key, const std::string& value) {
  Operation op;
  op.kind = kind;
  op.client = client;
  op.clientOp = clientOp;
  op.key = key;
  op.value = value;
  startOperation(std::move(op));
}

void CatsNode::startOperation(Operation op) {
  const std::uint64_t id = ++nextOperation_;
  op.slice = sliceOf(op.key, config_.slices);
  op.startedAt = now();
  op.deadline = now() + config_.deadline;
  std::string problem;
  if (op.key.empty()) problem = "empty key";
  if (op.key.size() > config_.maxKeyBytes) {
    problem = "key of " + std::to_string(op.key.size()) + " bytes exceeds the limit of " +
              std::to_string(config_.maxKeyBytes);
  }
  if (op.value.size() > config_.maxValueBytes) {
    problem = "value of " + std::to_string(op.value.size()) + " bytes exceeds the limit of " +
              std::to_string(config_.maxValueBytes);
  }
  op.trace.id = traceOpId(self_.id, incarnation_, id);
  op.trace.client =
      self_.id + (op.fromConsole ? std::string("/console") : "/c" + std::to_string(op.client));
  reportOp(invokeRecord(op.trace, op.kind, op.key, op.value));
  operations_.emplace(id, std::move(op));
  if (!problem.empty()) {
    complete(id, KvStatus::Rejected, problem);
    return;
  }
  beginAttempt(id);
}

View CatsNode::bestView(std::uint32_t slice) const {
  auto it = known_.find(slice);
  return it != known_.end() ? it->second : View{};
}

// Every view a node hears of is a decided one (a replica only ever holds
// decided views), so it can be cached, and installed if it concerns us.
void CatsNode::learnView(std::uint32_t slice, const View& v) {
  if (v.vid == 0) return;
  auto& known = known_[slice];
  if (v.vid > known.vid) known = v;
  auto it = groups_.find(slice);
  const bool involved =
      (it != groups_.end() && it->second.status != GroupStatus::None) || v.has(self_.id);
  if (involved && (it == groups_.end() || v.vid > it->second.view.vid)) install(slice, v);
}

// Timestamps must be unique per write, not per node: two concurrent puts of
// one coordinator may read the same counter (the tst_cats steady-state seed 2
// history showed two values under one timestamp). So the writer part names
// the node, its incarnation and the operation.
std::string CatsNode::writerId(std::uint64_t operation) const {
  return self_.id + "#" + std::to_string(incarnation_) + "." + std::to_string(operation);
}

void CatsNode::beginAttempt(std::uint64_t id) {
  Operation& op = operations_.at(id);
  attempts_.erase(op.attempt);
  op.attempt = ++nextAttempt_;
  attempts_[op.attempt] = id;
  op.view = bestView(op.slice);
  op.acks.clear();
  if (op.phase == Phase::Write && op.restarts > 0) {
    // The version is chosen: write that same version in the newer view. A
    // fresh timestamp would make one put take effect twice (tst_cats loss
    // seed 5: a partial write seen by a read, then rewritten after another
    // put, read again).
    sendPhase(op, false);
    return;
  }
  op.reads.clear();
  op.floors.clear();
  op.readQuorum.clear();
  op.phase = Phase::Read;
  if (config_.consistency == Consistency::Eventual && op.kind != KvKind::Get && op.view.vid > 0) {
    lamport_ = std::max<std::uint64_t>(lamport_ + 1, static_cast<std::uint64_t>(now().count()));
    op.toWrite = Versioned{{lamport_, writerId(id)}, op.kind == KvKind::Delete, op.value};
    op.phase = Phase::Write;
  }
  sendPhase(op, false);
}

// To the view's members, and to the nodes the ring says should replicate
// the slice (they refuse with a newer view if they have one: that is how a
// coordinator whose cached view is old finds the current one).
void CatsNode::sendPhase(Operation& op, bool onlyMissing) {
  std::set<std::string> targets(op.view.members.begin(), op.view.members.end());
  for (const auto& id : desired(op.slice)) targets.insert(id);
  notePhase(op, onlyMissing, targets);
  for (const auto& id : targets) {
    if (onlyMissing && (op.phase == Phase::Read ? op.reads.count(id) > 0 : op.acks.count(id) > 0)) {
      continue;
    }
    if (op.phase == Phase::Read) {
      send(std::make_shared<const OpRead>(self_, addressOf(id), op.slice, op.view.vid, op.attempt,
                                          op.key));
    } else {
      send(std::make_shared<const OpWrite>(self_, addressOf(id), op.slice, op.view.vid, op.attempt,
                                           op.key, op.toWrite));
    }
  }
  op.sentAt = now();
}

void CatsNode::onReadReply(const OpReadReply& m) {
  auto a = attempts_.find(m.op);
  if (a == attempts_.end()) return;
  const std::uint64_t id = a->second;
  Operation& op = operations_.at(id);
  if (op.phase != Phase::Read) return;
  const bool counted =
      op.view.has(m.source.id) && (m.vid == op.view.vid || config_.broken == Broken::PlainMajority);
  noteReply(op, m.source.id, m.vid, m.found ? describe(m.version) : "absent", counted, false);
  if (!counted) return;
  op.reads[m.source.id] = {m.found, m.version};
  op.floors[m.source.id] = m.floor;
  if (op.reads.size() < op.view.majority()) return;
  noteQuorum(op);

  const std::pair<bool, Versioned>* highest = nullptr;
  bool allSame = true;
  for (const auto& [replica, reply] : op.reads) {
    op.readQuorum.push_back(replica);
    if (highest && (reply.first != highest->first || reply.second.ts != highest->second.ts)) {
      allSame = false;
    }
    if (!highest || (reply.first && (!highest->first || highest->second.ts < reply.second.ts))) {
      highest = &reply;
    }
  }
  if (op.kind == KvKind::Get) {
    op.resultFound = highest->first;
    op.result = highest->second;
    if (allSame || config_.consistency == Consistency::Eventual ||
        config_.broken == Broken::GetWithoutImpose || !highest->first) {
      // (no version anywhere in the quorum means every reply said "absent")
      complete(id, KvStatus::Ok);
      return;
    }
    op.toWrite = highest->second;  // impose it before returning it
  } else {
    std::uint64_t counter = highest->first ? highest->second.ts.counter : 0;
    for (const auto& [replica, floor] : op.floors) counter = std::max(counter, floor);
    op.toWrite = Versioned{{counter + 1, writerId(id)}, op.kind == KvKind::Delete, op.value};
  }
  op.phase = Phase::Write;
  sendPhase(op, false);
}

void CatsNode::onWriteAck(const OpWriteAck& m) {
  auto a = attempts_.find(m.op);
  if (a == attempts_.end()) return;
  const std::uint64_t id = a->second;
  Operation& op = operations_.at(id);
  if (op.phase != Phase::Write) return;
  const bool counted =
      op.view.has(m.source.id) && (m.vid == op.view.vid || config_.broken == Broken::PlainMajority);
  noteReply(op, m.source.id, m.vid, "ack", counted, false);
  if (!counted) return;
  op.acks.insert(m.source.id);
  if (op.acks.size() >= op.view.majority()) {
    noteQuorum(op);
    complete(id, KvStatus::Ok);
  }
}

void CatsNode::onRefused(const OpRefused& m) {
  learnView(m.slice, m.view);
  auto a = attempts_.find(m.op);
  if (a == attempts_.end()) return;
  const std::uint64_t id = a->second;
  Operation& op = operations_.at(id);
  noteReply(op, m.source.id, m.view.vid,
            std::string("refused: ") + toString(m.status) + " in " + m.view.describe(), false,
            true);
  if (m.view.vid > op.view.vid) {
    // Move to the newer view: phase 1 starts over there; a chosen version
    // is written there (see beginAttempt).
    ++op.restarts;
    beginAttempt(id);
  } else if (m.view.vid < op.view.vid && op.view.has(m.source.id)) {
    send(std::make_shared<const ViewDecided>(self_, m.source, m.slice, op.view));
  }
}

void CatsNode::expireOperations() {
  std::vector<std::uint64_t> expired;
  for (auto& [id, op] : operations_) {
    if (now() >= op.deadline) {
      expired.push_back(id);
    } else if (now() - op.sentAt >= config_.retransmit) {
      if (op.view.vid == 0) op.view = bestView(op.slice);
      sendPhase(op, true);
    }
  }
  for (const auto id : expired) {
    const Operation& op = operations_.at(id);
    const std::size_t answered = op.phase == Phase::Read ? op.reads.size() : op.acks.size();
    std::string reason = "group " + std::to_string(op.slice);
    if (op.view.vid == 0) {
      reason += " unavailable: no replica of it answered";
    } else {
      reason += " (view " + std::to_string(op.view.vid) +
                ") unavailable: " + std::to_string(answered) + " of " +
                std::to_string(op.view.members.size()) + " replicas answered in view " +
                std::to_string(op.view.vid) + ", " + std::to_string(op.view.majority()) + " needed";
    }
    complete(id, KvStatus::Unavailable, reason);
  }
}

void CatsNode::complete(std::uint64_t id, KvStatus status, std::string reason) {
  auto it = operations_.find(id);
  if (it == operations_.end()) return;
  Operation op = std::move(it->second);
  operations_.erase(it);
  attempts_.erase(op.attempt);
  const bool ok = status == KvStatus::Ok;
  ok ? ++completed_ : ++failed_;
  const bool found = ok && op.kind == KvKind::Get && op.resultFound && !op.result.tombstone;
  if (auto* p = op.trace.current(); p && p->ended.count() < 0) p->ended = now();
  reportOp(completionRecord(op.trace, op.kind, op.key, status, found, op.result.value, reason,
                            op.slice));
  const double ms = static_cast<double>((now() - op.startedAt).count()) / 1e6;

  std::string quorum;
  for (const auto& r : op.readQuorum) quorum += (quorum.empty() ? "" : ",") + r;
  std::string acks;
  for (const auto& r : op.acks) acks += (acks.empty() ? "" : ",") + r;
  std::string values;
  if (op.kind == KvKind::Put) values = " value=\"" + op.value + "\"";
  if (op.kind == KvKind::Get && ok)
    values = found ? " result=\"" + op.result.value + "\"" : " result=nil";
  note(std::string("op ") + verbOf(op.kind) + " key=" + op.key + values + " status=" +
       (ok                                ? "ok"
        : status == KvStatus::Unavailable ? "unavailable"
                                          : "rejected") +
       " group=" + std::to_string(op.slice) + " view=" + std::to_string(op.view.vid) + " read=[" +
       quorum + "] write=[" + acks + "] restarts=" + std::to_string(op.restarts));

  if (op.fromConsole) {
    char latency[32];
    std::snprintf(latency, sizeof latency, "%.1f ms", ms);
    const std::string where = " (group " + std::to_string(op.slice) + " v" +
                              std::to_string(op.view.vid) + ", " + latency + ")";
    if (!ok) {
      replyError(std::string(verbOf(op.kind)) + " " + op.key + ": " +
                     (status == KvStatus::Unavailable ? "unavailable: " : "rejected: ") + reason,
                 op.consoleId);
    } else if (op.kind != KvKind::Get) {
      reply(std::string(verbOf(op.kind)) + " " + op.key + ": ok" + where, op.consoleId);
    } else if (found) {
      reply("get " + op.key + " = " + op.result.value + where, op.consoleId);
    } else {
      reply("get " + op.key + ": (nil)" + where, op.consoleId);
    }
    return;
  }
  KvResponse r;
  r.client = op.client;
  r.op = op.clientOp;
  r.kind = op.kind;
  r.status = status;
  r.found = found;
  if (found) r.value = op.result.value;
  r.reason = std::move(reason);
  r.group = op.slice;
  r.vid = op.view.vid;
  trigger(std::move(r), kv_);
}

// --- what the trace records of an operation (op_trace.h) --------------------

void CatsNode::reportOp(const trace::ClientOp& op) const {
  core().runtime().service<runtime::ClientOps>().report(path(), op);
}

void CatsNode::notePhase(Operation& op, bool resend, const std::set<std::string>& targets) {
  PhaseNote* current = op.trace.current();
  if (resend && current && current->vid == op.view.vid) {
    ++current->resends;
    return;
  }
  PhaseNote p;
  p.name = op.phase == Phase::Read ? "read" : op.kind == KvKind::Get ? "write-back" : "write";
  p.vid = op.view.vid;
  p.members = op.view.members;
  p.asked.assign(targets.begin(), targets.end());
  p.majority = static_cast<std::uint32_t>(op.view.majority());
  p.started = now();
  op.trace.begin(std::move(p));
}

void CatsNode::noteReply(Operation& op, const std::string& from, std::uint64_t vid,
                         std::string answer, bool counted, bool refused) {
  PhaseNote* p = op.trace.current();
  if (!p) return;
  constexpr std::size_t kMaxAnswer = 80;  // values may be megabytes; the trace keeps a glimpse
  if (answer.size() > kMaxAnswer) answer = answer.substr(0, kMaxAnswer) + "...";
  p->reply(ReplyNote{from, vid, std::move(answer), counted, refused, now()});
}

void CatsNode::noteQuorum(Operation& op) {
  PhaseNote* p = op.trace.current();
  if (!p) return;
  p->quorum = true;
  p->ended = now();
}

}  // namespace catslab::cats
