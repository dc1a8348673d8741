// The replicated state machine abstraction: clients submit commands; every
// replica applies the same commands in the same order; the replica a client
// talks to answers with the result of applying its command.
//
// Requests:    Execute(id, command), Describe(id) — this replica's local view
// Indications: Executed(id, result), Described(id, lines)
// Properties:  safety — all replicas apply the same sequence of commands
//              (prefixes of one sequence at any time); liveness — with a
//              correct majority, every command of a correct client is executed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/port_type.h"

namespace catslab::protocols {

struct Execute : runtime::EventOf<Execute> {
  Execute(std::uint64_t i, std::string c) : id(i), command(std::move(c)) {}
  std::uint64_t id;
  std::string command;
};

struct Executed : runtime::EventOf<Executed> {
  Executed(std::uint64_t i, std::string r) : id(i), result(std::move(r)) {}
  std::uint64_t id;
  std::string result;
};

// Local, unordered look at this replica (its map, or its log with what="log").
struct Describe : runtime::EventOf<Describe> {
  Describe(std::uint64_t i, std::string w) : id(i), what(std::move(w)) {}
  std::uint64_t id;
  std::string what;  // "state" or "log"
};

struct Described : runtime::EventOf<Described> {
  Described(std::uint64_t i, std::vector<std::string> l) : id(i), lines(std::move(l)) {}
  std::uint64_t id;
  std::vector<std::string> lines;
};

struct ReplicatedStateMachine : runtime::PortType<runtime::Requests<Execute, Describe>,
                                                  runtime::Indications<Executed, Described>> {};

}  // namespace catslab::protocols
