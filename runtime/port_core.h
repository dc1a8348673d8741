// Runtime internals behind the Positive/Negative handles (port.h).
//
// A port instance has two halves. For a provided port the inside half
// (used by its owner) is negative: it receives requests and triggers
// indications; the outside half (used by the owner's parent to connect and
// subscribe) is positive. For a required port it is the other way round.
//
// Routing rule: triggering on a half makes the event arrive at its pair;
// an event that arrives at a half is delivered to that half's subscribers and
// forwarded over its channels; crossing a channel, it arrives at the pair of
// the far end. A positive half therefore only ever sees indications and a
// negative half only requests.
//
// Thread safety: routing happens on the triggering thread and takes a shared
// lock per half; subscribe/connect take the half's lock exclusively, one half
// at a time, so lock order can never cycle.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/event.h"

namespace catslab::runtime {

class ComponentCore;
class Channel;
class ChannelSelector;
class PortCore;

enum class Polarity : std::uint8_t { Positive, Negative };

struct Subscription {
  std::uint64_t id = 0;
  ComponentCore* subscriber = nullptr;
  TypeId eventType = 0;
  std::string identity;  // non-empty for handlers that may not be subscribed twice
  std::function<void(const Event&)> fn;
  std::atomic<bool> active{true};
};
using SubscriptionPtr = std::shared_ptr<Subscription>;

class PortHalf {
 public:
  PortHalf(PortCore* port, Polarity polarity) : port_(port), polarity_(polarity) {}
  PortHalf(const PortHalf&) = delete;
  PortHalf& operator=(const PortHalf&) = delete;

  PortCore* port() const { return port_; }
  PortHalf* pair() const { return pair_; }
  Polarity polarity() const { return polarity_; }
  bool isInside() const;

  // Event arrives at this half: deliver to subscribers, forward on channels.
  void arrive(const EventPtr& event);
  // Delivers to this half's subscribers only (direct responses, see timer.h).
  void deliverOnly(const EventPtr& event);

  void addSubscription(SubscriptionPtr sub);  // throws on duplicate identity
  bool removeSubscription(std::uint64_t id);
  bool removeSubscription(const std::string& identity);
  void removeSubscriptionsOf(const ComponentCore* subscriber);
  // Subscriptions (of any subscriber) that accept `type`, in subscription
  // order. A shared snapshot: later (un)subscribes build a new one, so the
  // caller may iterate it without the lock.
  std::shared_ptr<const std::vector<SubscriptionPtr>> handlersFor(TypeId type) const;

  // Refused (false) once the port is no longer alive: kill() has taken, or
  // is about to take, the list of channels it disconnects.
  [[nodiscard]] bool addChannel(const std::shared_ptr<Channel>& channel);
  void removeChannel(const Channel* channel);
  std::vector<std::shared_ptr<Channel>> channels() const;
  std::size_t subscriptionCount() const;
  std::vector<SubscriptionPtr> subscriptions() const;
  void clear();  // drop subscriptions and channel entries (on destroy)

 private:
  friend class PortCore;
  struct Dispatch {
    bool built = false;
    std::vector<ComponentCore*> targets;                           // distinct subscribers
    std::shared_ptr<const std::vector<SubscriptionPtr>> handlers;  // see handlersFor
  };
  struct SelectorGroup {
    std::shared_ptr<const ChannelSelector> selector;
    std::vector<std::int8_t> applies;  // per TypeId: -1 unknown, 0 no, 1 yes
    std::unordered_map<std::uint64_t, std::vector<Channel*>> byKey;
    std::size_t size = 0;
  };

  const Dispatch& dispatchFor(TypeId type, std::unique_lock<std::shared_mutex>& upgraded) const;
  void invalidateCache();
  bool selectorApplies(SelectorGroup& group, TypeId type) const;
  bool filtersHere(const Channel& channel) const;

  PortCore* port_;
  PortHalf* pair_ = nullptr;
  Polarity polarity_;
  mutable std::shared_mutex mutex_;
  std::vector<SubscriptionPtr> subs_;
  mutable std::vector<Dispatch> cache_;
  std::vector<std::shared_ptr<Channel>> channels_;  // owning list, all channels
  std::vector<Channel*> plain_;                     // channels not filtered at this end
  mutable std::vector<SelectorGroup> groups_;
};

class PortCore : public std::enable_shared_from_this<PortCore> {
 public:
  PortCore(ComponentCore* owner, bool provided, const void* typeKey, std::string typeName,
           bool isControl = false);
  PortCore(const PortCore&) = delete;
  PortCore& operator=(const PortCore&) = delete;

  PortHalf& inside() { return inside_; }
  PortHalf& outside() { return outside_; }
  bool provided() const { return provided_; }
  bool isControl() const { return control_; }
  const void* typeKey() const { return typeKey_; }
  const std::string& typeName() const { return typeName_; }
  ComponentCore* owner() const { return owner_.load(std::memory_order_acquire); }
  void setOwner(ComponentCore* owner) { owner_.store(owner, std::memory_order_release); }
  bool alive() const { return alive_.load(std::memory_order_acquire); }
  // Disconnects every channel and drops subscriptions; later addChannel()
  // calls on either half are refused.
  void kill();

 private:
  std::atomic<ComponentCore*> owner_;
  bool provided_;
  bool control_;
  const void* typeKey_;
  std::string typeName_;
  std::atomic<bool> alive_{true};
  PortHalf inside_;
  PortHalf outside_;
};

// A stable per-port-type key (address of a per-type static).
template <class P>
const void* portTypeKey() {
  static const char key = 0;
  return &key;
}

}  // namespace catslab::runtime
