#include "runtime/runtime.h"

#include <cstdio>
#include <stdexcept>

#include "runtime/deterministic_scheduler.h"
#include "runtime/random.h"
#include "runtime/work_stealing_scheduler.h"

namespace catslab::runtime {
namespace {

const char* levelName(LogLevel level) {
  switch (level) {
    case LogLevel::Debug:
      return "debug";
    case LogLevel::Info:
      return "info";
    case LogLevel::Warning:
      return "warning";
    case LogLevel::Error:
      return "error";
  }
  return "?";
}

}  // namespace

Runtime::Runtime(RuntimeOptions options) : options_(std::move(options)) {
  const bool deterministic = options_.scheduler == SchedulerKind::Deterministic;
  clock_ = options_.clock;
  if (!clock_) {
    if (deterministic)
      clock_ = std::make_shared<ManualClock>();
    else
      clock_ = std::make_shared<SteadyClock>();
  }
  if (deterministic) {
    auto s = std::make_unique<DeterministicScheduler>();
    deterministic_ = s.get();
    scheduler_ = std::move(s);
  } else {
    scheduler_ = std::make_unique<WorkStealingScheduler>(options_.workers);
    scheduler_->setBatch(options_.batch);
  }
}

Runtime::~Runtime() {
  scheduler_->stop();
  {
    // I/O threads stop calling into components; their contexts stay alive
    // until the components (and the timers and sockets they own) are gone.
    std::lock_guard lock(servicesMutex_);
    for (auto& stop : serviceStops_) stop();
  }
  // Disconnect every port so channels and queued events are released.
  if (root_) {
    std::vector<std::shared_ptr<ComponentCore>> all{root_};
    for (std::size_t i = 0; i < all.size(); ++i) {
      for (auto& c : all[i]->children()) all.push_back(c);
    }
    for (auto& c : all) {
      for (auto& p : c->ports()) p->kill();
      c->control().kill();
    }
  }
  root_.reset();  // destroys the tree unless someone still holds a handle
  std::lock_guard lock(servicesMutex_);
  services_.clear();
}

std::shared_ptr<ComponentCore> Runtime::makeRootCore(const std::string& typeName) {
  if (root_) throw std::logic_error("a runtime has exactly one root component");
  root_ = std::make_shared<ComponentCore>(this, nullptr, "", typeName);
  return root_;
}

void Runtime::start() {
  {
    std::lock_guard lock(stateMutex_);
    if (started_) return;
    if (!root_) throw std::logic_error("Runtime::start before createRoot");
    started_ = true;
  }
  scheduler_->start();
  root_->requestStart();
}

void Runtime::shutdown(int exitCode) {
  {
    std::lock_guard lock(stateMutex_);
    if (shuttingDown_ || terminated_) return;
    shuttingDown_ = true;
    if (exitCode != 0) exitCode_ = exitCode;
    if (!root_ || root_->destroyed()) {
      terminated_ = true;
      terminatedCv_.notify_all();
      return;
    }
    // Never started: the scheduler must run for the kill to be carried out
    // (awaitTermination would otherwise wait forever).
    if (!started_) {
      started_ = true;
      scheduler_->start();
    }
  }
  root_->requestKill();
}

void Runtime::rootKilled() {
  std::lock_guard lock(stateMutex_);
  terminated_ = true;
  terminatedCv_.notify_all();
}

void Runtime::rootFault(const Fault& fault) {
  log(LogLevel::Error, fault.path, "unhandled " + fault.describe() + "; shutting down");
  {
    std::lock_guard lock(stateMutex_);
    exitCode_ = 1;
  }
  shutdown(1);
}

int Runtime::awaitTermination() {
  if (scheduler_->onWorkerThread()) {
    // The caller's own component could never be killed: a certain deadlock.
    throw std::logic_error("awaitTermination called from a component handler would deadlock");
  }
  if (deterministic_) {
    while (!terminated() && deterministic_->step()) {
    }
    return exitCode();
  }
  std::unique_lock lock(stateMutex_);
  terminatedCv_.wait(lock, [this] { return terminated_; });
  lock.unlock();
  scheduler_->stop();
  return exitCode();
}

bool Runtime::terminated() const {
  std::lock_guard lock(stateMutex_);
  return terminated_;
}

int Runtime::exitCode() const {
  std::lock_guard lock(stateMutex_);
  return exitCode_;
}

bool Runtime::step() {
  if (!deterministic_) throw std::logic_error("step() needs the deterministic scheduler");
  return deterministic_->step();
}

std::size_t Runtime::runUntilIdle(std::size_t maxItems) {
  if (!deterministic_) throw std::logic_error("runUntilIdle() needs the deterministic scheduler");
  std::size_t n = 0;
  while (n < maxItems && deterministic_->step()) ++n;
  return n;
}

void Runtime::log(LogLevel level, const std::string& path, const std::string& text) const {
  if (options_.log) return options_.log(level, path, text);
  std::fprintf(stderr, "[%s] %s: %s\n", levelName(level), path.c_str(), text.c_str());
}

std::uint64_t Runtime::nextIncarnation(const std::string& path) {
  const std::uint64_t key = Random::derive(0, path);
  std::lock_guard lock(incarnationsMutex_);
  return incarnations_[key]++;
}

}  // namespace catslab::runtime
