// Gossip's wire messages: pushed rumours, and the digest exchange of the
// push-pull (anti-entropy) rounds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/network.h"

namespace catslab::protocols::gossip {

using runtime::Address;

struct RumourId {
  std::string origin;
  std::uint64_t seq = 0;
  auto operator<=>(const RumourId&) const = default;
};

struct RumourData {
  RumourId id;
  std::string text;
};

// A pushed rumour; the receiver forwards it while ttl > 0.
struct Rumour : runtime::EventOf<Rumour, runtime::Message> {
  Rumour(Address src, Address dst, RumourData r, std::uint32_t t)
      : Base(std::move(src), std::move(dst)), rumour(std::move(r)), ttl(t) {}
  RumourData rumour;
  std::uint32_t ttl;
};

// Pull round: "these are the rumours I have".
struct Digest : runtime::EventOf<Digest, runtime::Message> {
  Digest(Address src, Address dst, std::vector<RumourId> k)
      : Base(std::move(src), std::move(dst)), known(std::move(k)) {}
  std::vector<RumourId> known;
};

// Answer to a Digest: the rumours the asker lacks, and what the answerer
// has, so the asker can push back what the answerer lacks.
struct DigestReply : runtime::EventOf<DigestReply, runtime::Message> {
  DigestReply(Address src, Address dst, std::vector<RumourData> m, std::vector<RumourId> k)
      : Base(std::move(src), std::move(dst)), missing(std::move(m)), known(std::move(k)) {}
  std::vector<RumourData> missing;
  std::vector<RumourId> known;
};

}  // namespace catslab::protocols::gossip
