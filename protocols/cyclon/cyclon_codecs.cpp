// Wire codecs of Cyclon's messages ("cyclon.*"), for real TCP.
#include "protocols/chord/address_fields.h"
#include "protocols/common/net_codec.h"
#include "protocols/cyclon/cyclon_messages.h"

namespace catslab::protocols::cyclon {
namespace {

void writeEntries(FieldWriter& out, const std::vector<Descriptor>& entries) {
  out.u64(entries.size());
  for (const auto& e : entries) {
    writeAddress(out, e.address);
    out.u64(e.age);
  }
}

bool readEntries(FieldReader& in, std::vector<Descriptor>& entries) {
  std::uint64_t n = 0;
  if (!in.u64(n) || n > in.rest().size()) return false;
  entries.resize(n);
  for (auto& e : entries) {
    std::uint64_t age = 0;
    if (!readAddress(in, e.address) || !in.u64(age) || age > 0xffffffffULL) return false;
    e.age = static_cast<std::uint32_t>(age);
  }
  return true;
}

template <class M>
runtime::MessageCodec shuffleCodec(std::string name) {
  return fieldCodec<M>(
      std::move(name), [](const M& m, FieldWriter& out) { writeEntries(out, m.entries); },
      [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const M> {
        std::vector<Descriptor> entries;
        if (!readEntries(in, entries)) return nullptr;
        return std::make_shared<const M>(std::move(s), std::move(d), std::move(entries));
      });
}

const runtime::Serializers::Registration kRequest =
    shuffleCodec<ShuffleRequest>("cyclon.ShuffleRequest");
const runtime::Serializers::Registration kReply = shuffleCodec<ShuffleReply>("cyclon.ShuffleReply");

}  // namespace
}  // namespace catslab::protocols::cyclon
