#include "runtime/serializer.h"

#include <algorithm>
#include <map>
#include <shared_mutex>
#include <stdexcept>
#include <unordered_map>

namespace catslab::runtime {
namespace {

// Codecs are held by unique_ptr so pointers handed out by find() survive
// rehashing; a replaced codec is kept alive in `retired` for the same reason.
struct Registry {
  std::shared_mutex mutex;
  std::unordered_map<TypeId, MessageCodec*> byType;
  std::map<std::string, std::unique_ptr<MessageCodec>, std::less<>> byName;
  std::vector<std::unique_ptr<MessageCodec>> retired;
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void Serializers::add(MessageCodec codec) {
  if (codec.name.empty()) throw std::logic_error("message codec without a name");
  if (!codec.encode || !codec.decode) {
    throw std::logic_error("message codec '" + codec.name + "' lacks encode or decode");
  }
  Registry& r = registry();
  std::unique_lock lock(r.mutex);
  auto named = r.byName.find(codec.name);
  auto typed = r.byType.find(codec.typeId);
  const bool sameEntry =
      named != r.byName.end() && typed != r.byType.end() && typed->second == named->second.get();
  if (!sameEntry && (named != r.byName.end() || typed != r.byType.end())) {
    throw std::logic_error("message codec '" + codec.name + "' (type " +
                           runtime::EventTypes::name(codec.typeId) +
                           ") clashes with a codec already registered: " +
                           (named != r.byName.end() ? "same name" : "same message type"));
  }
  auto owned = std::make_unique<MessageCodec>(std::move(codec));
  MessageCodec* raw = owned.get();
  if (sameEntry) {
    r.retired.push_back(std::move(named->second));
    named->second = std::move(owned);
  } else {
    r.byName.emplace(raw->name, std::move(owned));
  }
  r.byType[raw->typeId] = raw;
}

const MessageCodec* Serializers::find(TypeId type) {
  Registry& r = registry();
  std::shared_lock lock(r.mutex);
  auto it = r.byType.find(type);
  return it == r.byType.end() ? nullptr : it->second;
}

const MessageCodec* Serializers::find(std::string_view name) {
  Registry& r = registry();
  std::shared_lock lock(r.mutex);
  auto it = r.byName.find(name);
  return it == r.byName.end() ? nullptr : it->second.get();
}

std::vector<std::string> Serializers::names() {
  Registry& r = registry();
  std::shared_lock lock(r.mutex);
  std::vector<std::string> out;
  out.reserve(r.byName.size());
  for (const auto& [name, codec] : r.byName) out.push_back(name);
  return out;
}

}  // namespace catslab::runtime
