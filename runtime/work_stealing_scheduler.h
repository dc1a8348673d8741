// Work-stealing thread pool: N workers, each with its own queue of ready
// components. A component made ready by a worker goes on that worker's
// queue (good locality for request/response chains); idle workers steal
// from the others' tails. A worker that readies one component for itself
// does not wake a sleeping worker (it runs that component next anyway);
// a second waiting component does.
// Components scheduled from outside the pool go to a shared injection queue.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "runtime/scheduler.h"

namespace catslab::runtime {

class WorkStealingScheduler final : public Scheduler {
 public:
  explicit WorkStealingScheduler(int workers);
  ~WorkStealingScheduler() override;
  void schedule(std::shared_ptr<ComponentCore> component) override;
  void start() override;
  void stop() override;
  bool isDeterministic() const override { return false; }
  bool onWorkerThread() const override;
  int workers() const { return static_cast<int>(queues_.size()); }

 private:
  struct Queue {
    std::mutex mutex;
    std::deque<std::shared_ptr<ComponentCore>> items;
  };
  void work(int index);
  std::shared_ptr<ComponentCore> take(int index);

  std::vector<std::unique_ptr<Queue>> queues_;  // one per worker, plus injection at the end
  std::vector<std::thread> threads_;
  std::atomic<std::int64_t> pending_{0};
  std::atomic<int> sleepers_{0};
  std::atomic<bool> stopping_{false};
  std::mutex sleepMutex_;
  std::condition_variable wake_;
};

}  // namespace catslab::runtime
