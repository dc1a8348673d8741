// The Gossip port: epidemic dissemination of rumours to every node.
//
//   request    Gossip{text}                -> spread text to everyone
//   indication Delivered{origin, seq, text} -> a rumour arrived (once per rumour)
#pragma once

#include <cstdint>
#include <string>

#include "runtime/port_type.h"

namespace catslab::protocols::gossip {

struct Gossip : runtime::EventOf<Gossip> {
  explicit Gossip(std::string t) : text(std::move(t)) {}
  std::string text;
};

struct Delivered : runtime::EventOf<Delivered> {
  Delivered(std::string o, std::uint64_t s, std::string t)
      : origin(std::move(o)), seq(s), text(std::move(t)) {}
  std::string origin;  // node id of the rumour's source
  std::uint64_t seq;   // the source's sequence number; (origin, seq) names the rumour
  std::string text;
};

struct GossipPort : runtime::PortType<runtime::Requests<Gossip>, runtime::Indications<Delivered>> {
};

}  // namespace catslab::protocols::gossip
