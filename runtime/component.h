// ComponentDefinition: the base class of every component.
//
// A component is a reactive state machine. Its constructor declares ports
// (provide/require), creates children, connects them and subscribes
// handlers; afterwards it reacts to events, one handler at a time, so its
// state needs no locks. It talks to the world only through its ports and
// gets time, randomness and waiting only from its context (now(), random(),
// the Timer port), which keeps simulation deterministic.
//
//   class Pinger : public ComponentDefinition {
//    public:
//     Pinger() {
//       subscribe(pp_, &Pinger::onPong);
//     }
//    private:
//     void onStart() override { trigger(Ping{1}, pp_); }
//     void onPong(const Pong& p) { ... }
//     Positive<PingPong> pp_ = require<PingPong>();
//   };
//
// Lifetime: the runtime owns definitions; a parent holds children through
// Component<C> handles. Definitions must be constructed by create<C>() or
// Runtime::createRoot<C>(), never directly.
#pragma once

#include <concepts>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "runtime/channel.h"
#include "runtime/clock.h"
#include "runtime/component_core.h"
#include "runtime/lifecycle.h"
#include "runtime/port.h"
#include "runtime/state_writer.h"
#include "runtime/timer.h"

namespace catslab::runtime {

class ComponentDefinition;
template <class E>
class Handler;

namespace detail {

// Set while a definition's constructor runs, so the base class can find its core.
struct Construction {
  ComponentCore* core = nullptr;
};
Construction& currentConstruction();

template <class C, class... Args>
C* constructDefinition(ComponentCore& core, Args&&... args) {
  static_assert(std::is_base_of_v<ComponentDefinition, C>,
                "components derive from ComponentDefinition");
  Construction& slot = currentConstruction();
  const Construction saved = slot;
  slot.core = &core;
  std::unique_ptr<C> def;
  try {
    def = std::make_unique<C>(std::forward<Args>(args)...);
  } catch (...) {
    slot = saved;
    throw;
  }
  slot = saved;
  C* raw = def.get();
  core.setDefinition(std::move(def));
  return raw;
}

template <class F>
struct HandlerTraits : HandlerTraits<decltype(&std::remove_cvref_t<F>::operator())> {};
template <class C, class E>
struct HandlerTraits<void (C::*)(const E&)> {
  using Event = E;
};
template <class C, class E>
struct HandlerTraits<void (C::*)(const E&) const> {
  using Event = E;
};
template <class F>
using HandlerEvent = typename HandlerTraits<F>::Event;

std::string memberHandlerIdentity(const void* object, const void* pmf, std::size_t size);

template <class T>
struct IsHandlerObject : std::false_type {};
template <class E>
struct IsHandlerObject<Handler<E>> : std::true_type {};

}  // namespace detail

// Constraints that make port direction a compile-time property.
template <class E, class P>
concept IndicationOf =
    EventType<std::remove_cvref_t<E>> && P::template allowsIndication<std::remove_cvref_t<E>>;
template <class E, class P>
concept RequestOf =
    EventType<std::remove_cvref_t<E>> && P::template allowsRequest<std::remove_cvref_t<E>>;
template <class E, class P>
concept ReceivableRequestOf = P::template mayReceiveRequest<E>;
template <class E, class P>
concept ReceivableIndicationOf = P::template mayReceiveIndication<E>;
// Callables other than Handler<E> objects (a non-const Handler lvalue must
// pick the Handler overload, which carries its identity, not this one).
template <class F, class P>
concept RequestHandlerOf = (!detail::IsHandlerObject<std::remove_cvref_t<F>>::value) &&
                           P::template mayReceiveRequest<detail::HandlerEvent<F>>;
template <class F, class P>
concept IndicationHandlerOf = (!detail::IsHandlerObject<std::remove_cvref_t<F>>::value) &&
                              P::template mayReceiveIndication<detail::HandlerEvent<F>>;

// A handler object: subscribing the same Handler twice to a port is an error.
template <class E>
class Handler {
 public:
  template <class F>
  Handler(F fn) : fn_(std::move(fn)) {}  // NOLINT(google-explicit-constructor)
  const std::function<void(const E&)>& fn() const { return fn_; }

 private:
  std::function<void(const E&)> fn_;
};

// Untyped handle on a component, as held by its parent.
class ComponentRef {
 public:
  ComponentRef() = default;
  explicit ComponentRef(std::shared_ptr<ComponentCore> core) : core_(std::move(core)) {}

  bool valid() const { return core_ != nullptr; }
  const std::string& path() const;
  LifecycleState state() const;
  const std::shared_ptr<ComponentCore>& core() const { return core_; }

