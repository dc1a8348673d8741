#include "protocols/rsm/kv_state_machine.h"

#include <sstream>
#include <vector>

namespace catslab::protocols {

namespace {

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

}  // namespace

bool KvStateMachine::validCommand(const std::string& command, std::string* why) {
  const auto w = words(command);
  const auto fail = [why](const std::string& reason) {
    if (why) *why = reason;
    return false;
  };
  if (w.empty()) return fail("empty command");
  if (w[0] == "put") return w.size() >= 3 ? true : fail("usage: put <key> <value>");
  if (w[0] == "get" || w[0] == "del" || w[0] == "incr") {
    return w.size() == 2 ? true : fail("usage: " + w[0] + " <key>");
  }
  return fail("unknown operation '" + w[0] + "'");
}

std::string KvStateMachine::apply(const std::string& command) {
  std::string why;
  if (!validCommand(command, &why)) return "error: " + why;
  const auto w = words(command);
  const std::string& key = w[1];
  if (w[0] == "put") {
    const auto start = command.find(w[2], command.find(key) + key.size());
    data_[key] = command.substr(start);
    return "ok";
  }
  if (w[0] == "get") {
    auto it = data_.find(key);
    return it == data_.end() ? "(nil)" : it->second;
  }
  if (w[0] == "del") return data_.erase(key) ? "ok" : "(nil)";
  // incr: a missing or non-numeric value counts as 0.
  long long value = 0;
  auto it = data_.find(key);
  if (it != data_.end()) {
    try {
      value = std::stoll(it->second);
    } catch (const std::exception&) {
      value = 0;
    }
  }
  data_[key] = std::to_string(value + 1);
  return data_[key];
}

std::uint64_t KvStateMachine::digest() const {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  const auto mix = [&h](const std::string& s) {
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
    h = (h ^ 0xff) * 0x100000001b3ULL;
  };
  for (const auto& [k, v] : data_) {
    mix(k);
    mix(v);
  }
  return h;
}

}  // namespace catslab::protocols
