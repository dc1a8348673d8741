#include "runtime/channel.h"

#include "runtime/port_core.h"

namespace catslab::runtime {

Channel::Channel(PortHalf* positiveEnd, PortHalf* negativeEnd, ChannelKind kind,
                 std::shared_ptr<const ChannelSelector> selector, std::uint64_t key)
    : positive_(positiveEnd),
      negative_(negativeEnd),
      kind_(kind),
      selector_(std::move(selector)),
      key_(key) {}

void Channel::forward(const PortHalf* from, const EventPtr& event) {
  const bool indication = from == positive_;
  if (indication && kind_ == ChannelKind::RequestsOnly) return;
  if (!indication && kind_ == ChannelKind::IndicationsOnly) return;
  PortHalf* destination = (indication ? negative_ : positive_)->pair();
  if (held_.load(std::memory_order_acquire)) {
    std::unique_lock lock(mutex_);
    if (held_.load(std::memory_order_relaxed)) {
      if (connected_.load(std::memory_order_relaxed)) pending_.emplace_back(destination, event);
      return;
    }
  }
  if (connected_.load(std::memory_order_acquire)) destination->arrive(event);
}

void Channel::hold() {
  std::lock_guard lock(mutex_);
  held_.store(true, std::memory_order_release);
}

void Channel::resume() {
  // Flush in batches without holding the lock; the channel stays held (new
  // events queue behind the flushed ones) until the queue is empty.
  std::unique_lock lock(mutex_);
  if (flushing_) return;  // another thread is already draining
  flushing_ = true;
  while (!pending_.empty()) {
    auto batch = std::move(pending_);
    pending_.clear();
    lock.unlock();
    for (auto& [destination, event] : batch) {
      if (connected_.load(std::memory_order_acquire)) destination->arrive(event);
    }
    lock.lock();
  }
  held_.store(false, std::memory_order_release);
  flushing_ = false;
}

bool Channel::held() const { return held_.load(std::memory_order_acquire); }

std::size_t Channel::queued() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

bool Channel::connected() const { return connected_.load(std::memory_order_acquire); }

void Channel::markDisconnected() {
  std::lock_guard lock(mutex_);
  connected_.store(false, std::memory_order_release);
  pending_.clear();
}

}  // namespace catslab::runtime
