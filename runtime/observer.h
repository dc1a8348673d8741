// Hooks for tracing and debugging tools. The runtime calls an Observer after
// every handler, on the component's thread; an observer must be thread-safe
// under the work-stealing scheduler. Protocol code never calls tracing
// functions itself: tracing asks components to inspect() their state.
#pragma once

namespace catslab::runtime {

class ComponentCore;
class Event;

class Observer {
 public:
  virtual ~Observer() = default;
  // `event` is null for lifecycle hooks (onStart, onStop, ...).
  virtual void afterHandler(ComponentCore& component, const Event* event) = 0;
  virtual void componentDestroyed(ComponentCore& /*component*/) {}
};

}  // namespace catslab::runtime
