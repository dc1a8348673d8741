// Channels connect a positive half to a negative half of the same port type.
//
// Channels are FIFO and deliver each event exactly once to the far end. A
// channel can carry both directions or one, can be held (events queue inside
// the channel, in order) and resumed (the queue is flushed before any newer
// event passes), and can be disconnected. A channel may carry a selector:
// events of the selector's type pass only when their key equals the
// channel's key. Ends index selected channels by key in a hash table, so one
// provider can serve thousands of selected requirers in O(1) per event.
//
// Channels are owned by shared_ptr by both ends; ChannelRef is the user's
// handle. All operations are thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>

#include "runtime/event.h"

namespace catslab::runtime {

class PortCore;
class PortHalf;

enum class ChannelKind : std::uint8_t { TwoWay, IndicationsOnly, RequestsOnly };

// How to extract a routing key from an event. Create one per routing purpose
// and share it (ends group channels by selector identity).
class ChannelSelector {
 public:
  template <class E, class F>
  static std::shared_ptr<const ChannelSelector> of(F keyOf, bool filtersIndications = true) {
    auto s = std::make_shared<ChannelSelector>();
    s->eventType = E::staticTypeId();
    s->filtersIndications = filtersIndications;
    s->key = [keyOf](const Event& e) -> std::uint64_t { return keyOf(static_cast<const E&>(e)); };
    return s;
  }

  TypeId eventType = 0;
  bool filtersIndications = true;  // else it filters requests
  std::function<std::uint64_t(const Event&)> key;
};

class Channel {
 public:
  Channel(PortHalf* positiveEnd, PortHalf* negativeEnd, ChannelKind kind,
          std::shared_ptr<const ChannelSelector> selector, std::uint64_t key);

  PortHalf* positiveEnd() const { return positive_; }
  PortHalf* negativeEnd() const { return negative_; }
  ChannelKind kind() const { return kind_; }
  const std::shared_ptr<const ChannelSelector>& selector() const { return selector_; }
  std::uint64_t key() const { return key_; }
  // The end that is not `end`, and its port kept alive while the caller
  // holds the pointer; nullptr when that port is already being destroyed.
  // Two ends can die at once (a parent kills siblings concurrently): each
  // one unlinks the channel from the other, so it must keep that one alive.
  std::pair<PortHalf*, std::shared_ptr<PortCore>> otherEnd(const PortHalf* end) const;

  // Carries `event`, which arrived at `from` (one of the ends), to the other.
  void forward(const PortHalf* from, const EventPtr& event);

  void hold();
  void resume();
  bool held() const;
  std::size_t queued() const;
  bool connected() const;
  // No event passes after this returns: it waits for forwards already past
  // the connected check (their destination may be destroyed right after).
  void markDisconnected();

 private:
  PortHalf* positive_;
  PortHalf* negative_;
  std::weak_ptr<PortCore> positivePort_;
  std::weak_ptr<PortCore> negativePort_;
  ChannelKind kind_;
  std::shared_ptr<const ChannelSelector> selector_;
  std::uint64_t key_;
  // No lock is held while an event moves on (two-way traffic through nested
  // channels would otherwise deadlock); held_ is read lock-free on the fast path.
  mutable std::mutex mutex_;
  std::atomic<bool> held_{false};
  std::atomic<bool> connected_{true};
  bool flushing_ = false;
  bool resumeRequested_ = false;
  std::atomic<int> inflight_{0};  // forwards past the held_ check, still delivering
  std::deque<std::pair<PortHalf*, EventPtr>> pending_;  // (destination half, event)
};

}  // namespace catslab::runtime
