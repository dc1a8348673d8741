// Lifecycle and fault events, carried by every component's control port.
//
// A parent starts, stops and kills children (ComponentDefinition::start /
// stop / kill); Start and Stop propagate down the subtree, and the child
// reports Started / Stopped / Killed when its whole subtree is done. A parent
// can subscribe to those on child.control().
//
// An exception escaping a handler pauses the component and reaches its
// parent as a Fault; the parent's onFault() answers with a FaultAction.
#pragma once

#include <string>

#include "runtime/event.h"
#include "runtime/port_type.h"

namespace catslab::runtime {

struct Start : EventOf<Start> {};
struct Stop : EventOf<Stop> {};
struct Kill : EventOf<Kill> {};

struct LifecycleReport : EventOf<LifecycleReport> {
  explicit LifecycleReport(std::string p = {}) : path(std::move(p)) {}
  std::string path;  // the component the report is about
};
struct Started : EventOf<Started, LifecycleReport> {
  using EventOf::EventOf;
};
struct Stopped : EventOf<Stopped, LifecycleReport> {
  using EventOf::EventOf;
};
struct Killed : EventOf<Killed, LifecycleReport> {
  using EventOf::EventOf;
};

struct ControlPort : PortType<Requests<Start, Stop, Kill>, Indications<LifecycleReport>> {};

enum class FaultAction {
  Resolved,  // the parent fixed the cause; the child continues
  Ignore,    // the child continues as if nothing happened
  Destroy,   // the child (and its subtree) is killed
  Escalate,  // passed on to the grandparent; at the root the process shuts down
};

struct Fault {
  std::string path;       // component whose handler threw
  std::string what;       // the exception's message
  std::string eventType;  // event being handled, or "Start"/"Stop"/... for hooks
  std::string describe() const;
};

}  // namespace catslab::runtime