  // Outside half of the child's provided port P (Kompics getPositive).
  template <class P>
  Positive<P> positive() const {
    PortCore& port = findPort(portTypeKey<P>(), true, "provide");
    return Positive<P>(port.shared_from_this(), &port.outside());
  }
  // Outside half of the child's required port P (Kompics getNegative).
  template <class P>
  Negative<P> negative() const {
    PortCore& port = findPort(portTypeKey<P>(), false, "require");
    return Negative<P>(port.shared_from_this(), &port.outside());
  }
  Positive<ControlPort> control() const;

 private:
  PortCore& findPort(const void* key, bool provided, const char* verb) const;
  std::shared_ptr<ComponentCore> core_;
};

template <class C>
class Component : public ComponentRef {
 public:
  Component() = default;
  Component(std::shared_ptr<ComponentCore> core, C* def)
      : ComponentRef(std::move(core)), def_(def) {}
  // The definition, for tests and tools; throws once the component is destroyed.
  C& definition() const {
    if (!valid() || core()->destroyed()) throw std::logic_error("component is destroyed");
    return *def_;
  }
  C* operator->() const { return &definition(); }

 private:
  C* def_ = nullptr;
};

struct Selection {
  std::shared_ptr<const ChannelSelector> selector;
  std::uint64_t key = 0;
};

// A connected channel, as returned by connect().
class ChannelRef {
 public:
  ChannelRef() = default;
  explicit ChannelRef(std::shared_ptr<Channel> channel) : channel_(std::move(channel)) {}
  bool valid() const { return channel_ != nullptr; }
  void hold() const { channel_->hold(); }
  void resume() const { channel_->resume(); }
  bool held() const { return channel_->held(); }
  std::size_t queued() const { return channel_->queued(); }
  bool connected() const { return channel_ && channel_->connected(); }
  const std::shared_ptr<Channel>& channel() const { return channel_; }

 private:
  std::shared_ptr<Channel> channel_;
};

class ComponentDefinition {
 public:
  virtual ~ComponentDefinition() = default;
  ComponentDefinition(const ComponentDefinition&) = delete;
  ComponentDefinition& operator=(const ComponentDefinition&) = delete;

  // A pure function of the component's state, for tracing and the GUI.
  virtual void inspect(StateWriter& /*out*/) const {}
  ComponentCore& core() const { return *core_; }
  const std::string& path() const { return core_->path(); }

 protected:
  ComponentDefinition();

  // Lifecycle hooks, run in the component's context.
  virtual void onStart() {}
  virtual void onStop() {}
  virtual void onKill() {}
  // A child's handler threw. Default: pass it up.
  virtual FaultAction onFault(const Fault& /*fault*/) { return FaultAction::Escalate; }

  // --- ports ---------------------------------------------------------------
  template <class P>
  Negative<P> provide() {
    PortCore& port = core_->addPort(true, portTypeKey<P>(), shortTypeName(typeid(P).name()));
    return Negative<P>(port.shared_from_this(), &port.inside());
  }
  template <class P>
  Positive<P> require() {
    PortCore& port = core_->addPort(false, portTypeKey<P>(), shortTypeName(typeid(P).name()));
    return Positive<P>(port.shared_from_this(), &port.inside());
  }

  // --- trigger: indications out of a Negative, requests out of a Positive ---
  template <class P, IndicationOf<P> E>
  void trigger(E&& event, const Negative<P>& port) {
    send(port.port(), port.half(),
         std::make_shared<const std::remove_cvref_t<E>>(std::forward<E>(event)));
  }
  template <class P, IndicationOf<P> E>
  void trigger(const std::shared_ptr<const E>& event, const Negative<P>& port) {
    send(port.port(), port.half(), event);
  }
  template <class P, RequestOf<P> E>
  void trigger(E&& event, const Positive<P>& port) {
    send(port.port(), port.half(),
         std::make_shared<const std::remove_cvref_t<E>>(std::forward<E>(event)));
  }
  template <class P, RequestOf<P> E>
  void trigger(const std::shared_ptr<const E>& event, const Positive<P>& port) {
    send(port.port(), port.half(), event);
  }
  // Answers a direct request (e.g. a Timer implementation answering ScheduleTimeout).
  template <class E>
  void answer(const DirectRequest& request, std::shared_ptr<const E> response) {
    runtime::answerDirect(request, std::move(response));
  }

