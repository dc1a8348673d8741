// Wire codecs of the bootstrap messages ("bootstrap.*"), for real TCP.
#include "protocols/bootstrap/bootstrap_messages.h"
#include "protocols/chord/address_fields.h"
#include "protocols/common/net_codec.h"

namespace catslab::protocols::bootstrap {
namespace {

const runtime::Serializers::Registration kJoin = fieldCodec<JoinRequest>(
    "bootstrap.JoinRequest", [](const JoinRequest& m, FieldWriter& out) { out.u64(m.count); },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const JoinRequest> {
      std::uint64_t n = 0;
      if (!in.u64(n) || n > 100000) return nullptr;
      return std::make_shared<const JoinRequest>(std::move(s), std::move(d),
                                                 static_cast<std::uint32_t>(n));
    });

const runtime::Serializers::Registration kSample = fieldCodec<PeerSample>(
    "bootstrap.PeerSample",
    [](const PeerSample& m, FieldWriter& out) { writeAddresses(out, m.peers); },
    [](Address s, Address d, FieldReader& in) -> std::shared_ptr<const PeerSample> {
      std::vector<Address> peers;
      if (!readAddresses(in, peers)) return nullptr;
      return std::make_shared<const PeerSample>(std::move(s), std::move(d), std::move(peers));
    });

const runtime::Serializers::Registration kKeepAlive = fieldCodec<KeepAlive>(
    "bootstrap.KeepAlive", [](const KeepAlive&, FieldWriter&) {},
    [](Address s, Address d, FieldReader&) {
      return std::make_shared<const KeepAlive>(std::move(s), std::move(d));
    });

}  // namespace
}  // namespace catslab::protocols::bootstrap
