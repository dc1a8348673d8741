// Events: immutable values that flow through ports.
//
// Every event type has a dense TypeId assigned on first use and knows its
// parent type, so a handler subscribed to E receives E and all its subtypes.
// Ports resolve "which handlers accept this dynamic type" once per type and
// cache it in a table indexed by TypeId (see port.h), so delivery never walks
// a dynamic_cast chain.
//
// Declare an event with the CRTP helper EventOf<Self, Parent>:
//
//   struct Ping : EventOf<Ping> { explicit Ping(int s) : seq(s) {} int seq; };
//   struct UrgentPing : EventOf<UrgentPing, Ping> { using EventOf::EventOf; };
//
// Triggered events are shared (std::shared_ptr<const E>), never copied per
// subscriber. The type registry is process-wide and thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace catslab::runtime {

using TypeId = std::uint32_t;

// Process-wide registry of event types. Ids are dense, starting at 0 for Event.
class EventTypes {
 public:
  static TypeId add(const std::string& name, TypeId parent);
  static bool isSubtype(TypeId derived, TypeId base);
  static TypeId parentOf(TypeId type);
  static std::string name(TypeId type);
  static std::size_t count();
};

// Readable, namespace-free name of a C++ type ("catslab::Ping" -> "Ping").
std::string shortTypeName(const char* mangled);

class Event {
 public:
  virtual ~Event() = default;
  static TypeId staticTypeId();
  virtual TypeId typeId() const { return staticTypeId(); }
  std::string typeName() const { return EventTypes::name(typeId()); }
  // A short human summary used by traces and the GUI's event log.
  virtual std::string describe() const { return typeName(); }

 protected:
  Event() = default;
  Event(const Event&) = default;
  Event& operator=(const Event&) = default;
};

template <class Self, class Parent = Event>
class EventOf : public Parent {
 public:
  using Parent::Parent;
  using Base = EventOf;
  static TypeId staticTypeId() {
    static const TypeId id =
        EventTypes::add(shortTypeName(typeid(Self).name()), Parent::staticTypeId());
    return id;
  }
  TypeId typeId() const override { return staticTypeId(); }
};

template <class E>
concept EventType = std::is_base_of_v<Event, E>;

using EventPtr = std::shared_ptr<const Event>;

}  // namespace catslab::runtime
