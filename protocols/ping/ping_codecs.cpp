// Wire codecs of the ping stack's messages ("ping.Ping", "ping.Pong"), so
// that ping runs across real TCP (catslab-node) like every other protocol.
// Payload, in the FieldWriter format: seq, then the sender's send time in
// nanoseconds (echoed back in the Pong to measure the round trip).
#include "protocols/common/net_codec.h"
#include "protocols/ping/ping.h"

namespace catslab::protocols {
namespace {

template <class M>
runtime::MessageCodec echoCodec(std::string name) {
  return fieldCodec<M>(
      std::move(name), [](const M& m, FieldWriter& out) { out.u64(m.seq).i64(m.sentAtNs); },
      [](runtime::Address s, runtime::Address d, FieldReader& in) -> std::shared_ptr<const M> {
        std::uint64_t seq = 0;
        std::int64_t sentAtNs = 0;
        if (!in.u64(seq) || !in.i64(sentAtNs)) return nullptr;
        return std::make_shared<const M>(std::move(s), std::move(d), seq, sentAtNs);
      });
}

const runtime::Serializers::Registration kPing = echoCodec<Ping>("ping.Ping");
const runtime::Serializers::Registration kPong = echoCodec<Pong>("ping.Pong");

}  // namespace
}  // namespace catslab::protocols
