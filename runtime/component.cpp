#include "runtime/component.h"

#include <cstdio>
#include <stdexcept>

#include "runtime/runtime.h"

namespace catslab::runtime {
namespace detail {

Construction& currentConstruction() {
  thread_local Construction slot;
  return slot;
}

std::string memberHandlerIdentity(const void* object, const void* pmf, std::size_t size) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%p:", object);
  std::string id = buf;
  const auto* bytes = static_cast<const unsigned char*>(pmf);
  for (std::size_t i = 0; i < size; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", bytes[i]);
    id += buf;
  }
  return id;
}

}  // namespace detail

namespace {

void requireAlive(const std::shared_ptr<PortCore>& port, const char* what) {
  if (!port) throw std::logic_error(std::string(what) + " on an unset port handle");
  if (!port->alive()) {
    ComponentCore* owner = port->owner();
    throw std::logic_error(std::string(what) + " on port " + port->typeName() +
                           " of destroyed component " + (owner ? owner->path() : "?"));
  }
}

std::logic_error refusedConnect(const std::shared_ptr<PortCore>& port) {
  ComponentCore* owner = port->owner();
  return std::logic_error("connect on port " + port->typeName() + " of component " +
                          (owner ? owner->path() : "?") + ", which is being killed");
}

}  // namespace

// --- ComponentRef ------------------------------------------------------------

const std::string& ComponentRef::path() const {
  static const std::string none = "<none>";
  return core_ ? core_->path() : none;
}

LifecycleState ComponentRef::state() const {
  return core_ ? core_->state() : LifecycleState::Destroyed;
}

PortCore& ComponentRef::findPort(const void* key, bool provided, const char* verb) const {
  if (!core_) throw std::logic_error("port lookup on an empty component handle");
  if (core_->destroyed()) throw std::logic_error("port lookup on destroyed component " + path());
  PortCore* port = core_->findPort(key, provided);
  if (!port) {
    throw std::logic_error("component " + path() + " does not " + verb + " that port type");
  }
  return *port;
}

Positive<ControlPort> ComponentRef::control() const {
  if (!core_) throw std::logic_error("control() on an empty component handle");
  PortCore& port = core_->control();
  return Positive<ControlPort>(port.shared_from_this(), &port.outside());
}

// --- ComponentDefinition -----------------------------------------------------

ComponentDefinition::ComponentDefinition() : core_(detail::currentConstruction().core) {
  if (!core_) {
    throw std::logic_error("components are created with create<C>() or Runtime::createRoot<C>()");
  }
}

void ComponentDefinition::send(const std::shared_ptr<PortCore>& port, PortHalf* half,
                               EventPtr event) {
  requireAlive(port, "trigger");
  if (EventTypes::isSubtype(event->typeId(), DirectRequest::staticTypeId())) {
    const auto& request = static_cast<const DirectRequest&>(*event);
    request.originPort = port;
    request.originHalf = half;
  }
  half->pair()->arrive(event);
}

void answerDirect(const DirectRequest& request, EventPtr response) {
  auto port = request.originPort.lock();
  if (!port || !port->alive() || !request.originHalf) return;  // requester is gone
  request.originHalf->deliverOnly(response);
}

std::uint64_t ComponentDefinition::subscribeRaw(const std::shared_ptr<PortCore>& port,
                                                PortHalf* half, TypeId type, std::string identity,
                                                std::function<void(const Event&)> fn) {
  requireAlive(port, "subscribe");
  ComponentCore* owner = port->owner();
  const bool mine = half->isInside() ? owner == core_ : owner && owner->parent() == core_;
  if (!mine) {
    throw std::logic_error("component " + path() + " may only subscribe to its own ports or " +
                           "its children's (port " + port->typeName() + " of " +
                           (owner ? owner->path() : "?") + ")");
  }
  auto sub = std::make_shared<Subscription>();
  sub->id = core_->nextLocalId();
  sub->subscriber = core_;
  sub->eventType = type;
  sub->identity = std::move(identity);
  sub->fn = std::move(fn);
  const auto id = sub->id;
  try {
    half->addSubscription(std::move(sub));
  } catch (const std::logic_error& e) {
    // Name the component too: the port alone does not say who misbehaved.
    throw std::logic_error("component " + path() + ": " + e.what() + " of " +
                           (owner ? owner->path() : "?"));
  }
  return id;
}

void ComponentDefinition::unsubscribeRaw(const std::shared_ptr<PortCore>& port, PortHalf* half,
                                         std::uint64_t id) {
  requireAlive(port, "unsubscribe");
  if (!half->removeSubscription(id)) {
    throw std::logic_error("unsubscribe: no such subscription on port " + port->typeName());
  }
}

void ComponentDefinition::unsubscribeRaw(const std::shared_ptr<PortCore>& port, PortHalf* half,
                                         const std::string& identity) {
  requireAlive(port, "unsubscribe");
  if (!half->removeSubscription(identity)) {
    throw std::logic_error("unsubscribe: handler is not subscribed to port " + port->typeName());
  }
}

std::string ComponentDefinition::handlerIdentity(const void* handler) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "handler@%p", handler);
  return buf;
}

