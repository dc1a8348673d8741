// Wire codecs of the gossip messages ("gossip.*"), for real TCP.
#include "protocols/common/net_codec.h"
#include "protocols/gossip/gossip_messages.h"

namespace catslab::protocols::gossip {
namespace {

void writeId(FieldWriter& out, const RumourId& id) { out.str(id.origin).u64(id.seq); }
bool readId(FieldReader& in, RumourId& id) { return in.str(id.origin) && in.u64(id.seq); }

void writeIds(FieldWriter& out, const std::vector<RumourId>& ids) {
  out.u64(ids.size());
  for (const auto& id : ids) writeId(out, id);
}
bool readIds(FieldReader& in, std::vector<RumourId>& ids) {
  std::uint64_t n = 0;
  if (!in.u64(n) || n > in.rest().size()) return false;
  ids.resize(n);
  for (auto& id : ids) {
    if (!readId(in, id)) return false;
  }
  return true;
}

const runtime::Serializers::Registration kRumour = fieldCodec<Rumour>(
    "gossip.Rumour",
    [](const Rumour& m, FieldWriter& out) {
      writeId(out, m.rumour.id);
      out.str(m.rumour.text).u64(m.ttl);
    },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const Rumour> {
      RumourData r;
      std::uint64_t ttl = 0;
      if (!readId(in, r.id) || !in.str(r.text) || !in.u64(ttl) || ttl > 1000) return nullptr;
      return std::make_shared<const Rumour>(std::move(s), std::move(d), std::move(r),
                                            static_cast<std::uint32_t>(ttl));
    });

const runtime::Serializers::Registration kDigest = fieldCodec<Digest>(
    "gossip.Digest", [](const Digest& m, FieldWriter& out) { writeIds(out, m.known); },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const Digest> {
      std::vector<RumourId> ids;
      if (!readIds(in, ids)) return nullptr;
      return std::make_shared<const Digest>(std::move(s), std::move(d), std::move(ids));
    });

const runtime::Serializers::Registration kDigestReply = fieldCodec<DigestReply>(
    "gossip.DigestReply",
    [](const DigestReply& m, FieldWriter& out) {
      out.u64(m.missing.size());
      for (const auto& r : m.missing) {
        writeId(out, r.id);
        out.str(r.text);
      }
      writeIds(out, m.known);
    },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const DigestReply> {
      std::uint64_t n = 0;
      if (!in.u64(n) || n > in.rest().size()) return nullptr;
      std::vector<RumourData> missing(n);
      for (auto& r : missing) {
        if (!readId(in, r.id) || !in.str(r.text)) return nullptr;
      }
      std::vector<RumourId> known;
      if (!readIds(in, known)) return nullptr;
      return std::make_shared<const DigestReply>(std::move(s), std::move(d), std::move(missing),
                                                 std::move(known));
    });

}  // namespace
}  // namespace catslab::protocols::gossip
