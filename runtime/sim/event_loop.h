// Where the emulated network and the simulated timer put work that happens
// later. Two implementations, one per profile:
//
// - VirtualEventQueue (simulation): a discrete-event queue ordered by
//   (virtual time ns, insertion sequence number). Nothing runs by itself;
//   the Simulation pops events and advances its ManualClock to each event's
//   time. Single-threaded: only the driving thread touches it.
// - RealTimeLoop (local stress test): one thread that runs each action when
//   the runtime's real clock reaches its time. at() is thread-safe.
//
// Actions run outside every component's context; they may trigger events on
// ports (that is thread-safe) but must not block.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "runtime/clock.h"

namespace catslab::sim {

using Action = std::function<void()>;

class EventLoop {
 public:
  virtual ~EventLoop() = default;
  virtual std::int64_t nowNs() const = 0;
  // Runs `action` at `timeNs` (or as soon as possible if that is past).
  virtual void at(std::int64_t timeNs, Action action) = 0;
  void after(std::int64_t delayNs, Action action) { at(nowNs() + delayNs, std::move(action)); }
};

class VirtualEventQueue final : public EventLoop {
 public:
  explicit VirtualEventQueue(const runtime::Clock& clock) : clock_(clock) {}
  std::int64_t nowNs() const override { return clock_.nowNs(); }
  void at(std::int64_t timeNs, Action action) override;

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // Time of the earliest event; only when !empty().
  std::int64_t nextTime() const { return heap_.front().time; }
  // Removes the earliest event; the caller sets the clock and runs it.
  std::pair<std::int64_t, Action> pop();
  void clear();

 private:
  // The heap orders small entries; the actions stay put in slots_ (moving a
  // std::function at every heap level was the queue's main cost).
  struct Entry {
    std::int64_t time;
    std::uint64_t seq;
    std::uint32_t slot;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.time != b.time ? a.time > b.time : a.seq > b.seq;
    }
  };
  const runtime::Clock& clock_;
  std::vector<Entry> heap_;
  std::vector<Action> slots_;
  std::vector<std::uint32_t> freeSlots_;
  std::uint64_t seq_ = 0;
};

class RealTimeLoop final : public EventLoop {
 public:
  explicit RealTimeLoop(const runtime::Clock& clock);
  ~RealTimeLoop() override;  // stops and joins; pending actions are dropped
  std::int64_t nowNs() const override { return clock_.nowNs(); }
  void at(std::int64_t timeNs, Action action) override;
  void stop();
  std::size_t pending() const;
  std::uint64_t executed() const { return executed_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    std::int64_t time;
    std::uint64_t seq;
    Action action;
  };
  void run();
  const runtime::Clock& clock_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Entry> heap_;
  std::uint64_t seq_ = 0;
  bool stopping_ = false;
  std::atomic<std::uint64_t> executed_{0};
  std::thread thread_;
};

}  // namespace catslab::sim
