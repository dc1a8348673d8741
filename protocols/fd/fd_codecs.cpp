// Wire codecs of the failure detector's messages (they carry only a header).
#include "protocols/common/net_codec.h"
#include "protocols/fd/increasing_timeout_fd.h"

namespace catslab::protocols {
namespace {

template <class M>
runtime::MessageCodec emptyCodec(std::string name) {
  return fieldCodec<M>(
      std::move(name), [](const M&, FieldWriter&) {},
      [](runtime::Address s, runtime::Address d, FieldReader&) {
        return std::make_shared<const M>(std::move(s), std::move(d));
      });
}

const runtime::Serializers::Registration kRequest =
    emptyCodec<HeartbeatRequest>("fd.HeartbeatRequest");
const runtime::Serializers::Registration kReply = emptyCodec<HeartbeatReply>("fd.HeartbeatReply");

}  // namespace
}  // namespace catslab::protocols
