#include "runtime/work_stealing_scheduler.h"

#include "runtime/component_core.h"

namespace catslab::runtime {
namespace {

thread_local const WorkStealingScheduler* tCurrentPool = nullptr;
thread_local int tWorkerIndex = -1;

}  // namespace

WorkStealingScheduler::WorkStealingScheduler(int workers) {
  if (workers <= 0) workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i <= workers; ++i) queues_.push_back(std::make_unique<Queue>());
  queues_.back()->items.clear();
}

WorkStealingScheduler::~WorkStealingScheduler() { stop(); }

bool WorkStealingScheduler::onWorkerThread() const { return tCurrentPool == this; }

void WorkStealingScheduler::start() {
  if (!threads_.empty()) return;
  const int n = static_cast<int>(queues_.size()) - 1;
  for (int i = 0; i < n; ++i) threads_.emplace_back([this, i] { work(i); });
}

void WorkStealingScheduler::stop() {
  stopping_.store(true);
  {
    std::lock_guard lock(sleepMutex_);
    wake_.notify_all();
  }
  for (auto& t : threads_) {
    if (t.joinable() && t.get_id() != std::this_thread::get_id())
      t.join();
    else if (t.joinable())
      t.detach();
  }
  threads_.clear();
  for (auto& q : queues_) {
    std::lock_guard lock(q->mutex);
    q->items.clear();
  }
}

void WorkStealingScheduler::schedule(std::shared_ptr<ComponentCore> component) {
  const bool local = tCurrentPool == this && tWorkerIndex >= 0;
  Queue& q = local ? *queues_[tWorkerIndex] : *queues_.back();
  bool wasEmpty = false;
  {
    std::lock_guard lock(q.mutex);
    wasEmpty = q.items.empty();
    q.items.push_back(std::move(component));
  }
  pending_.fetch_add(1);
  // A worker that readies a single component takes it itself as soon as its
  // current turn ends; waking an idle worker for it would only move it to
  // another core (a futex wake and cache misses per message in
  // request/response chains). A second queued item is surplus: wake one.
  if (local && wasEmpty) return;
  if (sleepers_.load() > 0) {
    std::lock_guard lock(sleepMutex_);
    wake_.notify_one();
  }
}

std::shared_ptr<ComponentCore> WorkStealingScheduler::take(int index) {
  const int n = static_cast<int>(queues_.size());
  auto popFront = [](Queue& q) -> std::shared_ptr<ComponentCore> {
    std::lock_guard lock(q.mutex);
    if (q.items.empty()) return nullptr;
    auto c = std::move(q.items.front());
    q.items.pop_front();
    return c;
  };
  auto popBack = [](Queue& q) -> std::shared_ptr<ComponentCore> {
    std::lock_guard lock(q.mutex);
    if (q.items.empty()) return nullptr;
    auto c = std::move(q.items.back());
    q.items.pop_back();
    return c;
  };
  if (auto c = popFront(*queues_[index])) return c;
  if (auto c = popFront(*queues_.back())) return c;
  for (int k = 1; k < n - 1; ++k) {
    if (auto c = popBack(*queues_[(index + k) % (n - 1)])) return c;
  }
  return nullptr;
}

void WorkStealingScheduler::work(int index) {
  tCurrentPool = this;
  tWorkerIndex = index;
  while (!stopping_.load(std::memory_order_acquire)) {
    if (auto c = take(index)) {
      pending_.fetch_sub(1);
      c->run(batch());
      continue;
    }
    std::unique_lock lock(sleepMutex_);
    sleepers_.fetch_add(1);
    wake_.wait(lock, [this] { return pending_.load() > 0 || stopping_.load(); });
    sleepers_.fetch_sub(1);
  }
  tCurrentPool = nullptr;
  tWorkerIndex = -1;
}

}  // namespace catslab::runtime
