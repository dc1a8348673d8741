// The Network port every stack uses. Messages carry a header (source and
// destination Address); indications also carry NetworkStatus (peer up or
// down). Implementations: Asio TCP (runtime/net), the emulated network of
// the simulator and stress profile (runtime/sim), and link emulation on top
// of TCP. A message is a value: fields set in the constructor, never changed.
//
// Messages that cross a real wire must be registered with the serializer
// registry of runtime/net; in simulation they are passed as they are.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "runtime/channel.h"
#include "runtime/port_type.h"

namespace catslab::runtime {

struct Address {
  std::string id;  // node id from the topology, e.g. "n1"; unique
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;

  // Stable 64-bit key of the node id, used by channel selectors.
  std::uint64_t key() const;
  std::string toString() const;  // "n1@127.0.0.1:7001"
  bool operator==(const Address& o) const { return id == o.id; }
  bool operator<(const Address& o) const { return id < o.id; }
};

std::uint64_t nodeKey(const std::string& id);

enum class Transport : std::uint8_t { Tcp, Udp };

struct Message : EventOf<Message> {
  Message(Address src, Address dst, Transport t = Transport::Tcp)
      : source(std::move(src)), destination(std::move(dst)), transport(t) {}
  Address source;
  Address destination;
  Transport transport;
};

struct NetworkStatus : EventOf<NetworkStatus> {
  NetworkStatus(Address p, bool isUp, std::string why = {})
      : peer(std::move(p)), up(isUp), reason(std::move(why)) {}
  Address peer;
  bool up;
  std::string reason;
};

struct Network : PortType<Requests<Message>, Indications<Message, NetworkStatus>> {};

// Selector for one network provider serving many nodes: a Message
// indication goes only to the channel whose key is nodeKey(destination.id).
// Other indications (NetworkStatus) go to every node.
const std::shared_ptr<const ChannelSelector>& byDestination();

}  // namespace catslab::runtime

template <>
struct std::hash<catslab::runtime::Address> {
  std::size_t operator()(const catslab::runtime::Address& a) const noexcept { return a.key(); }
};