  // --- subscribe: requests on a Negative, indications on a Positive ---------
  template <class P, RequestHandlerOf<P> F>
  std::uint64_t subscribe(const Negative<P>& port, F&& fn) {
    return subscribeLambda<detail::HandlerEvent<F>>(port.port(), port.half(), std::forward<F>(fn));
  }
  template <class P, IndicationHandlerOf<P> F>
  std::uint64_t subscribe(const Positive<P>& port, F&& fn) {
    return subscribeLambda<detail::HandlerEvent<F>>(port.port(), port.half(), std::forward<F>(fn));
  }
  template <class P, class Self, ReceivableRequestOf<P> E>
  std::uint64_t subscribe(const Negative<P>& port, void (Self::*fn)(const E&)) {
    return subscribeMember<Self, E>(port.port(), port.half(), fn);
  }
  template <class P, class Self, ReceivableIndicationOf<P> E>
  std::uint64_t subscribe(const Positive<P>& port, void (Self::*fn)(const E&)) {
    return subscribeMember<Self, E>(port.port(), port.half(), fn);
  }
  template <class P, ReceivableRequestOf<P> E>
  std::uint64_t subscribe(const Negative<P>& port, const Handler<E>& handler) {
    return subscribeRaw(port.port(), port.half(), E::staticTypeId(), handlerIdentity(&handler),
                        erase<E>(handler.fn()));
  }
  template <class P, ReceivableIndicationOf<P> E>
  std::uint64_t subscribe(const Positive<P>& port, const Handler<E>& handler) {
    return subscribeRaw(port.port(), port.half(), E::staticTypeId(), handlerIdentity(&handler),
                        erase<E>(handler.fn()));
  }
  template <class H>
  void unsubscribe(const H& port, std::uint64_t subscription) {
    unsubscribeRaw(port.port(), port.half(), subscription);
  }
  template <class H, class E>
  void unsubscribe(const H& port, const Handler<E>& handler) {
    unsubscribeRaw(port.port(), port.half(), handlerIdentity(&handler));
  }
  template <class H, class Self, class E>
  void unsubscribe(const H& port, void (Self::*fn)(const E&)) {
    unsubscribeRaw(port.port(), port.half(), detail::memberHandlerIdentity(this, &fn, sizeof fn));
  }

  // --- children and channels -----------------------------------------------
  template <class C, class... Args>
  Component<C> create(Args&&... args) {
    return createNamed<C>(shortTypeName(typeid(C).name()), std::forward<Args>(args)...);
  }
  template <class C, class... Args>
  Component<C> createNamed(const std::string& name, Args&&... args) {
    auto child = makeChildCore(name, shortTypeName(typeid(C).name()));
    try {
      C* def = detail::constructDefinition<C>(*child, std::forward<Args>(args)...);
      return Component<C>(child, def);
    } catch (...) {
      abandonChild(child);
      throw;
    }
  }
  void start(const ComponentRef& child);
  void stop(const ComponentRef& child);
  void kill(const ComponentRef& child);  // destroys the child and its subtree

  template <class P>
  ChannelRef connect(const Positive<P>& positive, const Negative<P>& negative,
                     ChannelKind kind = ChannelKind::TwoWay) {
    return connectRaw(positive.port(), positive.half(), negative.port(), negative.half(), kind, {});
  }
  template <class P>
  ChannelRef connect(const Negative<P>& negative, const Positive<P>& positive,
                     ChannelKind kind = ChannelKind::TwoWay) {
    return connect(positive, negative, kind);
  }
  template <class P>
  ChannelRef connect(const Positive<P>& positive, const Negative<P>& negative, Selection selection,
                     ChannelKind kind = ChannelKind::TwoWay) {
    return connectRaw(positive.port(), positive.half(), negative.port(), negative.half(), kind,
                      std::move(selection));
  }
  void disconnect(const ChannelRef& channel);

  // Replaces a child under traffic: its channels are held; at the child's
  // next handler boundary makeInit(old) builds the successor's init from the
  // old state, the successor takes over the same ports (and so the same
  // channels) and the events the old one received but did not handle yet,
  // and the channels resume. No event that travels through channels is lost
  // or reordered. The successor is started if the old one was running (or
  // faulted); the old one's children are killed. `done` runs in this
  // component's context with the successor.
  template <class New, class Old, class MakeInit>
  void replace(const Component<Old>& old, MakeInit makeInit,
               std::function<void(Component<New>)> done = {}) {
    Old* oldDef = &old.definition();
    ComponentDefinition* self = this;
    replaceRaw(
        old.core(),
        [oldDef, makeInit = std::move(makeInit), self, done = std::move(done)](
            const std::shared_ptr<ComponentCore>& successor) mutable -> std::function<void()> {
          New* def = detail::constructDefinition<New>(*successor, makeInit(*oldDef));
          if (!done) return {};
          // Runs once the swap is complete (the successor's Start is queued).
          return [self, done, successor, def] {
            self->core().post([done, successor, def] { done(Component<New>(successor, def)); },
                              false);
          };
        });
  }

