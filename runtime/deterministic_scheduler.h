// Single-threaded scheduler for simulation and step-by-step debugging.
// Nothing runs until the driving thread calls step() or runUntilIdle();
// ready components run in the order they became ready, one work item per
// turn, so a run is a pure function of the initial state and the seed.
#pragma once

#include <deque>
#include <memory>
#include <mutex>

#include "runtime/scheduler.h"

namespace catslab::runtime {

class DeterministicScheduler final : public Scheduler {
 public:
  DeterministicScheduler() { setBatch(1); }
  void schedule(std::shared_ptr<ComponentCore> component) override;
  void start() override {}
  void stop() override;
  bool isDeterministic() const override { return true; }

  // Runs one component turn (one work item). False if nothing was ready.
  bool step();
  bool idle() const;
  std::size_t ready() const;

 private:
  mutable std::mutex mutex_;  // only for components scheduled from other threads
  std::deque<std::shared_ptr<ComponentCore>> ready_;
  bool stopped_ = false;
};

}  // namespace catslab::runtime
