// Clocks give components their notion of time (ComponentDefinition::now()).
// Real runs use a steady clock counted from the runtime's start; simulation
// uses a manual clock that only the simulator advances. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace catslab::runtime {

using Duration = std::chrono::nanoseconds;
using namespace std::chrono_literals;

class Clock {
 public:
  virtual ~Clock() = default;
  // Nanoseconds since the clock's origin (run start, or virtual time zero).
  virtual std::int64_t nowNs() const = 0;
  virtual bool isVirtual() const = 0;
  // Nanoseconds that order a node's successive lives (incarnation numbers):
  // a restarted process must read a later value than its previous life did.
  // A real clock gives the Unix epoch time (its origin's wall-clock time
  // plus the steady time since), a virtual one its own time (one clock
  // serves every life of every node).
  virtual std::int64_t epochNs() const { return nowNs(); }
};

class SteadyClock final : public Clock {
 public:
  SteadyClock()
      : origin_(std::chrono::steady_clock::now()),
        originEpochNs_(std::chrono::duration_cast<Duration>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count()) {}
  std::int64_t nowNs() const override {
    return std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - origin_).count();
  }
  std::int64_t epochNs() const override { return originEpochNs_ + nowNs(); }
  bool isVirtual() const override { return false; }

 private:
  std::chrono::steady_clock::time_point origin_;
  std::int64_t originEpochNs_;
};

class ManualClock final : public Clock {
 public:
  std::int64_t nowNs() const override { return now_.load(std::memory_order_acquire); }
  bool isVirtual() const override { return true; }
  void set(std::int64_t ns) { now_.store(ns, std::memory_order_release); }

 private:
  std::atomic<std::int64_t> now_{0};
};

}  // namespace catslab::runtime
