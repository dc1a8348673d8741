#include <cxxabi.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "runtime/event.h"

namespace catslab::runtime {
namespace {

struct TypeInfo {
  std::string name;
  TypeId parent;
  int depth;
};

struct Registry {
  std::mutex mutex;
  std::vector<TypeInfo> types{{"Event", 0, 0}};
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

TypeId Event::staticTypeId() { return 0; }

TypeId EventTypes::add(const std::string& name, TypeId parent) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  if (parent >= r.types.size()) throw std::logic_error("event parent type not registered");
  const int depth = r.types[parent].depth + 1;
  r.types.push_back({name, parent, depth});
  return static_cast<TypeId>(r.types.size() - 1);
}

bool EventTypes::isSubtype(TypeId derived, TypeId base) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  if (derived >= r.types.size() || base >= r.types.size()) return false;
  // Walk up from derived only as far as base's depth: the hierarchy is a tree.
  const int baseDepth = r.types[base].depth;
  TypeId t = derived;
  while (r.types[t].depth > baseDepth) t = r.types[t].parent;
  return t == base;
}

TypeId EventTypes::parentOf(TypeId type) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  return type < r.types.size() ? r.types[type].parent : 0;
}

std::string EventTypes::name(TypeId type) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  return type < r.types.size() ? r.types[type].name : std::string("?");
}

std::size_t EventTypes::count() {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  return r.types.size();
}

std::string shortTypeName(const char* mangled) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> demangled(
      abi::__cxa_demangle(mangled, nullptr, nullptr, &status), std::free);
  std::string full = status == 0 && demangled ? demangled.get() : mangled;
  // Drop namespaces but keep template arguments readable.
  const auto templ = full.find('<');
  const auto head = full.substr(0, templ);
  const auto colon = head.rfind("::");
  return colon == std::string::npos ? full : full.substr(colon + 2);
}

}  // namespace catslab::runtime
