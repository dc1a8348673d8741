// Direct request/response: a response goes straight back to the port half
// the request was triggered on, not to every component connected to the
// provider. The Timer uses it so that a timer shared by many components
// answers each one only with its own timeouts.
#pragma once

#include <memory>

#include "runtime/event.h"

namespace catslab::runtime {

class PortCore;
class PortHalf;

struct DirectRequest : EventOf<DirectRequest> {
  // Stamped once by trigger(), before the event is shared.
  mutable std::weak_ptr<PortCore> originPort;
  mutable PortHalf* originHalf = nullptr;
};

// Delivers `response` to the half that triggered `request`, if it still
// exists. Thread-safe; drivers (timer and network threads) call it directly.
void answerDirect(const DirectRequest& request, EventPtr response);

}  // namespace catslab::runtime
