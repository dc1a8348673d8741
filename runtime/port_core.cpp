#include "runtime/port_core.h"

#include <algorithm>
#include <stdexcept>

#include "runtime/channel.h"
#include "runtime/component_core.h"

namespace catslab::runtime {

bool PortHalf::isInside() const { return this == &port_->inside(); }

const PortHalf::Dispatch& PortHalf::dispatchFor(TypeId type,
                                                std::unique_lock<std::shared_mutex>& lock) const {
  if (cache_.size() <= type) cache_.resize(std::max<std::size_t>(type + 1, EventTypes::count()));
  Dispatch& d = cache_[type];
  if (d.built) return d;
  d.targets.clear();
  auto handlers = std::make_shared<std::vector<SubscriptionPtr>>();
  for (const auto& s : subs_) {
    if (!EventTypes::isSubtype(type, s->eventType)) continue;
    handlers->push_back(s);
    if (std::find(d.targets.begin(), d.targets.end(), s->subscriber) == d.targets.end()) {
      d.targets.push_back(s->subscriber);
    }
  }
  d.handlers = std::move(handlers);
  for (auto& g : groups_) {
    if (g.applies.size() <= type) g.applies.resize(cache_.size(), -1);
    g.applies[type] = EventTypes::isSubtype(type, g.selector->eventType) ? 1 : 0;
  }
  d.built = true;
  (void)lock;
  return d;
}

// Called with the lock held exclusively. Dropping the snapshots too releases
// removed subscriptions (and what their handlers captured) right away.
void PortHalf::invalidateCache() {
  for (auto& d : cache_) {
    d.built = false;
    d.handlers.reset();
  }
}

void PortHalf::arrive(const EventPtr& event) {
  const TypeId type = event->typeId();
  std::shared_lock lock(mutex_);
  while (type >= cache_.size() || !cache_[type].built) {
    lock.unlock();
    {
      std::unique_lock writer(mutex_);
      dispatchFor(type, writer);
    }
    lock.lock();
  }
  const Dispatch& d = cache_[type];
  for (ComponentCore* target : d.targets) target->enqueue(this, event);
  for (Channel* ch : plain_) ch->forward(this, event);
  for (auto& g : groups_) {
    if (g.applies[type] == 1) {
      auto it = g.byKey.find(g.selector->key(*event));
      if (it == g.byKey.end()) continue;
      for (Channel* ch : it->second) ch->forward(this, event);
    } else {
      for (auto& [key, list] : g.byKey) {
        for (Channel* ch : list) ch->forward(this, event);
      }
    }
  }
}

void PortHalf::deliverOnly(const EventPtr& event) {
  const TypeId type = event->typeId();
  std::shared_lock lock(mutex_);
  while (type >= cache_.size() || !cache_[type].built) {
    lock.unlock();
    {
      std::unique_lock writer(mutex_);
      dispatchFor(type, writer);
    }
    lock.lock();
  }
  for (ComponentCore* target : cache_[type].targets) target->enqueue(this, event);
}

void PortHalf::addSubscription(SubscriptionPtr sub) {
  std::unique_lock lock(mutex_);
  if (!sub->identity.empty()) {
    for (const auto& s : subs_) {
      if (s->identity == sub->identity) {
        throw std::logic_error("handler " + sub->identity + " is already subscribed to port " +
                               port_->typeName());
      }
    }
  }
  subs_.push_back(std::move(sub));
  invalidateCache();
}

bool PortHalf::removeSubscription(std::uint64_t id) {
  std::unique_lock lock(mutex_);
  auto it = std::find_if(subs_.begin(), subs_.end(), [id](const auto& s) { return s->id == id; });
  if (it == subs_.end()) return false;
  (*it)->active = false;
  subs_.erase(it);
  invalidateCache();
  return true;
}

bool PortHalf::removeSubscription(const std::string& identity) {
  std::unique_lock lock(mutex_);
  auto it = std::find_if(subs_.begin(), subs_.end(),
                         [&](const auto& s) { return s->identity == identity; });
  if (it == subs_.end()) return false;
  (*it)->active = false;
  subs_.erase(it);
  invalidateCache();
  return true;
}

void PortHalf::removeSubscriptionsOf(const ComponentCore* subscriber) {
  std::unique_lock lock(mutex_);
  std::erase_if(subs_, [&](const auto& s) {
    if (s->subscriber != subscriber) return false;
    s->active = false;
    return true;
  });
  invalidateCache();
}

std::shared_ptr<const std::vector<SubscriptionPtr>> PortHalf::handlersFor(TypeId type) const {
  std::shared_lock lock(mutex_);
  while (type >= cache_.size() || !cache_[type].built) {
    lock.unlock();
    {
      std::unique_lock writer(mutex_);
      dispatchFor(type, writer);
    }
    lock.lock();
  }
  return cache_[type].handlers;
}

bool PortHalf::filtersHere(const Channel& channel) const {
  if (!channel.selector()) return false;
  const bool positiveEnd = channel.positiveEnd() == this;
  // Indications travel from the positive end, so that is where they are selected.
  return channel.selector()->filtersIndications == positiveEnd;
}

bool PortHalf::addChannel(const std::shared_ptr<Channel>& channel) {
  std::unique_lock lock(mutex_);
  // Checked under the lock kill() takes after clearing alive_: a channel is
  // either in kill()'s list or refused, never added behind its back.
  if (!port_->alive()) return false;
  channels_.push_back(channel);
  if (!filtersHere(*channel)) {
    plain_.push_back(channel.get());
    return true;
  }
  auto it = std::find_if(groups_.begin(), groups_.end(),
                         [&](const auto& g) { return g.selector == channel->selector(); });
  if (it == groups_.end()) {
    groups_.push_back(SelectorGroup{channel->selector(), {}, {}, 0});
    it = groups_.end() - 1;
    invalidateCache();
  }
  it->byKey[channel->key()].push_back(channel.get());
  ++it->size;
  return true;
}

void PortHalf::removeChannel(const Channel* channel) {
  std::unique_lock lock(mutex_);
  std::erase_if(channels_, [&](const auto& c) { return c.get() == channel; });
  std::erase(plain_, channel);
  for (auto g = groups_.begin(); g != groups_.end(); ++g) {
    auto it = g->byKey.find(channel->key());
    if (it == g->byKey.end()) continue;
    const auto before = it->second.size();
    std::erase(it->second, channel);
    g->size -= before - it->second.size();
    if (it->second.empty()) g->byKey.erase(it);
    if (g->size == 0) {
      groups_.erase(g);
      invalidateCache();
      break;
    }
  }
}

std::vector<std::shared_ptr<Channel>> PortHalf::channels() const {
  std::shared_lock lock(mutex_);
  return channels_;
}

std::size_t PortHalf::subscriptionCount() const {
  std::shared_lock lock(mutex_);
  return subs_.size();
}

std::vector<SubscriptionPtr> PortHalf::subscriptions() const {
  std::shared_lock lock(mutex_);
  return subs_;
}

void PortHalf::clear() {
  std::unique_lock lock(mutex_);
  for (auto& s : subs_) s->active = false;
  subs_.clear();
  channels_.clear();
  plain_.clear();
  groups_.clear();
  cache_.clear();
}

PortCore::PortCore(ComponentCore* owner, bool provided, const void* typeKey, std::string typeName,
                   bool isControl)
    : owner_(owner),
      provided_(provided),
      control_(isControl),
      typeKey_(typeKey),
      typeName_(std::move(typeName)),
      inside_(this, provided ? Polarity::Negative : Polarity::Positive),
      outside_(this, provided ? Polarity::Positive : Polarity::Negative) {
  inside_.pair_ = &outside_;
  outside_.pair_ = &inside_;
}

void PortCore::kill() {
  // Before either half's lock is taken for its list of channels: from then
  // on addChannel() refuses (see there), so none is missed.
  alive_.store(false, std::memory_order_release);
  for (PortHalf* half : {&inside_, &outside_}) {
    for (const auto& ch : half->channels()) {
      ch->markDisconnected();
      auto [other, keepAlive] = ch->otherEnd(half);
      if (other) other->removeChannel(ch.get());
    }
    half->clear();
  }
}

}  // namespace catslab::runtime
