// Wire codecs of ABD: the payloads Query and Impose (broadcast) and the
// messages QueryReply and ImposeAck.
#include "protocols/abd/abd.h"
#include "protocols/broadcast/payload_codec.h"
#include "protocols/common/net_codec.h"

namespace catslab::protocols {
namespace {

using runtime::Address;

const PayloadCodecs::Registration kQuery = payloadCodec<AbdQuery>(
    "abd.Query", [](const AbdQuery& p, FieldWriter& out) { out.u64(p.rid); },
    [](FieldReader& in) -> std::shared_ptr<const AbdQuery> {
      std::uint64_t rid = 0;
      if (!in.u64(rid)) return nullptr;
      return std::make_shared<const AbdQuery>(rid);
    });

const PayloadCodecs::Registration kImpose = payloadCodec<AbdImpose>(
    "abd.Impose",
    [](const AbdImpose& p, FieldWriter& out) { out.u64(p.rid).u64(p.ts).i64(p.wr).str(p.value); },
    [](FieldReader& in) -> std::shared_ptr<const AbdImpose> {
      std::uint64_t rid = 0, ts = 0;
      std::int64_t wr = 0;
      std::string value;
      if (!in.u64(rid) || !in.u64(ts) || !in.i64(wr) || !in.str(value)) return nullptr;
      return std::make_shared<const AbdImpose>(rid, ts, static_cast<int>(wr), std::move(value));
    });

const runtime::Serializers::Registration kQueryReply = fieldCodec<AbdQueryReply>(
    "abd.QueryReply",
    [](const AbdQueryReply& m, FieldWriter& out) {
      out.u64(m.rid).u64(m.ts).i64(m.wr).str(m.value);
    },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const AbdQueryReply> {
      std::uint64_t rid = 0, ts = 0;
      std::int64_t wr = 0;
      std::string value;
      if (!in.u64(rid) || !in.u64(ts) || !in.i64(wr) || !in.str(value)) return nullptr;
      return std::make_shared<const AbdQueryReply>(std::move(s), std::move(d), rid, ts,
                                                   static_cast<int>(wr), std::move(value));
    });

const runtime::Serializers::Registration kImposeAck = fieldCodec<AbdImposeAck>(
    "abd.ImposeAck", [](const AbdImposeAck& m, FieldWriter& out) { out.u64(m.rid); },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const AbdImposeAck> {
      std::uint64_t rid = 0;
      if (!in.u64(rid)) return nullptr;
      return std::make_shared<const AbdImposeAck>(std::move(s), std::move(d), rid);
    });

}  // namespace
}  // namespace catslab::protocols
