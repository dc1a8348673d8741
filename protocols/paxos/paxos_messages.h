// Paxos's wire vocabulary. Prepare and Accept go to all acceptors through
// best-effort broadcast, Decided through reliable broadcast (payloads); the
// answers go point-to-point (network messages). A ballot is (round, rank):
// rounds order ballots, the proposer's rank makes them unique.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>

#include "protocols/broadcast/payload.h"
#include "runtime/network.h"

namespace catslab::protocols {

struct Ballot {
  std::uint64_t round = 0;  // 0: no ballot yet
  int rank = -1;
  auto operator<=>(const Ballot&) const = default;
  std::string toString() const {
    return round == 0 ? "-" : std::to_string(round) + "." + std::to_string(rank);
  }
};

struct PaxosPrepare : runtime::EventOf<PaxosPrepare, Payload> {
  PaxosPrepare(std::uint64_t i, Ballot b) : instance(i), ballot(b) {}
  std::uint64_t instance;
  Ballot ballot;
};

struct PaxosAccept : runtime::EventOf<PaxosAccept, Payload> {
  PaxosAccept(std::uint64_t i, Ballot b, std::string v)
      : instance(i), ballot(b), value(std::move(v)) {}
  std::uint64_t instance;
  Ballot ballot;
  std::string value;
};

struct PaxosDecided : runtime::EventOf<PaxosDecided, Payload> {
  PaxosDecided(std::uint64_t i, std::string v) : instance(i), value(std::move(v)) {}
  std::uint64_t instance;
  std::string value;
};

struct PaxosPromise : runtime::EventOf<PaxosPromise, runtime::Message> {
  PaxosPromise(runtime::Address s, runtime::Address d, std::uint64_t i, Ballot b, Ballot ab,
               std::optional<std::string> av)
      : Base(std::move(s), std::move(d)),
        instance(i),
        ballot(b),
        acceptedBallot(ab),
        acceptedValue(std::move(av)) {}
  std::uint64_t instance;
  Ballot ballot;
  Ballot acceptedBallot;
  std::optional<std::string> acceptedValue;
};

struct PaxosAccepted : runtime::EventOf<PaxosAccepted, runtime::Message> {
  PaxosAccepted(runtime::Address s, runtime::Address d, std::uint64_t i, Ballot b)
      : Base(std::move(s), std::move(d)), instance(i), ballot(b) {}
  std::uint64_t instance;
  Ballot ballot;
};

// "I promised (or accepted) a higher ballot": the proposer must move on.
struct PaxosNack : runtime::EventOf<PaxosNack, runtime::Message> {
  PaxosNack(runtime::Address s, runtime::Address d, std::uint64_t i, Ballot b, Ballot p)
      : Base(std::move(s), std::move(d)), instance(i), ballot(b), promised(p) {}
  std::uint64_t instance;
  Ballot ballot;
  Ballot promised;
};

// A non-leader hands its proposal to the process it trusts as leader.
struct PaxosForward : runtime::EventOf<PaxosForward, runtime::Message> {
  PaxosForward(runtime::Address s, runtime::Address d, std::uint64_t i, std::string v)
      : Base(std::move(s), std::move(d)), instance(i), value(std::move(v)) {}
  std::uint64_t instance;
  std::string value;
};

// The answer to a Forward for an instance that is already decided.
struct PaxosDecidedNotice : runtime::EventOf<PaxosDecidedNotice, runtime::Message> {
  PaxosDecidedNotice(runtime::Address s, runtime::Address d, std::uint64_t i, std::string v)
      : Base(std::move(s), std::move(d)), instance(i), value(std::move(v)) {}
  std::uint64_t instance;
  std::string value;
};

}  // namespace catslab::protocols
