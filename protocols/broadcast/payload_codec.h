// The registry of payload codecs: how a Payload carried inside a broadcast
// message (BebData) crosses a real wire. Each payload type registers one
// codec under a stable name ("rb.RbData", "paxos.Prepare", ...), like network
// messages do with catslab::runtime::Serializers. encodePayload() writes the name
// and the payload's bytes; decodePayload() reverses it and reports unknown
// names or malformed bytes. Nested payloads (RbData carrying a TextPayload)
// encode their inner payload with encodePayload() again.
//
// Process-wide; registration and look-up are thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "protocols/broadcast/payload.h"
#include "protocols/common/fields.h"
#include "runtime/result.h"

namespace catslab::protocols {

struct PayloadCodec {
  std::string name;
  runtime::TypeId typeId = 0;
  std::function<void(const Payload&, FieldWriter&)> encode;
  std::function<runtime::Result<PayloadPtr>(FieldReader&)> decode;
};

class PayloadCodecs {
 public:
  static void add(PayloadCodec codec);
  struct Registration {
    Registration(PayloadCodec codec) { add(std::move(codec)); }  // NOLINT: implicit on purpose
  };
};

// Writes name + bytes of `payload` into `out`; throws std::logic_error for a
// payload type without a codec (a programming error).
void encodePayload(const Payload& payload, FieldWriter& out);
runtime::Result<PayloadPtr> decodePayload(FieldReader& in);

// A codec from typed functions: encode(const P&, FieldWriter&),
// decode(FieldReader&) -> std::shared_ptr<const P> (null if malformed).
template <class P, class Encode, class Decode>
PayloadCodec payloadCodec(std::string name, Encode encode, Decode decode) {
  PayloadCodec codec;
  codec.name = name;
  codec.typeId = P::staticTypeId();
  codec.encode = [encode](const Payload& p, FieldWriter& out) {
    encode(static_cast<const P&>(p), out);
  };
  codec.decode = [decode, name](FieldReader& in) -> runtime::Result<PayloadPtr> {
    std::shared_ptr<const P> p = decode(in);
    if (!p) return runtime::Result<PayloadPtr>::failure("malformed payload " + name);
    return PayloadPtr(std::move(p));
  };
  return codec;
}

}  // namespace catslab::protocols
