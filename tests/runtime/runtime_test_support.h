// Helpers shared by the runtime suites: running code inside a component's
// context and driving a runtime until a condition holds.
//
// Test code must not call handlers' machinery from the test thread while a
// work-stealing runtime runs; inContext() queues the call as a work item of
// the component, so it runs like a handler (one at a time, in its context).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "runtime/runtime.h"

namespace rtt {

namespace rt = catslab::runtime;

// Queues `fn` behind the component's pending events (it runs once the
// component is active, like an event handler).
inline void inContext(const rt::ComponentRef& c, std::function<void()> fn) {
  c.core()->post(std::move(fn), false);
}

// Drives a runtime until `done()` holds: steps the deterministic scheduler, or
// waits (polling a condition, never sleeping a fixed time) for a work-stealing
// one. Returns false on timeout.
template <class Pred>
bool driveUntil(rt::Runtime& runtime, Pred done,
                std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  if (runtime.scheduler().isDeterministic()) {
    while (!done()) {
      if (!runtime.step()) return done();
    }
    return true;
  }
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));  // polling a condition
  }
  return true;
}

// A one-shot latch a test thread can wait on while workers count down.
class Latch {
 public:
  explicit Latch(long count) : count_(count) {}
  void countDown() {
    std::lock_guard lock(mutex_);
    if (--count_ <= 0) cv_.notify_all();
  }
  bool wait(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [this] { return count_ <= 0; });
  }
  long remaining() const {
    std::lock_guard lock(mutex_);
    return count_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  long count_;
};

}  // namespace rtt
