#include "runtime/sim/node_host.h"

#include <stdexcept>

#include "runtime/component_core.h"

namespace catslab::sim {

ConsoleDriver::ConsoleDriver(OutputFn output) : output_(std::move(output)) {
  subscribe(console_, [this](const runtime::ConsoleOutput& out) {
    if (output_) output_(out);
  });
}

void ConsoleDriver::send(std::string line, std::uint64_t id) {
  core().post([this, line = std::move(line),
               id]() mutable { trigger(runtime::ConsoleCommand(std::move(line), id), console_); },
              false);
}

NodeHost::NodeHost(const runtime::StackFactory& factory, const runtime::StackContext& context,
                   ConsoleDriver::OutputFn output, FaultFn onFault)
    : faultFn_(std::move(onFault)) {
  stack_ = factory(*this, context);
  if (!stack_.valid()) throw std::logic_error("stack factory returned no component");
  const auto& core = *stack_.core();
  if (core.findPort(runtime::portTypeKey<runtime::Network>(), false)) {
    connect(net_, stack_.negative<runtime::Network>());
  }
  if (core.findPort(runtime::portTypeKey<runtime::Timer>(), false)) {
    connect(timer_, stack_.negative<runtime::Timer>());
  }
  if (core.findPort(runtime::portTypeKey<runtime::Console>(), true)) {
    driver_ = createNamed<ConsoleDriver>("console", std::move(output));
    connect(stack_.positive<runtime::Console>(), driver_.negative<runtime::Console>());
  }
}

bool NodeHost::command(std::string line, std::uint64_t id) {
  if (!driver_.valid()) return false;
  driver_->send(std::move(line), id);
  return true;
}

runtime::FaultAction NodeHost::onFault(const runtime::Fault& fault) {
  if (faultFn_) faultFn_(fault);
  return runtime::FaultAction::Destroy;
}

}  // namespace catslab::sim
