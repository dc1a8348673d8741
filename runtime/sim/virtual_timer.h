// VirtualTimer: the Timer port on an EventLoop — virtual time in simulation
// (the VirtualEventQueue), real time in the local stress test
// (RealTimeLoop). One instance serves every virtual node; Timer requests are
// direct, so each Timeout goes back only to the component that scheduled it.
// Timeouts of components that are gone are dropped (periodic ones stop).
//
// Ownership: the loop must outlive the component. Thread-safe (one mutex).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "runtime/component.h"
#include "runtime/sim/event_loop.h"
#include "runtime/timer.h"

namespace catslab::sim {

class VirtualTimer : public runtime::ComponentDefinition {
 public:
  explicit VirtualTimer(EventLoop& loop);
  ~VirtualTimer() override;
  void inspect(runtime::StateWriter& out) const override;
  std::size_t pending() const;

 private:
  struct Entry {
    std::shared_ptr<const runtime::DirectRequest> request;  // keeps the origin
    std::shared_ptr<const runtime::Timeout> timeout;
    runtime::Duration period{0};
  };
  struct Shared {
    std::mutex mutex;
    bool closed = false;
    std::unordered_map<runtime::TimeoutId, Entry> entries;
  };
  static void fire(const std::shared_ptr<Shared>& shared, EventLoop* loop, runtime::TimeoutId id);
  // The Due that fire()s timeout `id` (context: the loop, object: Shared).
  static Due due(const std::shared_ptr<Shared>& shared, EventLoop* loop, runtime::TimeoutId id);
  static void fireDue(void* loop, const std::shared_ptr<const void>& shared, std::uint64_t id);
  void onKill() override;

  EventLoop& loop_;
  std::shared_ptr<Shared> shared_;
  runtime::Negative<runtime::Timer> timer_ = provide<runtime::Timer>();
};

}  // namespace catslab::sim
