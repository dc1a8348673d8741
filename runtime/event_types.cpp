#include <cxxabi.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "runtime/event.h"

namespace catslab::runtime {
namespace {

// isSubtype runs on every delivery from every worker, so lineage is read
// without a lock: entries live in a fixed array, are written once under the
// mutex and published by bumping `published` (release); readers only look
// at entries below the count they acquired.
constexpr std::size_t kMaxTypes = 1 << 14;

struct Lineage {
  TypeId parent;
  int depth;
};

struct Registry {
  std::mutex mutex;  // serialises add() and guards names
  std::vector<std::string> names{"Event"};
  std::array<Lineage, kMaxTypes> lineage{};  // [0] is Event: parent 0, depth 0
  std::atomic<std::size_t> published{1};
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
  const std::size_t n = r.published.load(std::memory_order_relaxed);
  if (parent >= n) throw std::logic_error("event parent type not registered");
  if (n == kMaxTypes) throw std::logic_error("too many event types");
  r.lineage[n] = {parent, r.lineage[parent].depth + 1};
  r.names.push_back(name);
  r.published.store(n + 1, std::memory_order_release);
  return static_cast<TypeId>(n);
}

bool EventTypes::isSubtype(TypeId derived, TypeId base) {
  const Registry& r = registry();
  const std::size_t n = r.published.load(std::memory_order_acquire);
  if (derived >= n || base >= n) return false;
  // Walk up from derived only as far as base's depth: the hierarchy is a tree.
  const int baseDepth = r.lineage[base].depth;
  TypeId t = derived;
  while (r.lineage[t].depth > baseDepth) t = r.lineage[t].parent;
  return t == base;
}

TypeId EventTypes::parentOf(TypeId type) {
  const Registry& r = registry();
  return type < r.published.load(std::memory_order_acquire) ? r.lineage[type].parent : 0;
}

std::string EventTypes::name(TypeId type) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  return type < r.names.size() ? r.names[type] : std::string("?");
}

std::size_t EventTypes::count() { return registry().published.load(std::memory_order_acquire); }

namespace {

std::string demangleShort(const char* mangled) {
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

}  // namespace

// Called several times per component created (its name, type name and each
// port's type), and demangling dominated creation time, so results are cached.
std::string shortTypeName(const char* mangled) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::string> cache;
  std::lock_guard lock(mutex);
  auto [it, added] = cache.try_emplace(mangled);
  if (added) it->second = demangleShort(mangled);
  return it->second;
}

}  // namespace catslab::runtime
