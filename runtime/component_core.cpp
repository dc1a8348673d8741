#include "runtime/component_core.h"

#include <algorithm>
#include <exception>
#include <stdexcept>

#include "runtime/component.h"
#include "runtime/lifecycle.h"
#include "runtime/observer.h"
#include "runtime/runtime.h"

namespace catslab::runtime {

const char* toString(LifecycleState state) {
  switch (state) {
    case LifecycleState::Passive:
      return "passive";
    case LifecycleState::Starting:
      return "starting";
    case LifecycleState::Active:
      return "active";
    case LifecycleState::Stopping:
      return "stopping";
    case LifecycleState::Faulted:
      return "faulted";
    case LifecycleState::Destroyed:
      return "destroyed";
  }
  return "?";
}

std::string Fault::describe() const {
  return "fault in " + path + " while handling " + eventType + ": " + what;
}

namespace {
// The first component at a path keeps the plain (seed, path) stream; later
// ones (restarts, replacements) add their incarnation number.
std::uint64_t streamFor(Runtime& runtime, const std::string& path) {
  const std::uint64_t incarnation = runtime.nextIncarnation(path);
  if (incarnation == 0) return Random::derive(runtime.seed(), path);
  return Random::derive(runtime.seed(), path + "#" + std::to_string(incarnation));
}
}  // namespace

ComponentCore::ComponentCore(Runtime* runtime, ComponentCore* parent, std::string name,
                             std::string typeName)
    : runtime_(runtime),
      parent_(parent),
      name_(std::move(name)),
      path_(parent ? (parent->path() == "/" ? "/" : parent->path() + "/") + name_ : "/"),
      typeName_(std::move(typeName)),
      id_(runtime->nextComponentId()),
      random_(streamFor(*runtime, path_)) {
  control_ = std::make_shared<PortCore>(this, true, portTypeKey<ControlPort>(), "Control", true);
}

ComponentCore::~ComponentCore() = default;

void ComponentCore::setDefinition(std::unique_ptr<ComponentDefinition> definition) {
  definition_ = std::move(definition);
}

// --- mailbox -----------------------------------------------------------------

bool ComponentCore::runnableLocked() const {
  if (!control_q_.empty()) return true;
  const auto s = state();
  return !events_q_.empty() && (s == LifecycleState::Active || s == LifecycleState::Stopping);
}

void ComponentCore::push(WorkItem item, bool control) {
  bool schedule = false;
  std::shared_ptr<ComponentCore> successor;
  {
    std::lock_guard lock(mailboxMutex_);
    if (successor_) {
      successor = successor_;  // retired by replacement: the successor takes it
    } else {
      if (state() == LifecycleState::Destroyed && !item.task) return;
      (control ? control_q_ : events_q_).push_back(std::move(item));
      if (!scheduled_ && runnableLocked()) {
        scheduled_ = true;
        schedule = true;
      }
    }
  }
  if (successor) return successor->push(std::move(item), control);
  if (schedule) runtime_->scheduler().schedule(shared_from_this());
}

void ComponentCore::enqueue(PortHalf* half, const EventPtr& event) {
  PortCore* port = half->port();
  if (port->isControl() && half->isInside()) {
    // Lifecycle requests to this component are handled by the runtime.
    const TypeId t = event->typeId();
    if (t == Start::staticTypeId()) return requestStart();
    if (t == Stop::staticTypeId()) return requestStop();
    if (t == Kill::staticTypeId()) return requestKill();
    return;
  }
  push(WorkItem{port->shared_from_this(), half, event, {}}, port->isControl());
}

void ComponentCore::post(std::function<void()> task, bool control) {
  push(WorkItem{nullptr, nullptr, nullptr, std::move(task)}, control);
}

std::size_t ComponentCore::queueLength() const {
  std::lock_guard lock(mailboxMutex_);
  return control_q_.size() + events_q_.size();
}

void ComponentCore::run(int batch) {
  auto self = shared_from_this();  // a handler may remove us from our parent
  for (int i = 0; i < batch; ++i) {
    WorkItem item;
    {
      std::lock_guard lock(mailboxMutex_);
      if (!control_q_.empty()) {
        item = std::move(control_q_.front());
        control_q_.pop_front();
      } else if (!events_q_.empty() &&
                 (state() == LifecycleState::Active || state() == LifecycleState::Stopping)) {
        item = std::move(events_q_.front());
        events_q_.pop_front();
      } else {
        break;
      }
    }
    execute(item);
    if (successor_) break;
  }
  bool again = false;
  {
    std::lock_guard lock(mailboxMutex_);
    if (successor_) {
      scheduled_ = false;
    } else if (runnableLocked()) {
      again = true;
    } else {
      scheduled_ = false;
    }
  }
  if (again) runtime_->scheduler().schedule(self);
}

void ComponentCore::execute(WorkItem& item) {
  if (item.task) {
    try {
      item.task();
    } catch (const std::exception& e) {
      fail(e.what(), "a runtime task");
    } catch (...) {
      fail("unknown exception", "a runtime task");
    }
    return;
  }
  if (state() == LifecycleState::Destroyed) return;
  deliver(item.half, item.event);
}

void ComponentCore::deliver(PortHalf* half, const EventPtr& event) {
  // The port's cached per-type snapshot: no allocation and no subtype walk
  // per delivery. Filtered here to this component's own handlers.
  const auto handlers = half->handlersFor(event->typeId());
  for (const auto& h : *handlers) {
    if (h->subscriber != this || !h->active.load(std::memory_order_acquire)) continue;
    current_ = &event;
    try {
      h->fn(*event);
    } catch (const std::exception& e) {
      current_ = nullptr;
      fail(e.what(), event->typeName());
      return;
    } catch (...) {
      current_ = nullptr;
      fail("unknown exception", event->typeName());
      return;
    }
    current_ = nullptr;
    handled_.fetch_add(1, std::memory_order_relaxed);
    if (Observer* o = runtime_->observer()) o->afterHandler(*this, event.get());
    if (state() == LifecycleState::Faulted || state() == LifecycleState::Destroyed) return;
  }
}

// --- faults ------------------------------------------------------------------

void ComponentCore::fail(const std::string& what, const std::string& during) {
  Fault fault{path_, what, during};
  if (state() != LifecycleState::Destroyed) state_.store(LifecycleState::Faulted);
  if (parent_) {
    auto self = shared_from_this();
    parent_->post([p = parent_, fault, self] { p->childFaulted(fault, self, self); }, true);
  } else {
    runtime_->rootFault(fault);
  }
}

// `child` is our child whose subtree faulted; `origin` is the component whose
// handler threw (a descendant of `child` when the fault was escalated).
// Resolved/Ignore resume the origin; Destroy kills our child's subtree.
void ComponentCore::childFaulted(const Fault& fault, const std::shared_ptr<ComponentCore>& child,
                                 const std::shared_ptr<ComponentCore>& origin) {
  if (state() == LifecycleState::Destroyed) return;
  FaultAction action = FaultAction::Escalate;
  try {
    if (definition_) action = definition_->onFault(fault);
  } catch (const std::exception& e) {
    fail(e.what(), "onFault for " + fault.path);
    return;
  }
  switch (action) {
    case FaultAction::Resolved:
    case FaultAction::Ignore:
      origin->resumeAfterFault();
      break;
    case FaultAction::Destroy:
      child->requestKill();
      break;
    case FaultAction::Escalate:
      if (parent_) {
        auto self = shared_from_this();
        parent_->post([p = parent_, fault, self, origin] { p->childFaulted(fault, self, origin); },
                      true);
      } else {
        runtime_->rootFault(fault);
      }
      break;
  }
}

void ComponentCore::resumeAfterFault() {
  post(
      [this] {
        ComponentCore* c = incarnation();
        if (c->state() == LifecycleState::Faulted) c->state_.store(LifecycleState::Active);
      },
      true);
}

// --- lifecycle ---------------------------------------------------------------

void ComponentCore::triggerControl(const EventPtr& event) { control_->outside().arrive(event); }

// A request queued for a component that is replaced before it runs is
// forwarded with the queue; it must act on the successor, not the retired core.
ComponentCore* ComponentCore::incarnation() {
  ComponentCore* c = this;
  for (;;) {
    std::shared_ptr<ComponentCore> next;
    {
      std::lock_guard lock(c->mailboxMutex_);
      next = c->successor_;
    }
    if (!next) return c;
    c = next.get();  // kept alive by the retired core's successor_
  }
}

void ComponentCore::requestStart() {
  post([this] { incarnation()->onStartRequested(); }, true);
}
void ComponentCore::requestStop() {
  post([this] { incarnation()->onStopRequested(); }, true);
}
void ComponentCore::requestKill() {
  post([this] { incarnation()->onKillRequested(); }, true);
}

void ComponentCore::onStartRequested() {
  if (state() != LifecycleState::Passive) return;
  state_.store(LifecycleState::Starting);
  pendingStart_ = 0;
  for (const auto& child : children()) {
    if (child->state() == LifecycleState::Passive) {
      ++pendingStart_;
      child->requestStart();
    }
  }
  if (pendingStart_ == 0) finishStart();
}

void ComponentCore::finishStart() {
  state_.store(LifecycleState::Active);
  try {
    if (definition_) definition_->onStart();
  } catch (const std::exception& e) {
    fail(e.what(), "Start");
  }
  if (Observer* o = runtime_->observer()) o->afterHandler(*this, nullptr);
  triggerControl(std::make_shared<const Started>(path_));
  if (parent_) parent_->post([p = parent_] { p->childStarted(); }, true);
  if (stopAfterStart_) {
    stopAfterStart_ = false;
    onStopRequested();
  }
}

void ComponentCore::childStarted() {
  // Once a kill is under way, late start reports must not start us (each
  // lifecycle step counts its own children: a shared count lost kills).
  if (killAfterStop_) return;
  if (state() == LifecycleState::Starting && --pendingStart_ == 0) finishStart();
}

void ComponentCore::onStopRequested() {
  if (state() == LifecycleState::Starting) {
    stopAfterStart_ = true;  // still waiting for children: stop once started
    return;
  }
  if (state() != LifecycleState::Active && state() != LifecycleState::Faulted) return;
  state_.store(LifecycleState::Stopping);
  pendingStop_ = 0;
  for (const auto& child : children()) {
    const auto s = child->state();
    if (s == LifecycleState::Active || s == LifecycleState::Starting ||
        s == LifecycleState::Faulted) {
      ++pendingStop_;
      child->requestStop();
    }
  }
  if (pendingStop_ == 0) finishStop();
}

void ComponentCore::finishStop() {
  state_.store(LifecycleState::Passive);
  try {
    if (definition_) definition_->onStop();
  } catch (const std::exception& e) {
    fail(e.what(), "Stop");
  }
  triggerControl(std::make_shared<const Stopped>(path_));
  if (parent_) parent_->post([p = parent_] { p->childStopped(); }, true);
  if (killAfterStop_) finishKill();
}

void ComponentCore::childStopped() {
  if (killAfterStop_) return;  // the kill finishes this component instead
  if (state() == LifecycleState::Stopping && --pendingStop_ == 0) finishStop();
}

void ComponentCore::onKillRequested() {
  if (state() == LifecycleState::Destroyed || killAfterStop_) return;
  killAfterStop_ = true;
  pendingKill_ = 0;
  // Children go first; each reports back through childKilled.
  for (const auto& child : children()) {
    ++pendingKill_;
    child->requestKill();
  }
  if (pendingKill_ == 0) finishKill();
}

void ComponentCore::childKilled(ComponentCore* child) {
  auto removed = removeChild(child);
  if (removed) removed->control().kill();
  if (killAfterStop_ && state() != LifecycleState::Destroyed && --pendingKill_ == 0) {
    finishKill();
  }
}

void ComponentCore::finishKill() {
  if (state() == LifecycleState::Destroyed) return;
  try {
    if (definition_) definition_->onKill();
  } catch (const std::exception& e) {
    runtime_->log(LogLevel::Warning, path_, std::string("onKill threw: ") + e.what());
  }
  state_.store(LifecycleState::Destroyed);
  if (Observer* o = runtime_->observer()) o->componentDestroyed(*this);
  for (const auto& port : ports()) port->kill();
  {
    std::lock_guard lock(mailboxMutex_);
    events_q_.clear();
  }
  triggerControl(std::make_shared<const Killed>(path_));
  if (parent_) {
    parent_->post([p = parent_, self = shared_from_this()] { p->childKilled(self.get()); }, true);
  } else {
    control_->kill();
    runtime_->rootKilled();
  }
}

// --- ports and children ------------------------------------------------------

PortCore& ComponentCore::addPort(bool provided, const void* typeKey, std::string typeName) {
  std::lock_guard lock(treeMutex_);
  for (const auto& p : ports_) {
    if (p->typeKey() == typeKey && p->provided() == provided) {
      if (p->owner() == this && p->alive()) {  // adopted from a predecessor
        std::erase(unclaimed_, p.get());
        return *p;
      }
    }
  }
  ports_.push_back(std::make_shared<PortCore>(this, provided, typeKey, std::move(typeName)));
  return *ports_.back();
}

PortCore* ComponentCore::findPort(const void* typeKey, bool provided) const {
  std::lock_guard lock(treeMutex_);
  for (const auto& p : ports_) {
    if (p->typeKey() == typeKey && p->provided() == provided) return p.get();
  }
  return nullptr;
}

std::vector<std::shared_ptr<PortCore>> ComponentCore::ports() const {
  std::lock_guard lock(treeMutex_);
  return ports_;
}

void ComponentCore::adoptPorts(ComponentCore& from) {
  auto taken = from.ports();
  taken.push_back(from.control_);
  for (const auto& port : taken) {
    port->inside().removeSubscriptionsOf(&from);
    port->setOwner(this);
  }
  std::lock_guard lock(treeMutex_);
  ports_ = from.ports();
  control_ = from.control_;
  unclaimed_.clear();
  for (const auto& port : ports_) unclaimed_.push_back(port.get());
}

void ComponentCore::closeUnclaimedPorts() {
  std::vector<std::shared_ptr<PortCore>> closing;
  {
    std::lock_guard lock(treeMutex_);
    std::erase_if(ports_, [&](const auto& port) {
      if (std::find(unclaimed_.begin(), unclaimed_.end(), port.get()) == unclaimed_.end()) {
        return false;
      }
      closing.push_back(port);
      return true;
    });
    unclaimed_.clear();
  }
  for (const auto& port : closing) port->kill();
}

std::vector<std::shared_ptr<ComponentCore>> ComponentCore::children() const {
  std::lock_guard lock(treeMutex_);
  return children_;
}

void ComponentCore::addChild(std::shared_ptr<ComponentCore> child) {
  std::lock_guard lock(treeMutex_);
  children_.push_back(std::move(child));
}

std::shared_ptr<ComponentCore> ComponentCore::removeChild(const ComponentCore* child) {
  std::lock_guard lock(treeMutex_);
  auto it = std::find_if(children_.begin(), children_.end(),
                         [&](const auto& c) { return c.get() == child; });
  if (it == children_.end()) return nullptr;
  auto removed = *it;
  children_.erase(it);
  return removed;
}

void ComponentCore::replaceChild(const ComponentCore* old,
                                 std::shared_ptr<ComponentCore> successor) {
  std::lock_guard lock(treeMutex_);
  for (auto& c : children_) {
    if (c.get() == old) {
      c = std::move(successor);
      return;
    }
  }
  children_.push_back(std::move(successor));
}

std::string ComponentCore::nextChildName(const std::string& base) {
  std::lock_guard lock(treeMutex_);
  ++childNames_;
  for (const auto& c : children_) {
    if (c->name() == base) return base + "#" + std::to_string(childNames_);
  }
  return base;
}

void ComponentCore::retireInto(std::shared_ptr<ComponentCore> successor) {
  std::deque<WorkItem> control, events;
  {
    std::lock_guard lock(mailboxMutex_);
    control.swap(control_q_);
    events.swap(events_q_);
    successor_ = successor;
  }
  state_.store(LifecycleState::Destroyed);
  for (auto& item : control) successor->push(std::move(item), true);
  for (auto& item : events) successor->push(std::move(item), false);
}

}  // namespace catslab::runtime
