// TraceRecorder turns what happens in a component system into the one record
// stream of runtime/proto/trace.proto (DESIGN.md "Traces and snapshots").
//
// It is a runtime::Observer: after every handler it calls the component's
// inspect() and emits a StateChange with only the keys that changed. Keys are
// prefixed by the component's path inside its node ("ping.sent" for the
// component /n1/ping of node n1), where a node is the subtree under a
// composite registered with registerNode(). Components outside every node
// (the emulated network, the simulated timer) are not inspected.
//
// Network implementations and hosts report the rest through the helpers
// (nodeUp, messageSent, clientOp, log, ...). Every record gets the next seq
// (from 0; the header, if any, is record 0) and the time of the clock given
// at construction, and goes to the sink synchronously.
//
// Ownership: the recorder does not own the clock or the components; the
// clock must outlive it. Register it with Runtime::setObserver and clear
// that before destroying it.
// Thread safety: all members are thread-safe (one mutex), so the recorder
// works under the work-stealing scheduler; records are emitted in the order
// the mutex is taken, so seq always increases along the stream.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "runtime/clock.h"
#include "runtime/observer.h"
#include "runtime/proto/trace.pb.h"
#include "runtime/sim/state_tracker.h"

namespace catslab::runtime {
class ComponentCore;
}

namespace catslab::sim {

using RecordSink = std::function<void(const trace::Record&)>;

class TraceRecorder final : public runtime::Observer {
 public:
  TraceRecorder(const runtime::Clock& clock, RecordSink sink);
  ~TraceRecorder() override;
  TraceRecorder(const TraceRecorder&) = delete;
  TraceRecorder& operator=(const TraceRecorder&) = delete;

  // Emits the stream header; call it first, before any other record.
  void header(const std::string& scenario, std::uint64_t seed, const std::string& profile);

  // The subtree rooted at `root` is node `nodeId`. Call before the node runs
  // (before its first handler); unregister when it is gone (a killed node's
  // components are also forgotten as they are destroyed).
  void registerNode(runtime::ComponentCore* root, const std::string& nodeId);
  void unregisterNode(runtime::ComponentCore* root);

  // Off: afterHandler does nothing (no inspect), other records still flow.
  void setStateTracking(bool on);

  // --- helpers for network implementations and hosts ------------------------
  void nodeUp(const std::string& node, const std::string& address, const std::string& stack);
  void nodeDown(const std::string& node, bool crashed, const std::string& reason);
  // Returns the message id that pairs the later delivered/dropped record.
  std::uint64_t messageSent(const std::string& from, const std::string& to, const std::string& type,
                            std::uint32_t size, const std::string& summary);
  void messageDelivered(std::uint64_t messageId, const std::string& from, const std::string& to,
                        const std::string& type, std::uint32_t size, const std::string& summary);
  void messageDropped(std::uint64_t messageId, const std::string& from, const std::string& to,
                      const std::string& type, std::uint32_t size, const std::string& summary,
                      const std::string& reason);
  void clientOp(const std::string& node, const trace::ClientOp& op);
  void log(const std::string& node, const std::string& level, const std::string& text);
  // Any other record: seq and time_ns are filled in.
  void push(trace::Record record);

  std::uint64_t recordCount() const;
  // Handlers observed so far (every afterHandler call, tracked or not).
  std::uint64_t handlers() const { return handlers_.load(std::memory_order_relaxed); }

  // --- runtime::Observer ------------------------------------------------------
  void afterHandler(runtime::ComponentCore& component, const runtime::Event* event) override;
  void componentDestroyed(runtime::ComponentCore& component) override;

 private:
  struct Tracked {
    std::string node;    // empty: not inside a registered node
    std::string prefix;  // "ping." for /n1/ping; "" for the node root
    StateTracker state;
  };
  Tracked& trackedLocked(runtime::ComponentCore& component);
  void emitLocked(trace::Record& record);
  // A fresh record on the recorder's arena: the helpers build every record
  // there, under the lock, and emitScratchLocked() hands it to the sink and
  // resets the arena, so a record costs no malloc for its messages and
  // string objects (two records per simulated message).
  trace::Record& scratchLocked();
  void emitScratchLocked(trace::Record& record);

  const runtime::Clock& clock_;
  RecordSink sink_;
  mutable std::mutex mutex_;
  std::unique_ptr<char[]> arenaBlock_;
  std::unique_ptr<google::protobuf::Arena> arena_;
  std::atomic<std::uint64_t> handlers_{0};
  std::uint64_t seq_ = 0;
  std::uint64_t messageIds_ = 0;
  bool trackState_ = true;
  std::unordered_map<const runtime::ComponentCore*, std::string> nodes_;  // root -> node id
  std::unordered_map<const runtime::ComponentCore*, std::unique_ptr<Tracked>> tracked_;
};

}  // namespace catslab::sim
