// Port types: the interface of an abstraction, as sets of event types.
//
// Requests flow into the provider (the negative direction); indications flow
// out of it (positive). A port type lists any number of each:
//
//   struct PerfectLink : PortType<Requests<Send>, Indications<Deliver>> {};
//
// A subtype of a listed type is allowed too. Direction is checked at compile
// time by the Positive/Negative handles in port.h: triggering an event the
// port type does not allow in that direction does not compile.
#pragma once

#include <type_traits>

#include "runtime/event.h"

namespace catslab::runtime {

template <class... Es>
struct Requests {};
template <class... Es>
struct Indications {};

template <class Req, class Ind>
struct PortType;

template <class... R, class... I>
struct PortType<Requests<R...>, Indications<I...>> {
  static_assert((EventType<R> && ...), "requests must derive from Event");
  static_assert((EventType<I> && ...), "indications must derive from Event");

  template <class E>
  static constexpr bool allowsRequest = (std::is_base_of_v<R, E> || ...);
  template <class E>
  static constexpr bool allowsIndication = (std::is_base_of_v<I, E> || ...);
  // A handler may subscribe to a listed type, a subtype, or a supertype of one
  // (a handler for Event sees everything that flows in that direction).
  template <class E>
  static constexpr bool mayReceiveRequest = ((std::is_base_of_v<R, E> || std::is_base_of_v<E, R>) ||
                                             ...);
  template <class E>
  static constexpr bool mayReceiveIndication =
      ((std::is_base_of_v<I, E> || std::is_base_of_v<E, I>) || ...);
};

template <class P>
concept PortTypeClass = requires {
  typename std::integral_constant<bool, P::template allowsRequest<Event>>;
};

}  // namespace catslab::runtime
