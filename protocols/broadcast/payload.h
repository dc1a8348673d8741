// Payload: the base of everything carried by the broadcast abstractions
// (BEB, RB, URB). Upper layers subclass it (PaxosPrepare, TobMessage, ...)
// and recognise their own payloads with payloadAs<T>(), which uses the
// runtime's event type table instead of a dynamic_cast chain.
// A payload is an immutable value shared between deliveries.
#pragma once

#include <memory>
#include <string>

#include "runtime/event.h"

namespace catslab::protocols {

struct Payload : runtime::EventOf<Payload> {};
using PayloadPtr = std::shared_ptr<const Payload>;

// A plain text payload (what the "broadcast" console sends).
struct TextPayload : runtime::EventOf<TextPayload, Payload> {
  explicit TextPayload(std::string t) : text(std::move(t)) {}
  std::string describe() const override { return "Text " + text; }
  std::string text;
};

// The payload as T if its dynamic type is T or a subtype of T, else null.
template <class T>
std::shared_ptr<const T> payloadAs(const PayloadPtr& payload) {
  if (!payload || !runtime::EventTypes::isSubtype(payload->typeId(), T::staticTypeId())) {
    return nullptr;
  }
  return std::static_pointer_cast<const T>(payload);
}

}  // namespace catslab::protocols
