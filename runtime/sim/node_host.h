// NodeHost: the composite that is one virtual node. It requires Network and
// Timer (connected by the simulation to the emulated network, selected by the
// node's key, and to the shared timer) and delegates both to the stack it
// builds with a StackFactory; a ConsoleDriver child talks to the stack's
// Console so the host can deliver command lines and collect output.
//
// A fault escaping the stack crashes the node: the host reports it through
// `onFault` and the stack is destroyed (the simulation then marks the node
// down), instead of bringing the whole simulated system down.
//
// Ownership: created by the simulation's root component; callbacks must
// outlive it. Thread safety: command() may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "runtime/component.h"
#include "runtime/console.h"
#include "runtime/network.h"
#include "runtime/stack_registry.h"
#include "runtime/timer.h"

namespace catslab::sim {

class ConsoleDriver : public runtime::ComponentDefinition {
 public:
  using OutputFn = std::function<void(const runtime::ConsoleOutput&)>;
  explicit ConsoleDriver(OutputFn output);
  // Triggers a ConsoleCommand in this component's context (queued until it runs).
  void send(std::string line, std::uint64_t id);

 private:
  OutputFn output_;
  runtime::Positive<runtime::Console> console_ = require<runtime::Console>();
};

class NodeHost : public runtime::ComponentDefinition {
 public:
  using FaultFn = std::function<void(const runtime::Fault&)>;
  NodeHost(const runtime::StackFactory& factory, const runtime::StackContext& context,
           ConsoleDriver::OutputFn output, FaultFn onFault);
  // False when the stack has no Console (the line is dropped).
  bool command(std::string line, std::uint64_t id);
  const runtime::ComponentRef& stack() const { return stack_; }

 private:
  runtime::FaultAction onFault(const runtime::Fault& fault) override;

  FaultFn faultFn_;
  runtime::ComponentRef stack_;
  runtime::Component<ConsoleDriver> driver_;
  runtime::Positive<runtime::Network> net_ = require<runtime::Network>();
  runtime::Positive<runtime::Timer> timer_ = require<runtime::Timer>();
};

}  // namespace catslab::sim
