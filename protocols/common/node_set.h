// Helpers shared by the part-A protocols (fd, omega, broadcast, paxos, abd,
// tob, rsm): the static membership a stack is built with, majorities, and
// small printing helpers for inspect() and consoles. Pure functions.
#pragma once

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "runtime/network.h"
#include "runtime/stack_registry.h"

namespace catslab::protocols {

// Every process of a static group: self plus peers, sorted by id, no duplicates.
// A process's rank is its index in this list (used to break ballot ties).
inline std::vector<runtime::Address> allNodes(const runtime::Address& self,
                                              const std::vector<runtime::Address>& peers) {
  std::vector<runtime::Address> all = peers;
  all.push_back(self);
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

inline std::vector<runtime::Address> allNodes(const runtime::StackContext& context) {
  return allNodes(context.self, context.peers);
}

inline int rankOf(const std::vector<runtime::Address>& all, const runtime::Address& node) {
  auto it = std::find(all.begin(), all.end(), node);
  return it == all.end() ? -1 : static_cast<int>(it - all.begin());
}

// Smallest number of processes that any two quorums share at least one of.
inline std::size_t majority(std::size_t n) { return n / 2 + 1; }

inline std::string joinIds(const std::set<std::string>& ids) {
  std::string out = "[";
  for (const auto& id : ids) {
    if (out.size() > 1) out += ", ";
    out += id;
  }
  return out + "]";
}

}  // namespace catslab::protocols
