#include "runtime/channel.h"

#include <thread>

#include "runtime/port_core.h"

namespace catslab::runtime {

Channel::Channel(PortHalf* positiveEnd, PortHalf* negativeEnd, ChannelKind kind,
                 std::shared_ptr<const ChannelSelector> selector, std::uint64_t key)
    : positive_(positiveEnd),
      negative_(negativeEnd),
      positivePort_(positiveEnd->port()->weak_from_this()),
      negativePort_(negativeEnd->port()->weak_from_this()),
      kind_(kind),
      selector_(std::move(selector)),
      key_(key) {}

void Channel::forward(const PortHalf* from, const EventPtr& event) {
  const bool indication = from == positive_;
  if (indication && kind_ == ChannelKind::RequestsOnly) return;
  if (!indication && kind_ == ChannelKind::IndicationsOnly) return;
  PortHalf* destination = (indication ? negative_ : positive_)->pair();
  for (;;) {
    // Announce the forward before reading held_ (both sequentially
    // consistent), so hold() either makes us queue or waits until we are done.
    inflight_.fetch_add(1);
    if (!held_.load()) {
      // Sequentially consistent, paired with markDisconnected's store and
      // wait: either we see the disconnect or it waits for us.
      if (connected_.load()) destination->arrive(event);
      inflight_.fetch_sub(1);
      return;
    }
    inflight_.fetch_sub(1);
    std::lock_guard lock(mutex_);
    if (held_.load()) {
      if (connected_.load(std::memory_order_relaxed)) pending_.emplace_back(destination, event);
      return;
    }
    // Resumed meanwhile: take the fast path again.
  }
}

void Channel::hold() {
  {
    std::lock_guard lock(mutex_);
    held_.store(true);
    resumeRequested_ = false;  // also stops a resume() that is still flushing
  }
  // When hold() returns nothing is on its way through this channel any more:
  // every later event is queued here. Replacement relies on it (no event may
  // reach the old component's ports while it is being swapped).
  while (inflight_.load() != 0) std::this_thread::yield();
}

void Channel::resume() {
  // Flush in batches without holding the lock; the channel stays held (new
  // events queue behind the flushed ones) until the queue is empty, unless
  // hold() is called again meanwhile.
  std::unique_lock lock(mutex_);
  resumeRequested_ = true;
  if (flushing_) return;  // another thread is already draining
  flushing_ = true;
  while (resumeRequested_ && !pending_.empty()) {
    auto batch = std::move(pending_);
    pending_.clear();
    inflight_.fetch_add(1);
    lock.unlock();
    for (auto& [destination, event] : batch) {
      if (connected_.load()) destination->arrive(event);
    }
    inflight_.fetch_sub(1);
    lock.lock();
  }
  if (resumeRequested_) held_.store(false);
  flushing_ = false;
}

bool Channel::held() const { return held_.load(std::memory_order_acquire); }

std::size_t Channel::queued() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

bool Channel::connected() const { return connected_.load(std::memory_order_acquire); }

void Channel::markDisconnected() {
  {
    std::lock_guard lock(mutex_);
    connected_.store(false);
    pending_.clear();
  }
  while (inflight_.load() != 0) std::this_thread::yield();
}

std::pair<PortHalf*, std::shared_ptr<PortCore>> Channel::otherEnd(const PortHalf* end) const {
  const bool atPositive = end == positive_;
  auto port = (atPositive ? negativePort_ : positivePort_).lock();
  if (!port) return {nullptr, nullptr};
  return {atPositive ? negative_ : positive_, std::move(port)};
}

}  // namespace catslab::runtime
