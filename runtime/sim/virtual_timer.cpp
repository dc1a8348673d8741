#include "runtime/sim/virtual_timer.h"

#include "runtime/port_core.h"

namespace catslab::sim {

using runtime::TimeoutId;

VirtualTimer::VirtualTimer(EventLoop& loop) : loop_(loop), shared_(std::make_shared<Shared>()) {
  subscribe(timer_, [this](const runtime::ScheduleTimeout& r) {
    const TimeoutId id = r.timeout->timeoutId;
    {
      std::lock_guard lock(shared_->mutex);
      shared_->entries[id] =
          Entry{std::make_shared<const runtime::ScheduleTimeout>(r), r.timeout, {}};
    }
    loop_.after(r.delay.count(), due(shared_, &loop_, id));
  });
  subscribe(timer_, [this](const runtime::SchedulePeriodicTimeout& r) {
    const TimeoutId id = r.timeout->timeoutId;
    {
      std::lock_guard lock(shared_->mutex);
      shared_->entries[id] =
          Entry{std::make_shared<const runtime::SchedulePeriodicTimeout>(r), r.timeout, r.period};
    }
    loop_.after(r.delay.count(), due(shared_, &loop_, id));
  });
  subscribe(timer_, [this](const runtime::CancelTimeout& r) {
    std::lock_guard lock(shared_->mutex);
    shared_->entries.erase(r.id);
  });
  subscribe(timer_, [this](const runtime::CancelPeriodicTimeout& r) {
    std::lock_guard lock(shared_->mutex);
    shared_->entries.erase(r.id);
  });
}

VirtualTimer::~VirtualTimer() { onKill(); }

void VirtualTimer::onKill() {
  std::lock_guard lock(shared_->mutex);
  shared_->closed = true;
  shared_->entries.clear();
}

std::size_t VirtualTimer::pending() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->entries.size();
}

void VirtualTimer::inspect(runtime::StateWriter& out) const {
  out.set("pending", static_cast<std::uint64_t>(pending()));
}

Due VirtualTimer::due(const std::shared_ptr<Shared>& shared, EventLoop* loop, TimeoutId id) {
  return Due{&VirtualTimer::fireDue, loop, shared, id};
}

void VirtualTimer::fireDue(void* loop, const std::shared_ptr<const void>& shared,
                           std::uint64_t id) {
  fire(std::const_pointer_cast<Shared>(std::static_pointer_cast<const Shared>(shared)),
       static_cast<EventLoop*>(loop), id);
}

void VirtualTimer::fire(const std::shared_ptr<Shared>& shared, EventLoop* loop, TimeoutId id) {
  std::shared_ptr<const runtime::DirectRequest> request;
  std::shared_ptr<const runtime::Timeout> timeout;
  {
    std::lock_guard lock(shared->mutex);
    if (shared->closed) return;
    auto it = shared->entries.find(id);
    if (it == shared->entries.end()) return;  // cancelled
    auto origin = it->second.request->originPort.lock();
    if (!origin || !origin->alive()) {  // the requester is gone
      shared->entries.erase(it);
      return;
    }
    request = it->second.request;
    timeout = it->second.timeout;
    if (it->second.period.count() > 0) {
      loop->after(it->second.period.count(), due(shared, loop, id));
    } else {
      shared->entries.erase(it);
    }
  }
  runtime::answerDirect(*request, timeout);
}

}  // namespace catslab::sim
