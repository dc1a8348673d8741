#include "runtime/stack_registry.h"

#include <mutex>

namespace catslab::runtime {
namespace {

struct Stacks {
  std::mutex mutex;
  std::map<std::string, StackInfo> byName;
};

Stacks& stacks() {
  static Stacks s;
  return s;
}

}  // namespace

void StackRegistry::add(StackInfo info) {
  Stacks& s = stacks();
  std::lock_guard lock(s.mutex);
  s.byName[info.name] = std::move(info);
}

const StackInfo* StackRegistry::find(const std::string& name) {
  Stacks& s = stacks();
  std::lock_guard lock(s.mutex);
  auto it = s.byName.find(name);
  return it == s.byName.end() ? nullptr : &it->second;
}

std::vector<std::string> StackRegistry::names() {
  Stacks& s = stacks();
  std::lock_guard lock(s.mutex);
  std::vector<std::string> out;
  for (const auto& [name, info] : s.byName) out.push_back(name);
  return out;
}

}  // namespace catslab::runtime
