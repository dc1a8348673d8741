#include "runtime/sim/event_loop.h"

#include <algorithm>
#include <chrono>

namespace catslab::sim {

std::uint32_t VirtualEventQueue::takeSlot() {
  if (freeSlots_.empty()) {
    slots_.emplace_back();
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }
  const std::uint32_t slot = freeSlots_.back();
  freeSlots_.pop_back();
  return slot;
}

void VirtualEventQueue::pushEntry(std::int64_t timeNs, std::uint32_t slot) {
  heap_.push_back(Entry{std::max(timeNs, clock_.nowNs()), seq_++, slot});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
}

void VirtualEventQueue::at(std::int64_t timeNs, Action action) {
  const std::uint32_t slot = takeSlot();
  slots_[slot].action = std::move(action);
  pushEntry(timeNs, slot);
}

void VirtualEventQueue::at(std::int64_t timeNs, Due due) {
  const std::uint32_t slot = takeSlot();
  slots_[slot].due = std::move(due);
  pushEntry(timeNs, slot);
}

VirtualEventQueue::Event VirtualEventQueue::pop() {
  std::pop_heap(heap_.begin(), heap_.end(), Later{});
  const Entry e = heap_.back();
  heap_.pop_back();
  Slot& s = slots_[e.slot];
  Event out{e.time, std::move(s.action), std::move(s.due)};
  s.action = nullptr;
  s.due = Due{};
  freeSlots_.push_back(e.slot);
  return out;
}

void VirtualEventQueue::clear() {
  heap_.clear();
  slots_.clear();
  freeSlots_.clear();
}

namespace {
struct LaterEntry {
  template <class E>
  bool operator()(const E& a, const E& b) const {
    return a.time != b.time ? a.time > b.time : a.seq > b.seq;
  }
};
}  // namespace

RealTimeLoop::RealTimeLoop(const runtime::Clock& clock) : clock_(clock) {
  thread_ = std::thread([this] { run(); });
}

RealTimeLoop::~RealTimeLoop() { stop(); }

void RealTimeLoop::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  heap_.clear();
}

std::size_t RealTimeLoop::pending() const {
  std::lock_guard lock(mutex_);
  return heap_.size();
}

void RealTimeLoop::at(std::int64_t timeNs, Action action) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    heap_.push_back(Entry{timeNs, seq_++, std::move(action)});
    std::push_heap(heap_.begin(), heap_.end(), LaterEntry{});
  }
  wake_.notify_one();
}

void RealTimeLoop::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (heap_.empty()) {
      wake_.wait(lock);
      continue;
    }
    const std::int64_t due = heap_.front().time;
    const std::int64_t now = clock_.nowNs();
    if (due > now) {
      // The clock counts from the runtime's start; wait on steady time.
      wake_.wait_for(lock, std::chrono::nanoseconds(due - now));
      continue;
    }
    std::pop_heap(heap_.begin(), heap_.end(), LaterEntry{});
    Entry e = std::move(heap_.back());
    heap_.pop_back();
    lock.unlock();
    e.action();
    executed_.fetch_add(1, std::memory_order_relaxed);
    lock.lock();
  }
}

}  // namespace catslab::sim
