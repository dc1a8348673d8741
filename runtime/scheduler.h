// Schedulers decide which ready component runs next and on which thread.
//
// A component is handed to a scheduler when it becomes ready (it has work
// and is not already scheduled or running); the scheduler eventually calls
// ComponentCore::run on exactly one thread, so a component executes one
// handler at a time. Chosen when a Runtime is created, never by components.
#pragma once

#include <memory>

namespace catslab::runtime {

class ComponentCore;

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  // Thread-safe. The component must not already be scheduled.
  virtual void schedule(std::shared_ptr<ComponentCore> component) = 0;
  virtual void start() = 0;
  // Stops the workers; queued components are dropped.
  virtual void stop() = 0;
  virtual bool isDeterministic() const = 0;
  // True on one of this scheduler's own worker threads (inside a handler).
  virtual bool onWorkerThread() const { return false; }
  // Events a component may execute per turn before yielding its thread.
  int batch() const { return batch_; }
  void setBatch(int batch) { batch_ = batch < 1 ? 1 : batch; }

 private:
  int batch_ = 32;
};

}  // namespace catslab::runtime
