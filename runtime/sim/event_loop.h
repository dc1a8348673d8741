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
//
// A Due is a typed action: a function pointer, a context pointer, an owned
// object and a number. The emulated network (one per message) and the
// simulated timer (one per timeout) schedule Dues, which the virtual queue
// stores as they are: no std::function and no heap block per event.
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

struct Due {
  using Fn = void (*)(void* context, const std::shared_ptr<const void>& object, std::uint64_t n);
  Fn fn = nullptr;
  void* context = nullptr;
  std::shared_ptr<const void> object;
  std::uint64_t n = 0;
  void run() const { fn(context, object, n); }
};

class EventLoop {
 public:
  virtual ~EventLoop() = default;
  virtual std::int64_t nowNs() const = 0;
  // Runs `action` at `timeNs` (or as soon as possible if that is past).
  virtual void at(std::int64_t timeNs, Action action) = 0;
  // The same for a typed action; by default wrapped in an Action.
  virtual void at(std::int64_t timeNs, Due due) {
    at(timeNs, Action([due = std::move(due)] { due.run(); }));
  }
  void after(std::int64_t delayNs, Action action) { at(nowNs() + delayNs, std::move(action)); }
  void after(std::int64_t delayNs, Due due) { at(nowNs() + delayNs, std::move(due)); }
};

class VirtualEventQueue final : public EventLoop {
 public:
  explicit VirtualEventQueue(const runtime::Clock& clock) : clock_(clock) {}
  std::int64_t nowNs() const override { return clock_.nowNs(); }
  void at(std::int64_t timeNs, Action action) override;
  void at(std::int64_t timeNs, Due due) override;

  // One event taken off the queue: an Action or a Due.
  struct Event {
    std::int64_t time = 0;
    Action action;
    Due due;
    void run() const {
      if (due.fn)
        due.run();
      else
        action();
    }
  };

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // Time of the earliest event; only when !empty().
  std::int64_t nextTime() const { return heap_.front().time; }
  // Removes the earliest event; the caller sets the clock and runs it.
  Event pop();
  void clear();

 private:
  struct Slot {
    Action action;
    Due due;
  };
  std::uint32_t takeSlot();
  void pushEntry(std::int64_t timeNs, std::uint32_t slot);

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
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> freeSlots_;
  std::uint64_t seq_ = 0;
};

class RealTimeLoop final : public EventLoop {
 public:
  explicit RealTimeLoop(const runtime::Clock& clock);
  ~RealTimeLoop() override;  // stops and joins; pending actions are dropped
  std::int64_t nowNs() const override { return clock_.nowNs(); }
  using EventLoop::at;
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
