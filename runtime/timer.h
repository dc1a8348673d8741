// The Timer port: the only way a component waits. Implementations: a real
// one on Boost.Asio (asio_timer.h) and a virtual-time one in the simulator.
//
// Subclass Timeout for each purpose and schedule it; the Timeout comes back
// only to the component that scheduled it (Timer requests are direct).
// ComponentDefinition::scheduleTimeout / schedulePeriodic assign the id.
#pragma once

#include <cstdint>
#include <memory>

#include "runtime/clock.h"
#include "runtime/direct.h"
#include "runtime/port_type.h"

namespace catslab::runtime {

using TimeoutId = std::uint64_t;

struct Timeout : EventOf<Timeout> {
  TimeoutId timeoutId = 0;
};

struct ScheduleTimeout : EventOf<ScheduleTimeout, DirectRequest> {
  ScheduleTimeout(Duration d, std::shared_ptr<const Timeout> t) : delay(d), timeout(std::move(t)) {}
  Duration delay;
  std::shared_ptr<const Timeout> timeout;
};

struct SchedulePeriodicTimeout : EventOf<SchedulePeriodicTimeout, DirectRequest> {
  SchedulePeriodicTimeout(Duration d, Duration p, std::shared_ptr<const Timeout> t)
      : delay(d), period(p), timeout(std::move(t)) {}
  Duration delay;
  Duration period;
  std::shared_ptr<const Timeout> timeout;
};

struct CancelTimeout : EventOf<CancelTimeout> {
  explicit CancelTimeout(TimeoutId i) : id(i) {}
  TimeoutId id;
};

struct CancelPeriodicTimeout : EventOf<CancelPeriodicTimeout> {
  explicit CancelPeriodicTimeout(TimeoutId i) : id(i) {}
  TimeoutId id;
};

struct Timer
    : PortType<
          Requests<ScheduleTimeout, SchedulePeriodicTimeout, CancelTimeout, CancelPeriodicTimeout>,
          Indications<Timeout>> {};

}  // namespace catslab::runtime