std::shared_ptr<ComponentCore> ComponentDefinition::makeChildCore(const std::string& name,
                                                                  const std::string& type) {
  if (core_->destroyed()) throw std::logic_error("create on destroyed component " + path());
  auto child =
      std::make_shared<ComponentCore>(&core_->runtime(), core_, core_->nextChildName(name), type);
  core_->addChild(child);
  return child;
}

void ComponentDefinition::abandonChild(const std::shared_ptr<ComponentCore>& child) {
  core_->removeChild(child.get());
  for (const auto& port : child->ports()) port->kill();
  child->control().kill();
}

void ComponentDefinition::start(const ComponentRef& child) {
  if (!child.valid() || child.core()->destroyed())
    throw std::logic_error("start on destroyed component");
  child.core()->requestStart();
}

void ComponentDefinition::stop(const ComponentRef& child) {
  if (!child.valid() || child.core()->destroyed())
    throw std::logic_error("stop on destroyed component");
  child.core()->requestStop();
}

void ComponentDefinition::kill(const ComponentRef& child) {
  if (!child.valid() || child.core()->destroyed())
    throw std::logic_error("kill on destroyed component");
  child.core()->requestKill();
}

ChannelRef ComponentDefinition::connectRaw(const std::shared_ptr<PortCore>& positivePort,
                                           PortHalf* positive,
                                           const std::shared_ptr<PortCore>& negativePort,
                                           PortHalf* negative, ChannelKind kind,
                                           Selection selection) {
  requireAlive(positivePort, "connect");
  requireAlive(negativePort, "connect");
  auto channel = std::make_shared<Channel>(positive, negative, kind, std::move(selection.selector),
                                           selection.key);
  // Either port may be killed meanwhile (its component is being killed on
  // another worker). A port being killed refuses the channel, and a kill
  // that took the channel from the positive end before it reached the
  // negative one has disconnected it: then undo both ends and fail, so no
  // channel outlives its port.
  if (!positive->addChannel(channel)) throw refusedConnect(positivePort);
  const bool negativeAdded = negative->addChannel(channel);
  if (!negativeAdded || !channel->connected()) {
    channel->markDisconnected();
    positive->removeChannel(channel.get());
    negative->removeChannel(channel.get());
    throw refusedConnect(negativePort->alive() ? positivePort : negativePort);
  }
  return ChannelRef(channel);
}

void ComponentDefinition::disconnect(const ChannelRef& ref) {
  if (!ref.valid()) throw std::logic_error("disconnect on an empty channel handle");
  const auto& ch = ref.channel();
  if (!ch->connected()) throw std::logic_error("channel is already disconnected");
  ch->markDisconnected();
  // Either end may be dying meanwhile (a child killed by another thread).
  for (PortHalf* end : {ch->negativeEnd(), ch->positiveEnd()}) {
    auto [other, keepAlive] = ch->otherEnd(end);
    if (other) other->removeChannel(ch.get());
  }
}

void ComponentDefinition::replaceRaw(
    const std::shared_ptr<ComponentCore>& old,
    std::function<std::function<void()>(const std::shared_ptr<ComponentCore>&)> construct) {
  if (!old || old->destroyed()) throw std::logic_error("replace on destroyed component");
  if (old->parent() != core_) throw std::logic_error("only a parent can replace its child");
  // 1. Hold every channel, so new events wait in the channels, in order.
  std::vector<std::shared_ptr<Channel>> held;
  for (const auto& port : old->ports()) {
    for (const auto& ch : port->outside().channels()) {
      ch->hold();
      held.push_back(ch);
    }
  }
  // 2. At the old component's next handler boundary (a control task, so it
  // also runs when the old one is stopped or faulted): swap. Events it has
  // received but not handled move to the successor, in order, behind its
  // Start; the state handed over reflects exactly the events handled.
  ComponentCore* parent = core_;
  old->post(
      [old, parent, held, construct = std::move(construct)] {
        const auto was = old->state();
        const bool wasActive = was == LifecycleState::Active || was == LifecycleState::Starting ||
                               was == LifecycleState::Faulted;
        auto successor =
            std::make_shared<ComponentCore>(&old->runtime(), parent, old->name(), old->typeName());
        successor->adoptPorts(*old);
        const auto after = construct(successor);
        successor->closeUnclaimedPorts();
        for (const auto& child : old->children()) child->requestKill();
        parent->replaceChild(old.get(), successor);
        old->retireInto(successor);
        if (wasActive) successor->requestStart();
        for (const auto& ch : held) ch->resume();
        if (after) after();
      },
      true);
}

Duration ComponentDefinition::now() const { return Duration(core_->runtime().clock().nowNs()); }
Duration ComponentDefinition::epochTime() const {
  return Duration(core_->runtime().clock().epochNs());
}

TimeoutId ComponentDefinition::nextTimeoutId() {
  return (core_->id() << 32) | (core_->nextLocalId() & 0xffffffffULL);
}

void ComponentDefinition::logInfo(const std::string& text) const {
  core_->runtime().log(LogLevel::Info, path(), text);
}
void ComponentDefinition::logWarning(const std::string& text) const {
  core_->runtime().log(LogLevel::Warning, path(), text);
}
void ComponentDefinition::logError(const std::string& text) const {
  core_->runtime().log(LogLevel::Error, path(), text);
}

void ComponentDefinition::shutdownSystem(int exitCode) const {
  core_->runtime().shutdown(exitCode);
}

}  // namespace catslab::runtime
