// The real-time Timer: a component providing Timer on Boost.Asio steady
// timers. All AsioTimers of a runtime share one I/O thread (IoThread
// service). Timeouts go back only to the component that scheduled them.
// Cancelling is best effort: a Timeout already on its way is delivered.
#pragma once

#include <memory>

#include "runtime/component.h"

namespace boost::asio {
class io_context;
}

namespace catslab::runtime {

class Runtime;

// One I/O thread per runtime, started on first use, stopped and joined when
// the runtime is destroyed. Network drivers share it.
class IoThread {
 public:
  explicit IoThread(Runtime& runtime);
  ~IoThread();
  // Stops and joins the thread; the context stays valid. Idempotent.
  void stop();
  IoThread(const IoThread&) = delete;
  IoThread& operator=(const IoThread&) = delete;
  boost::asio::io_context& context();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class AsioTimer : public ComponentDefinition {
 public:
  AsioTimer();
  ~AsioTimer() override;

  void inspect(StateWriter& out) const override;

 private:
  struct State;
  void onSchedule(const ScheduleTimeout& request);
  void onSchedulePeriodic(const SchedulePeriodicTimeout& request);
  void onCancel(const CancelTimeout& request);
  void onCancelPeriodic(const CancelPeriodicTimeout& request);
  void onKill() override;

  Negative<Timer> timer_ = provide<Timer>();
  std::shared_ptr<State> state_;
};

}  // namespace catslab::runtime
