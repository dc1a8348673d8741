// Wire codecs of the perfect-links layer. "pl.Data" carries the inner
// message as (codec name, bytes) written by the inner message's own codec
// from the serializer registry, so any registered message can ride in it;
// the inner message gets the envelope's source and destination back.
// "pl.Ack" is two numbers.
#include <stdexcept>

#include "protocols/broadcast/perfect_links.h"
#include "protocols/common/fields.h"
#include "protocols/common/net_codec.h"
#include "runtime/serializer.h"

namespace catslab::protocols {
namespace {

const runtime::Serializers::Registration kPlData = runtime::codecFor<PlData>(
    "pl.Data",
    [](const PlData& m) {
      const runtime::MessageCodec* codec = runtime::Serializers::find(m.inner->typeId());
      if (!codec) {
        // A programming error, like sending an unregistered message over TCP.
        throw std::logic_error("perfect links: message type " + m.inner->typeName() +
                               " has no wire codec");
      }
      FieldWriter out;
      out.u64(m.incarnation).u64(m.seq).u64(m.floor).str(codec->name).str(codec->encode(*m.inner));
      return out.take();
    },
    [](runtime::Address src, runtime::Address dst,
       std::string_view bytes) -> runtime::DecodeResult<PlData> {
      FieldReader in(bytes);
      std::uint64_t incarnation = 0;
      std::uint64_t seq = 0;
      std::uint64_t floor = 0;
      std::string name;
      std::string inner;
      if (!in.u64(incarnation) || !in.u64(seq) || !in.u64(floor) || !in.str(name) ||
          !in.str(inner) || !in.atEnd()) {
        return runtime::DecodeResult<PlData>::failure("malformed pl.Data envelope");
      }
      const runtime::MessageCodec* codec = runtime::Serializers::find(name);
      if (!codec) {
        return runtime::DecodeResult<PlData>::failure("pl.Data carries unknown message type '" +
                                                      name + "'");
      }
      auto message = codec->decode(src, dst, inner);
      if (!message) {
        return runtime::DecodeResult<PlData>::failure("pl.Data inner " + name + ": " +
                                                      message.error());
      }
      return std::make_shared<const PlData>(std::move(src), std::move(dst), incarnation, seq, floor,
                                            std::move(*message));
    });

const runtime::Serializers::Registration kPlAck = fieldCodec<PlAck>(
    "pl.Ack", [](const PlAck& m, FieldWriter& out) { out.u64(m.incarnation).u64(m.seq); },
    [](runtime::Address src, runtime::Address dst,
       FieldReader& in) -> std::shared_ptr<const PlAck> {
      std::uint64_t incarnation = 0;
      std::uint64_t seq = 0;
      if (!in.u64(incarnation) || !in.u64(seq)) return nullptr;
      return std::make_shared<const PlAck>(std::move(src), std::move(dst), incarnation, seq);
    });

}  // namespace
}  // namespace catslab::protocols