  // --- context: time, randomness, timers, logging --------------------------
  Duration now() const;
  double nowMs() const { return static_cast<double>(now().count()) / 1e6; }
  // Orders this node's lives across restarts (Clock::epochNs): the Unix
  // epoch time in a real runtime, now() in a simulation. For incarnation
  // numbers only; every other use of time wants now().
  Duration epochTime() const;
  Random& random() const { return core_->random(); }
  template <std::derived_from<Timeout> T>
  TimeoutId scheduleTimeout(const Positive<Timer>& timer, Duration delay, T timeout) {
    timeout.timeoutId = nextTimeoutId();
    const TimeoutId id = timeout.timeoutId;
    trigger(ScheduleTimeout(delay, std::make_shared<const T>(std::move(timeout))), timer);
    return id;
  }
  template <std::derived_from<Timeout> T>
  TimeoutId schedulePeriodic(const Positive<Timer>& timer, Duration delay, Duration period,
                             T timeout) {
    timeout.timeoutId = nextTimeoutId();
    const TimeoutId id = timeout.timeoutId;
    trigger(SchedulePeriodicTimeout(delay, period, std::make_shared<const T>(std::move(timeout))),
            timer);
    return id;
  }
  void cancelTimeout(const Positive<Timer>& timer, TimeoutId id) {
    trigger(CancelTimeout(id), timer);
  }
  void cancelPeriodic(const Positive<Timer>& timer, TimeoutId id) {
    trigger(CancelPeriodicTimeout(id), timer);
  }
  void logInfo(const std::string& text) const;
  void logWarning(const std::string& text) const;
  void logError(const std::string& text) const;
  // Asks the runtime to shut down in order (from any component).
  void shutdownSystem(int exitCode = 0) const;

 private:
  friend class ComponentCore;
  friend class StackBuilder;

  template <class E, class F>
  std::uint64_t subscribeLambda(const std::shared_ptr<PortCore>& port, PortHalf* half, F&& fn) {
    return subscribeRaw(port, half, E::staticTypeId(), {},
                        [f = std::forward<F>(fn)](const Event& e) { f(static_cast<const E&>(e)); });
  }
  template <class Self, class E>
  std::uint64_t subscribeMember(const std::shared_ptr<PortCore>& port, PortHalf* half,
                                void (Self::*fn)(const E&)) {
    static_assert(std::is_base_of_v<ComponentDefinition, Self>);
    Self* self = static_cast<Self*>(this);
    return subscribeRaw(port, half, E::staticTypeId(),
                        detail::memberHandlerIdentity(this, &fn, sizeof fn),
                        [self, fn](const Event& e) { (self->*fn)(static_cast<const E&>(e)); });
  }
  template <class E>
  static std::function<void(const Event&)> erase(const std::function<void(const E&)>& fn) {
    return [fn](const Event& e) { fn(static_cast<const E&>(e)); };
  }
  static std::string handlerIdentity(const void* handler);

  void send(const std::shared_ptr<PortCore>& port, PortHalf* half, EventPtr event);
  std::uint64_t subscribeRaw(const std::shared_ptr<PortCore>& port, PortHalf* half, TypeId type,
                             std::string identity, std::function<void(const Event&)> fn);
  void unsubscribeRaw(const std::shared_ptr<PortCore>& port, PortHalf* half, std::uint64_t id);
  void unsubscribeRaw(const std::shared_ptr<PortCore>& port, PortHalf* half,
                      const std::string& identity);
  std::shared_ptr<ComponentCore> makeChildCore(const std::string& name, const std::string& type);
  void abandonChild(const std::shared_ptr<ComponentCore>& child);
  ChannelRef connectRaw(const std::shared_ptr<PortCore>& positivePort, PortHalf* positive,
                        const std::shared_ptr<PortCore>& negativePort, PortHalf* negative,
                        ChannelKind kind, Selection selection);
  // `construct` builds the successor's definition and returns what to run
  // once the swap is complete (may be empty).
  void replaceRaw(
      const std::shared_ptr<ComponentCore>& old,
      std::function<std::function<void()>(const std::shared_ptr<ComponentCore>&)> construct);
  TimeoutId nextTimeoutId();

  ComponentCore* core_;
};

}  // namespace catslab::runtime
