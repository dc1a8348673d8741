// Wire codecs of the one-hop router's messages ("onehop.*"), for real TCP.
#include "protocols/chord/address_fields.h"
#include "protocols/common/net_codec.h"
#include "protocols/onehop/onehop_messages.h"

namespace catslab::protocols::onehop {
namespace {

const runtime::Serializers::Registration kExchange = fieldCodec<MembershipExchange>(
    "onehop.MembershipExchange",
    [](const MembershipExchange& m, FieldWriter& out) {
      out.flag(m.wantReply).u64(m.members.size());
      for (const auto& r : m.members) {
        writeAddress(out, r.address);
        out.u64(r.incarnation).u64(r.heartbeat).u64(r.age);
      }
    },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const MembershipExchange> {
      bool reply = false;
      std::uint64_t n = 0;
      if (!in.flag(reply) || !in.u64(n) || n > in.rest().size()) return nullptr;
      std::vector<MemberRecord> members(n);
      for (auto& r : members) {
        std::uint64_t age = 0;
        if (!readAddress(in, r.address) || !in.u64(r.incarnation) || !in.u64(r.heartbeat) ||
            !in.u64(age) || age > UINT32_MAX)
          return nullptr;
        r.age = static_cast<std::uint32_t>(age);
      }
      return std::make_shared<const MembershipExchange>(std::move(s), std::move(d),
                                                        std::move(members), reply);
    });

const runtime::Serializers::Registration kRoute = fieldCodec<RouteRequest>(
    "onehop.RouteRequest",
    [](const RouteRequest& m, FieldWriter& out) {
      out.u64(m.key).str(m.payload);
      writeAddress(out, m.origin);
      out.u64(m.id).u64(static_cast<std::uint64_t>(m.hops));
    },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const RouteRequest> {
      std::uint64_t key = 0, id = 0, hops = 0;
      std::string payload;
      Address origin;
      if (!in.u64(key) || key >= chord::kRingSize || !in.str(payload) || !readAddress(in, origin) ||
          !in.u64(id) || !in.u64(hops) || hops > 1000)
        return nullptr;
      return std::make_shared<const RouteRequest>(
          std::move(s), std::move(d), key, std::move(payload), origin, id, static_cast<int>(hops));
    });

const runtime::Serializers::Registration kReached = fieldCodec<RouteReached>(
    "onehop.RouteReached",
    [](const RouteReached& m, FieldWriter& out) {
      out.u64(m.key).u64(m.id).u64(static_cast<std::uint64_t>(m.hops));
    },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const RouteReached> {
      std::uint64_t key = 0, id = 0, hops = 0;
      if (!in.u64(key) || key >= chord::kRingSize || !in.u64(id) || !in.u64(hops) || hops > 1000)
        return nullptr;
      return std::make_shared<const RouteReached>(std::move(s), std::move(d), key, id,
                                                  static_cast<int>(hops));
    });

}  // namespace
}  // namespace catslab::protocols::onehop
