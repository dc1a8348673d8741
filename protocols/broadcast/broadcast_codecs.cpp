// Wire codecs of the broadcast layer: BebData (a network message carrying any
// registered payload) and the payloads TextPayload, RbData and UrbData.
#include "protocols/broadcast/basic_broadcast.h"
#include "protocols/broadcast/eager_reliable_broadcast.h"
#include "protocols/broadcast/majority_ack_urb.h"
#include "protocols/broadcast/payload_codec.h"
#include "protocols/common/net_codec.h"

namespace catslab::protocols {
namespace {

const runtime::Serializers::Registration kBebData = fieldCodec<BebData>(
    "beb.BebData", [](const BebData& m, FieldWriter& out) { encodePayload(*m.payload, out); },
    [](runtime::Address s, runtime::Address d, FieldReader& in) -> std::shared_ptr<const BebData> {
      auto payload = decodePayload(in);
      if (!payload) return nullptr;
      return std::make_shared<const BebData>(std::move(s), std::move(d), *payload);
    });

const PayloadCodecs::Registration kText = payloadCodec<TextPayload>(
    "broadcast.Text", [](const TextPayload& p, FieldWriter& out) { out.str(p.text); },
    [](FieldReader& in) -> std::shared_ptr<const TextPayload> {
      std::string text;
      if (!in.str(text)) return nullptr;
      return std::make_shared<const TextPayload>(std::move(text));
    });

// RbData and UrbData share a shape: origin, the origin's incarnation,
// sequence number, inner payload. Truncated or out-of-range fields decode to
// null, which the registry reports as "malformed payload <name>".
template <class P>
PayloadCodec envelopeCodec(std::string name) {
  return payloadCodec<P>(
      std::move(name),
      [](const P& p, FieldWriter& out) {
        out.str(p.origin.id).str(p.origin.host).u64(p.origin.port).u64(p.incarnation).u64(p.seq);
        encodePayload(*p.payload, out);
      },
      [](FieldReader& in) -> std::shared_ptr<const P> {
        runtime::Address origin;
        std::uint64_t port = 0;
        std::uint64_t incarnation = 0;
        std::uint64_t seq = 0;
        if (!in.str(origin.id) || !in.str(origin.host) || !in.u64(port) || port > 65535 ||
            !in.u64(incarnation) || !in.u64(seq)) {
          return nullptr;
        }
        origin.port = static_cast<std::uint16_t>(port);
        auto inner = decodePayload(in);
        if (!inner) return nullptr;
        return std::make_shared<const P>(std::move(origin), incarnation, seq, *inner);
      });
}

const PayloadCodecs::Registration kRbData = envelopeCodec<RbData>("rb.RbData");
const PayloadCodecs::Registration kUrbData = envelopeCodec<UrbData>("urb.UrbData");

}  // namespace
}  // namespace catslab::protocols
