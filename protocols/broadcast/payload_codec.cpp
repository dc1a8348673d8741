#include "protocols/broadcast/payload_codec.h"

#include <map>
#include <mutex>
#include <stdexcept>

namespace catslab::protocols {

namespace {

struct Registry {
  std::mutex mutex;
  std::map<std::string, PayloadCodec, std::less<>> byName;
  std::map<runtime::TypeId, const PayloadCodec*> byType;
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void PayloadCodecs::add(PayloadCodec codec) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  const auto type = codec.typeId;
  auto [it, inserted] = r.byName.insert_or_assign(codec.name, std::move(codec));
  r.byType[type] = &it->second;
}

void encodePayload(const Payload& payload, FieldWriter& out) {
  const PayloadCodec* codec = nullptr;
  {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    auto it = r.byType.find(payload.typeId());
    if (it != r.byType.end()) codec = it->second;
  }
  if (!codec) throw std::logic_error("no payload codec for " + payload.typeName());
  out.str(codec->name);
  codec->encode(payload, out);
}

runtime::Result<PayloadPtr> decodePayload(FieldReader& in) {
  std::string name;
  if (!in.str(name)) return runtime::Result<PayloadPtr>::failure("truncated payload name");
  const PayloadCodec* codec = nullptr;
  {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    auto it = r.byName.find(name);
    if (it != r.byName.end()) codec = &it->second;
  }
  if (!codec) return runtime::Result<PayloadPtr>::failure("unknown payload type '" + name + "'");
  return codec->decode(in);
}

}  // namespace catslab::protocols
