// Wire codecs for the ping stack's Ping and Pong, registered at start-up
// only if protocols/ping has not registered codecs of its own (a protocol
// owns its wire format; this keeps catslab-node able to run ping across
// real TCP until it does). Payload: seq and sentAtNs, 8 bytes each, little
// endian.
#include "app/catslab_node/ping_codec_fallback.h"

#include <cstring>

#include "protocols/ping/ping.h"
#include "runtime/net/serializer.h"

namespace catslab::node {

namespace {

template <class M>
std::string encodePing(const M& m) {
  std::string out(16, '\0');
  for (int i = 0; i < 8; ++i) {
    out[i] = static_cast<char>((m.seq >> (8 * i)) & 0xff);
    out[8 + i] = static_cast<char>((static_cast<std::uint64_t>(m.sentAtNs) >> (8 * i)) & 0xff);
  }
  return out;
}

template <class M>
net::DecodeResult<M> decodePing(net::Address src, net::Address dst, std::string_view p) {
  if (p.size() != 16) return net::DecodeResult<M>::failure("expected 16 bytes");
  std::uint64_t seq = 0, sent = 0;
  for (int i = 0; i < 8; ++i) {
    seq |= std::uint64_t(static_cast<unsigned char>(p[i])) << (8 * i);
    sent |= std::uint64_t(static_cast<unsigned char>(p[8 + i])) << (8 * i);
  }
  return std::make_shared<const M>(std::move(src), std::move(dst), seq,
                                   static_cast<std::int64_t>(sent));
}

}  // namespace

void registerPingCodecsIfMissing() {
  using protocols::Ping;
  using protocols::Pong;
  if (!net::Serializers::find(Ping::staticTypeId())) {
    net::Serializers::add(net::codecFor<Ping>("ping.Ping", encodePing<Ping>, decodePing<Ping>));
  }
  if (!net::Serializers::find(Pong::staticTypeId())) {
    net::Serializers::add(net::codecFor<Pong>("ping.Pong", encodePing<Pong>, decodePing<Pong>));
  }
}

}  // namespace catslab::node
