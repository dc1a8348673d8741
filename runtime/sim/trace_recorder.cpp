#include "runtime/sim/trace_recorder.h"

#include <vector>

#include "runtime/component.h"
#include "runtime/component_core.h"

namespace catslab::sim {

namespace {
constexpr std::size_t kArenaBlock = 16 * 1024;
}

TraceRecorder::TraceRecorder(const runtime::Clock& clock, RecordSink sink)
    : clock_(clock),
      sink_(std::move(sink)),
      arenaBlock_(std::make_unique<char[]>(kArenaBlock)),
      arena_(std::make_unique<google::protobuf::Arena>(arenaBlock_.get(), kArenaBlock)) {}

TraceRecorder::~TraceRecorder() = default;

void TraceRecorder::emitLocked(trace::Record& record) {
  record.set_seq(seq_++);
  record.set_time_ns(clock_.nowNs());
  if (sink_) sink_(record);
}

trace::Record& TraceRecorder::scratchLocked() {
  return *google::protobuf::Arena::CreateMessage<trace::Record>(arena_.get());
}

void TraceRecorder::emitScratchLocked(trace::Record& record) {
  emitLocked(record);
  // The sink saw the record synchronously; nothing refers to it any more.
  // Reset keeps the initial block, so the next record reuses it.
  arena_->Reset();
}

void TraceRecorder::push(trace::Record record) {
  std::lock_guard lock(mutex_);
  emitLocked(record);
}

void TraceRecorder::header(const std::string& scenario, std::uint64_t seed,
                           const std::string& profile) {
  trace::Record r;
  auto* h = r.mutable_header();
  h->set_format("catslab-trace/1");
  h->set_scenario(scenario);
  h->set_seed(seed);
  h->set_profile(profile);
  push(std::move(r));
}

void TraceRecorder::registerNode(runtime::ComponentCore* root, const std::string& nodeId) {
  std::lock_guard lock(mutex_);
  nodes_[root] = nodeId;
  // Components looked up before registration were cached as "no node".
  for (auto it = tracked_.begin(); it != tracked_.end();) {
    if (it->second->node.empty())
      it = tracked_.erase(it);
    else
      ++it;
  }
}

void TraceRecorder::unregisterNode(runtime::ComponentCore* root) {
  std::lock_guard lock(mutex_);
  auto n = nodes_.find(root);
  if (n == nodes_.end()) return;
  const std::string id = n->second;
  nodes_.erase(n);
  // The node's state is gone with it (NodeDown says so); forget it silently.
  for (auto it = tracked_.begin(); it != tracked_.end();) {
    if (it->second->node == id || it->second->node.empty())
      it = tracked_.erase(it);
    else
      ++it;
  }
}

void TraceRecorder::setStateTracking(bool on) {
  std::lock_guard lock(mutex_);
  trackState_ = on;
}

std::uint64_t TraceRecorder::recordCount() const {
  std::lock_guard lock(mutex_);
  return seq_;
}

void TraceRecorder::nodeUp(const std::string& node, const std::string& address,
                           const std::string& stack) {
  trace::Record r;
  r.set_node(node);
  r.mutable_node_up()->set_address(address);
  r.mutable_node_up()->set_stack(stack);
  push(std::move(r));
}

void TraceRecorder::nodeDown(const std::string& node, bool crashed, const std::string& reason) {
  trace::Record r;
  r.set_node(node);
  r.mutable_node_down()->set_crashed(crashed);
  r.mutable_node_down()->set_reason(reason);
  push(std::move(r));
}

namespace {

void fillMessage(trace::Record& r, trace::MessageEventKind kind, std::uint64_t id,
                 const std::string& from, const std::string& to, const std::string& type,
                 std::uint32_t size, const std::string& summary) {
  auto* m = r.mutable_message();
  m->set_kind(kind);
  m->set_from(from);
  m->set_to(to);
  m->set_type(type);
  m->set_size(size);
  m->set_summary(summary);
  m->set_message_id(id);
}

}  // namespace

std::uint64_t TraceRecorder::messageSent(const std::string& from, const std::string& to,
                                         const std::string& type, std::uint32_t size,
                                         const std::string& summary) {
  std::lock_guard lock(mutex_);
  trace::Record& r = scratchLocked();
  r.set_node(from);
  const std::uint64_t id = ++messageIds_;
  fillMessage(r, trace::MESSAGE_SENT, id, from, to, type, size, summary);
  emitScratchLocked(r);
  return id;
}

void TraceRecorder::messageDelivered(std::uint64_t messageId, const std::string& from,
                                     const std::string& to, const std::string& type,
                                     std::uint32_t size, const std::string& summary) {
  std::lock_guard lock(mutex_);
  trace::Record& r = scratchLocked();
  r.set_node(to);
  fillMessage(r, trace::MESSAGE_DELIVERED, messageId, from, to, type, size, summary);
  emitScratchLocked(r);
}

void TraceRecorder::messageDropped(std::uint64_t messageId, const std::string& from,
                                   const std::string& to, const std::string& type,
                                   std::uint32_t size, const std::string& summary,
                                   const std::string& reason) {
  std::lock_guard lock(mutex_);
  trace::Record& r = scratchLocked();
  r.set_node(to);
  fillMessage(r, trace::MESSAGE_DROPPED, messageId, from, to, type, size, summary);
  r.mutable_message()->set_drop_reason(reason);
  emitScratchLocked(r);
}

void TraceRecorder::clientOp(const std::string& node, const trace::ClientOp& op) {
  trace::Record r;
  r.set_node(node);
  *r.mutable_client_op() = op;
  push(std::move(r));
}

void TraceRecorder::log(const std::string& node, const std::string& level,
                        const std::string& text) {
  std::lock_guard lock(mutex_);
  trace::Record& r = scratchLocked();
  r.set_node(node);
  r.mutable_log()->set_level(level);
  r.mutable_log()->set_text(text);
  emitScratchLocked(r);
}

TraceRecorder::Tracked& TraceRecorder::trackedLocked(runtime::ComponentCore& component) {
  auto& slot = tracked_[&component];
  if (slot) return *slot;
  slot = std::make_unique<Tracked>();
  // Walk up to the registered node root, collecting the names below it.
  std::vector<const std::string*> names;
  for (runtime::ComponentCore* c = &component; c != nullptr; c = c->parent()) {
    auto n = nodes_.find(c);
    if (n != nodes_.end()) {
      slot->node = n->second;
      for (auto it = names.rbegin(); it != names.rend(); ++it) {
        slot->prefix += **it;
        slot->prefix += '.';
      }
      break;
    }
    names.push_back(&c->name());
  }
  return *slot;
}

void TraceRecorder::afterHandler(runtime::ComponentCore& component, const runtime::Event*) {
  handlers_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(mutex_);
  if (!trackState_) return;
  Tracked& t = trackedLocked(component);
  if (t.node.empty()) return;
  const runtime::ComponentDefinition* def = component.definition();
  if (def == nullptr) return;
  def->inspect(t.state);
  trace::Record* r = nullptr;
  trace::StateChange* change = nullptr;
  t.state.finishPass([&](const std::string& key, const std::string* value) {
    if (!change) {
      r = &scratchLocked();
      change = r->mutable_state();
    }
    auto* e = change->add_entries();
    std::string* k = e->mutable_key();
    k->reserve(t.prefix.size() + key.size());
    k->append(t.prefix).append(key);
    if (value)
      e->set_value(*value);
    else
      e->set_removed(true);
  });
  if (!change) return;
  r->set_node(t.node);
  emitScratchLocked(*r);
}

void TraceRecorder::componentDestroyed(runtime::ComponentCore& component) {
  std::lock_guard lock(mutex_);
  auto it = tracked_.find(&component);
  if (it == tracked_.end()) return;
  std::unique_ptr<Tracked> t = std::move(it->second);
  tracked_.erase(it);
  if (t->node.empty() || t->state.empty()) return;
  // A component removed from a live node (reconfiguration): its keys go away.
  trace::Record r;
  r.set_node(t->node);
  for (const auto& key : t->state.keys()) {
    auto* e = r.mutable_state()->add_entries();
    e->set_key(t->prefix + key);
    e->set_removed(true);
  }
  emitLocked(r);
}

}  // namespace catslab::sim
