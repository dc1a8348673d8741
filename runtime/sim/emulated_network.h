// EmulatedNetwork: one component that provides Network to every virtual node
// of a process (simulation and local stress test). Nodes connect to it with
// Selection{byDestination(), nodeKey(id)}, so a delivered Message reaches
// only its destination, in O(1).
//
// A Message request is judged by the NetworkModel when it is sent (loss,
// partition, link down, latency); a surviving message is delivered by the
// EventLoop after its delay, unless its destination is down by then
// ("node down"). Messages are passed as they are (shared, never copied or
// serialized) unless a MessageCopy is set: then each delivered message is
// the copy it returns (tests plug in a wire-codec round trip so that every
// simulated message also exercises its codec). The size in traces is an
// estimate (see estimateSize).
//
// Ownership: the loop and the recorder (may be null) must outlive the
// component. Thread safety: the model and the set of up nodes are guarded by
// one mutex, so the API may be called from any thread while the system runs.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>

#include "runtime/component.h"
#include "runtime/network.h"
#include "runtime/sim/event_loop.h"
#include "runtime/sim/network_model.h"
#include "runtime/sim/trace_recorder.h"

namespace catslab::sim {

struct NetworkStats {
  std::uint64_t sent = 0;
  std::uint64_t delivered = 0;
  std::uint64_t dropped = 0;
};

// Header bytes a real transport would carry plus the two node ids; payloads
// are not serialized in simulation, so this is only an estimate.
std::uint32_t estimateSize(const runtime::Message& message);

// Makes the message that travels from the one that was sent. Throws (a
// programming error, e.g. a type without a codec) to fault the network.
using MessageCopy =
    std::function<std::shared_ptr<const runtime::Message>(const runtime::Message& sent)>;

class EmulatedNetwork : public runtime::ComponentDefinition {
 public:
  EmulatedNetwork(EventLoop& loop, TraceRecorder* recorder);

  // Run `fn` with the model locked (to change links, partitions, ...).
  template <class F>
  auto withModel(F&& fn) {
    std::lock_guard lock(mutex_);
    return fn(model_);
  }
  void setMessageCopy(MessageCopy copy);
  void setUp(const std::string& node, bool up);
  bool isUp(const std::string& node) const;
  NetworkStats stats() const;
  void inspect(runtime::StateWriter& out) const override;

 private:
  void onMessage(const runtime::Message& message);
  void deliver(const std::shared_ptr<const runtime::Message>& message, std::uint64_t id);
  // The Due that deliver()s a message (context: the network, n: its trace id).
  static void deliverDue(void* self, const std::shared_ptr<const void>& message, std::uint64_t id);

  EventLoop& loop_;
  TraceRecorder* recorder_;
  mutable std::mutex mutex_;
  NetworkModel model_;
  std::unordered_set<std::string> up_;
  NetworkStats stats_;
  std::shared_ptr<const MessageCopy> copy_;  // null: messages travel as sent
  runtime::Negative<runtime::Network> net_ = provide<runtime::Network>();
};

}  // namespace catslab::sim
