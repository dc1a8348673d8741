// Typed handles on port halves: what component code holds and passes to
// trigger, subscribe and connect.
//
// Names follow Kompics. provide<P>() gives the owner a Negative<P> (it
// receives requests and triggers indications); require<P>() gives a
// Positive<P> (it receives indications and triggers requests). Seen from the
// parent, a child's provided port is Positive<P> (child.positive<P>()) and a
// required one Negative<P> (child.negative<P>()). A channel always joins a
// Positive<P> to a Negative<P> of the same P, so connecting ports of
// different types does not compile.
//
// Handles are cheap to copy and keep the port's memory alive; using one
// after its component was destroyed throws std::logic_error.
#pragma once

#include <memory>

#include "runtime/port_core.h"
#include "runtime/port_type.h"

namespace catslab::runtime {

template <class P>
class PortHandle {
 public:
  using Type = P;
  PortHandle() = default;
  PortHandle(std::shared_ptr<PortCore> port, PortHalf* half)
      : port_(std::move(port)), half_(half) {}
  bool valid() const { return port_ != nullptr; }
  const std::shared_ptr<PortCore>& port() const { return port_; }
  PortHalf* half() const { return half_; }

 private:
  std::shared_ptr<PortCore> port_;
  PortHalf* half_ = nullptr;
};

template <class P>
class Positive : public PortHandle<P> {
 public:
  using PortHandle<P>::PortHandle;
};

template <class P>
class Negative : public PortHandle<P> {
 public:
  using PortHandle<P>::PortHandle;
};

}  // namespace catslab::runtime
