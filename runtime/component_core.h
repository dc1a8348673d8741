// The runtime's side of a component: mailbox, ports, children, lifecycle.
//
// Users never touch ComponentCore directly; they write a ComponentDefinition
// (component.h). A core is owned by its parent's children list (the root by
// its Runtime) through shared_ptr; schedulers and queued work items keep it
// alive while they reference it.
//
// Threading: enqueue/post are thread-safe. run() is only ever called by the
// scheduler on one thread at a time; everything marked "in own context" runs
// inside run(), so it needs no locks against the definition.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/port_core.h"
#include "runtime/random.h"

namespace catslab::runtime {

class ComponentDefinition;
class Runtime;
struct Fault;

enum class LifecycleState : std::uint8_t {
  Passive,
  Starting,
  Active,
  Stopping,
  Faulted,
  Destroyed
};
const char* toString(LifecycleState state);

class ComponentCore : public std::enable_shared_from_this<ComponentCore> {
 public:
  ComponentCore(Runtime* runtime, ComponentCore* parent, std::string name, std::string typeName);
  ~ComponentCore();
  ComponentCore(const ComponentCore&) = delete;
  ComponentCore& operator=(const ComponentCore&) = delete;

  Runtime& runtime() const { return *runtime_; }
  ComponentCore* parent() const { return parent_; }
  const std::string& name() const { return name_; }
  const std::string& path() const { return path_; }
  const std::string& typeName() const { return typeName_; }
  std::uint64_t id() const { return id_; }
  LifecycleState state() const { return state_.load(std::memory_order_acquire); }
  bool destroyed() const { return state() == LifecycleState::Destroyed; }
  ComponentDefinition* definition() const { return definition_.get(); }
  void setDefinition(std::unique_ptr<ComponentDefinition> definition);
  Random& random() { return random_; }
  std::uint64_t nextLocalId() { return ++localIds_; }

  // Mailbox (thread-safe).
  void enqueue(PortHalf* half, const EventPtr& event);
  void post(std::function<void()> task, bool control);
  std::size_t queueLength() const;
  std::uint64_t handled() const { return handled_.load(std::memory_order_relaxed); }
  // In own context: the shared event whose handler is running (null outside
  // handlers). Lets forwarding components (emulated networks) keep the event
  // without copying it.
  const EventPtr* currentEvent() const { return current_; }
  // Scheduler entry point: runs up to `batch` work items.
  void run(int batch);

  // Ports.
  PortCore& addPort(bool provided, const void* typeKey, std::string typeName);
  PortCore* findPort(const void* typeKey, bool provided) const;
  std::vector<std::shared_ptr<PortCore>> ports() const;
  PortCore& control() { return *control_; }
  // Replacement: takes over `from`'s ports (and their channels). Ports the
  // successor's constructor does not declare again are closed by
  // closeUnclaimedPorts() once it has run: their channels disconnect, so
  // nobody can keep sending into a port without a handler.
  void adoptPorts(ComponentCore& from);
  void closeUnclaimedPorts();

  // Children.
  std::vector<std::shared_ptr<ComponentCore>> children() const;
  void addChild(std::shared_ptr<ComponentCore> child);
  std::shared_ptr<ComponentCore> removeChild(const ComponentCore* child);
  void replaceChild(const ComponentCore* old, std::shared_ptr<ComponentCore> successor);
  std::string nextChildName(const std::string& base);

  // Lifecycle requests (thread-safe; carried out in own context).
  void requestStart();
  void requestStop();
  void requestKill();
  // Pauses a faulted component's events until its parent resolves the fault.
  void resumeAfterFault();
  // In own context: everything queued before this point has been handled.
  void retireInto(std::shared_ptr<ComponentCore> successor);

 private:
  struct WorkItem {
    std::shared_ptr<PortCore> port;
    PortHalf* half = nullptr;
    EventPtr event;
    std::function<void()> task;
  };

  void push(WorkItem item, bool control);
  bool runnableLocked() const;
  void execute(WorkItem& item);
  void deliver(PortHalf* half, const EventPtr& event);
  void fail(const std::string& what, const std::string& during);
  void onStartRequested();
  void onStopRequested();
  void onKillRequested();
  void finishStart();
  void finishStop();
  void finishKill();
  void childStarted();
  void childStopped();
  void childKilled(ComponentCore* child);
  void childFaulted(const Fault& fault, const std::shared_ptr<ComponentCore>& child,
                    const std::shared_ptr<ComponentCore>& origin);
  void triggerControl(const EventPtr& event);
  ComponentCore* incarnation();

  Runtime* runtime_;
  ComponentCore* parent_;
  std::string name_;
  std::string path_;
  std::string typeName_;
  std::uint64_t id_;
  std::atomic<LifecycleState> state_{LifecycleState::Passive};
  std::unique_ptr<ComponentDefinition> definition_;
  Random random_;
  std::uint64_t localIds_ = 0;

  mutable std::mutex mailboxMutex_;
  std::deque<WorkItem> control_q_;
  std::deque<WorkItem> events_q_;
  bool scheduled_ = false;
  std::shared_ptr<ComponentCore> successor_;  // set when retired by replacement
  std::atomic<std::uint64_t> handled_{0};
  const EventPtr* current_ = nullptr;  // own context only

  mutable std::mutex treeMutex_;
  std::vector<std::shared_ptr<PortCore>> ports_;
  std::vector<const PortCore*> unclaimed_;  // adopted, not yet declared again
  std::shared_ptr<PortCore> control_;
  std::vector<std::shared_ptr<ComponentCore>> children_;
  std::uint64_t childNames_ = 0;

  // Children still to report, per lifecycle step (own context only).
  int pendingStart_ = 0;
  int pendingStop_ = 0;
  int pendingKill_ = 0;
  bool killAfterStop_ = false;
  bool stopAfterStart_ = false;  // own context only
};

}  // namespace catslab::runtime
