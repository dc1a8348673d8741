#include "runtime/asio_timer.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "runtime/runtime.h"

namespace catslab::runtime {

namespace asio = boost::asio;

struct IoThread::Impl {
  asio::io_context context;
  asio::executor_work_guard<asio::io_context::executor_type> guard{context.get_executor()};
  std::thread thread;
};

IoThread::IoThread(Runtime& /*runtime*/) : impl_(std::make_unique<Impl>()) {
  impl_->thread = std::thread([ctx = &impl_->context] { ctx->run(); });
}

IoThread::~IoThread() { stop(); }

void IoThread::stop() {
  impl_->guard.reset();
  impl_->context.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

asio::io_context& IoThread::context() { return impl_->context; }

// Shared with timer callbacks on the I/O thread, which may outlive the component.
struct AsioTimer::State {
  struct Entry {
    std::unique_ptr<asio::steady_timer> timer;
    std::shared_ptr<const DirectRequest> request;
    std::shared_ptr<const Timeout> timeout;
    Duration period{0};
  };
  std::mutex mutex;
  bool closed = false;
  std::unordered_map<TimeoutId, Entry> entries;
  asio::io_context* context = nullptr;

  void arm(TimeoutId id, Duration delay, std::shared_ptr<State> self) {
    Entry& e = entries.at(id);
    e.timer->expires_after(delay);
    e.timer->async_wait([self = std::move(self), id](const boost::system::error_code& ec) {
      if (ec) return;
      self->fire(id, self);
    });
  }

  void fire(TimeoutId id, const std::shared_ptr<State>& self) {
    std::shared_ptr<const DirectRequest> request;
    std::shared_ptr<const Timeout> timeout;
    {
      std::lock_guard lock(mutex);
      if (closed) return;
      auto it = entries.find(id);
      if (it == entries.end()) return;  // cancelled
      request = it->second.request;
      timeout = it->second.timeout;
      if (it->second.period.count() > 0) {
        arm(id, it->second.period, self);
      } else {
        entries.erase(it);
      }
    }
    answerDirect(*request, timeout);
  }
};

AsioTimer::AsioTimer() : state_(std::make_shared<State>()) {
  state_->context = &core().runtime().service<IoThread>().context();
  subscribe(timer_, &AsioTimer::onSchedule);
  subscribe(timer_, &AsioTimer::onSchedulePeriodic);
  subscribe(timer_, &AsioTimer::onCancel);
  subscribe(timer_, &AsioTimer::onCancelPeriodic);
}

AsioTimer::~AsioTimer() { onKill(); }

void AsioTimer::onSchedule(const ScheduleTimeout& request) {
  std::lock_guard lock(state_->mutex);
  auto shared = std::shared_ptr<const DirectRequest>(
      std::shared_ptr<const ScheduleTimeout>(std::make_shared<const ScheduleTimeout>(request)));
  // Keep the original origin stamps (the copy above shares them).
  State::Entry entry{std::make_unique<asio::steady_timer>(*state_->context), shared,
                     request.timeout, Duration{0}};
  state_->entries[request.timeout->timeoutId] = std::move(entry);
  state_->arm(request.timeout->timeoutId, request.delay, state_);
}

void AsioTimer::onSchedulePeriodic(const SchedulePeriodicTimeout& request) {
  std::lock_guard lock(state_->mutex);
  auto shared = std::make_shared<const SchedulePeriodicTimeout>(request);
  State::Entry entry{std::make_unique<asio::steady_timer>(*state_->context), shared,
                     request.timeout, request.period};
  state_->entries[request.timeout->timeoutId] = std::move(entry);
  state_->arm(request.timeout->timeoutId, request.delay, state_);
}

void AsioTimer::onCancel(const CancelTimeout& request) {
  std::lock_guard lock(state_->mutex);
  auto it = state_->entries.find(request.id);
  if (it == state_->entries.end()) return;
  it->second.timer->cancel();
  state_->entries.erase(it);
}

void AsioTimer::onCancelPeriodic(const CancelPeriodicTimeout& request) {
  onCancel(CancelTimeout(request.id));
}

void AsioTimer::onKill() {
  std::lock_guard lock(state_->mutex);
  state_->closed = true;
  for (auto& [id, e] : state_->entries) e.timer->cancel();
  state_->entries.clear();
}

void AsioTimer::inspect(StateWriter& out) const {
  std::lock_guard lock(state_->mutex);
  out.set("pending", static_cast<std::uint64_t>(state_->entries.size()));
}

}  // namespace catslab::runtime
