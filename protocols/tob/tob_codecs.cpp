// Wire codec of total-order broadcast's payload (carried by reliable broadcast):
// origin, the origin's incarnation, sequence number, text. A truncated payload
// decodes to null, which the registry reports as "malformed payload tob.Message".
#include "protocols/broadcast/payload_codec.h"
#include "protocols/tob/consensus_tob.h"

namespace catslab::protocols {
namespace {

const PayloadCodecs::Registration kTobMessage = payloadCodec<TobMessage>(
    "tob.Message",
    [](const TobMessage& p, FieldWriter& out) {
      out.str(p.origin).u64(p.incarnation).u64(p.seq).str(p.text);
    },
    [](FieldReader& in) -> std::shared_ptr<const TobMessage> {
      std::string origin, text;
      std::uint64_t incarnation = 0;
      std::uint64_t seq = 0;
      if (!in.str(origin) || !in.u64(incarnation) || !in.u64(seq) || !in.str(text)) return nullptr;
      return std::make_shared<const TobMessage>(std::move(origin), incarnation, seq,
                                                std::move(text));
    });

}  // namespace
}  // namespace catslab::protocols
