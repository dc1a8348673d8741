#include "runtime/deterministic_scheduler.h"

#include "runtime/component_core.h"

namespace catslab::runtime {

void DeterministicScheduler::schedule(std::shared_ptr<ComponentCore> component) {
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  ready_.push_back(std::move(component));
}

void DeterministicScheduler::stop() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
  ready_.clear();
}

bool DeterministicScheduler::step() {
  std::shared_ptr<ComponentCore> next;
  {
    std::lock_guard lock(mutex_);
    if (ready_.empty()) return false;
    next = std::move(ready_.front());
    ready_.pop_front();
  }
  next->run(batch());
  return true;
}

bool DeterministicScheduler::idle() const {
  std::lock_guard lock(mutex_);
  return ready_.empty();
}

std::size_t DeterministicScheduler::ready() const {
  std::lock_guard lock(mutex_);
  return ready_.size();
}

}  // namespace catslab::runtime
