// The Console port: how people and scripts talk to a node's application.
// catslab-node turns each stdin line into a ConsoleCommand; the simulator
// delivers scenario client requests the same way; the GUI's console tabs
// send them over the node's stdin. The stack answers with ConsoleOutput
// lines (each line is what a person reads). A command the stack does not
// know gets one error line: "error: unknown command 'x' (try 'help')".
#pragma once

#include <cstdint>
#include <string>

#include "runtime/port_type.h"

namespace catslab::runtime {

struct ConsoleCommand : EventOf<ConsoleCommand> {
  explicit ConsoleCommand(std::string l, std::uint64_t i = 0) : line(std::move(l)), id(i) {}
  std::string line;  // the whole command line, e.g. "ping n2"
  std::uint64_t id;  // echoed in replies, 0 if the sender does not care
};

struct ConsoleOutput : EventOf<ConsoleOutput> {
  ConsoleOutput(std::string t, bool err = false, std::uint64_t i = 0)
      : text(std::move(t)), error(err), id(i) {}
  std::string text;
  bool error;
  std::uint64_t id;  // the command this answers, or 0 for unsolicited output
};

struct Console : PortType<Requests<ConsoleCommand>, Indications<ConsoleOutput>> {};

}  // namespace catslab::runtime
