// Splits a console line into a verb and arguments. The stacks' consoles use
// it so that every part-A stack parses commands the same way. Pure.
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace catslab::protocols {

struct CommandLine {
  std::string verb;               // first word, e.g. "propose"
  std::vector<std::string> args;  // the remaining words
  std::string rest;               // everything after the verb, trimmed
};

inline CommandLine parseCommandLine(const std::string& line) {
  CommandLine cmd;
  std::istringstream in(line);
  in >> cmd.verb;
  std::string word;
  while (in >> word) cmd.args.push_back(word);
  const auto start = line.find_first_not_of(" \t", line.find(cmd.verb) + cmd.verb.size());
  if (start != std::string::npos) {
    const auto end = line.find_last_not_of(" \t\r\n");
    cmd.rest = line.substr(start, end - start + 1);
  }
  return cmd;
}

inline std::string unknownCommand(const std::string& verb) {
  return "error: unknown command '" + verb + "' (try 'help')";
}

}  // namespace catslab::protocols
