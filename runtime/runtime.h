// A Runtime is one running component system: a root component, a scheduler,
// a clock and a root seed. Several runtimes may coexist in a process (tests
// run one system under each scheduler side by side).
//
//   Runtime rt({.scheduler = SchedulerKind::WorkStealing, .workers = 4});
//   rt.createRoot<Main>(config);
//   rt.start();
//   return rt.awaitTermination();   // exit code; non-zero after a root fault
//
// With the deterministic scheduler nothing runs by itself: call step() or
// runUntilIdle() from the thread that owns the runtime (the simulator does).
// Thread safety: all members are thread-safe except step()/runUntilIdle(),
// which belong to one driving thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "runtime/clock.h"
#include "runtime/component.h"
#include "runtime/lifecycle.h"
#include "runtime/scheduler.h"

namespace catslab::runtime {

class Observer;
class DeterministicScheduler;

enum class SchedulerKind { WorkStealing, Deterministic };
enum class LogLevel { Debug, Info, Warning, Error };
using LogSink = std::function<void(LogLevel, const std::string& path, const std::string& text)>;

struct RuntimeOptions {
  SchedulerKind scheduler = SchedulerKind::WorkStealing;
  int workers = 0;  // 0: one per core
  int batch = 32;   // events a component may run per turn
  std::uint64_t seed = 1;
  std::shared_ptr<Clock> clock = nullptr;  // default: SteadyClock (ManualClock if deterministic)
  LogSink log = nullptr;                   // default: stderr
};

class Runtime {
 public:
  explicit Runtime(RuntimeOptions options = {});
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  template <class C, class... Args>
  Component<C> createRoot(Args&&... args) {
    auto core = makeRootCore(shortTypeName(typeid(C).name()));
    auto* def = detail::constructDefinition<C>(*core, std::forward<Args>(args)...);
    return Component<C>(core, def);
  }

  void start();
  // Orderly shutdown: the root subtree is killed, then the runtime terminates.
  void shutdown(int exitCode = 0);
  // Blocks until terminated; returns the exit code. Under the deterministic
  // scheduler it runs until idle or terminated instead of blocking.
  int awaitTermination();
  bool terminated() const;
  int exitCode() const;

  // Deterministic scheduler only: run one work item / until nothing is ready.
  bool step();
  std::size_t runUntilIdle(std::size_t maxItems = std::numeric_limits<std::size_t>::max());

  // Introspection of the live component tree.
  std::string describeJson() const;
  std::string describeDot() const;

  Clock& clock() const { return *clock_; }
  std::uint64_t seed() const { return options_.seed; }
  Scheduler& scheduler() const { return *scheduler_; }
  ComponentCore* root() const { return root_.get(); }
  std::shared_ptr<ComponentCore> rootCore() const { return root_; }
  void log(LogLevel level, const std::string& path, const std::string& text) const;
  void setObserver(Observer* observer) { observer_.store(observer); }
  Observer* observer() const { return observer_.load(std::memory_order_acquire); }
  std::uint64_t nextComponentId() { return ++componentIds_; }
  // How many components with this path were created before (0 for the
  // first): a restarted or replaced component gets a fresh random() stream
  // that is still a pure function of the seed and the order of creation.
  std::uint64_t nextIncarnation(const std::string& path);

  // Per-runtime services (I/O threads, registries), created on first use.
  // A service with a stop() member is stopped before the components are
  // destroyed, and destroyed after them (I/O objects inside components must
  // not outlive the io_context they were made on).
  template <class S>
  S& service() {
    std::lock_guard lock(servicesMutex_);
    auto& slot = services_[std::type_index(typeid(S))];
    if (!slot) {
      auto created = std::make_shared<S>(*this);
      if constexpr (requires { created->stop(); }) {
        serviceStops_.push_back([s = created.get()] { s->stop(); });
      }
      slot = std::shared_ptr<void>(std::move(created));
    }
    return *static_cast<S*>(slot.get());
  }

  // Called by the root's core.
  void rootFault(const Fault& fault);
  void rootKilled();

 private:
  std::shared_ptr<ComponentCore> makeRootCore(const std::string& typeName);

  RuntimeOptions options_;
  std::shared_ptr<Clock> clock_;
  std::unique_ptr<Scheduler> scheduler_;
  DeterministicScheduler* deterministic_ = nullptr;
  std::shared_ptr<ComponentCore> root_;
  std::atomic<Observer*> observer_{nullptr};
  std::atomic<std::uint64_t> componentIds_{0};
  std::mutex incarnationsMutex_;
  // Keyed by a 64-bit hash of the path: small per path ever created; a
  // collision only makes two paths share a counter (still reproducible).
  std::unordered_map<std::uint64_t, std::uint64_t> incarnations_;

  mutable std::mutex stateMutex_;
  std::condition_variable terminatedCv_;
  bool started_ = false;
  bool shuttingDown_ = false;
  bool terminated_ = false;
  int exitCode_ = 0;

  std::mutex servicesMutex_;
  std::unordered_map<std::type_index, std::shared_ptr<void>> services_;
  std::vector<std::function<void()>> serviceStops_;
};

}  // namespace catslab::runtime
