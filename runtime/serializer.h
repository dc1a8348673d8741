// The serializer registry: how a runtime::Message type crosses a real wire.
//
// Each network message type registers one MessageCodec, once per process,
// with a static registration in the protocol's .cpp:
//
//   namespace {
//   const catslab::runtime::Serializers::Registration kPing = catslab::runtime::codecFor<Ping>(
//       "ping.Ping",
//       [](const Ping& m) { pb::Ping p; p.set_seq(m.seq); return p.SerializeAsString(); },
//       [](Address src, Address dst, std::string_view bytes) -> DecodeResult<Ping> {
//         pb::Ping p;
//         if (!p.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
//           return DecodeResult<Ping>::failure("bad Ping payload");
//         return std::make_shared<const Ping>(std::move(src), std::move(dst), p.seq());
//       });
//   }
//
// or, with a Protobuf message Pb carrying the payload, protoCodec<M, Pb>(name,
// toProto, fromProto), which does the parsing and error reporting for you.
//
// Names are what goes on the wire (the envelope's type field), so they must be
// stable and unique across the code base: "<protocol>.<Message>" by
// convention. The codec's TypeId is the exact dynamic type of the message;
// subtypes need codecs of their own.
//
// Ownership and thread safety: the registry is process-wide and owns the
// codecs; registration and look-ups are safe from any thread. Registering a
// second codec with a name or TypeId already taken is a programming error
// (std::logic_error), unless it is the very same name/TypeId pair again,
// which replaces the codec (handy in tests). Pointers returned by find() stay
// valid for the life of the process.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/network.h"
#include "runtime/result.h"

namespace catslab::runtime {

using MessagePtr = std::shared_ptr<const Message>;
template <class M>
using DecodeResult = Result<std::shared_ptr<const M>>;

struct MessageCodec {
  std::string name;   // wire name, e.g. "ping.Ping"
  TypeId typeId = 0;  // M::staticTypeId()
  // Payload bytes for a message of exactly this type.
  std::function<std::string(const Message&)> encode;
  // Rebuilds the message from its header and payload; a failure names what is
  // wrong with the payload (it is logged and the connection closed).
  std::function<runtime::Result<MessagePtr>(Address src, Address dst, std::string_view payload)>
      decode;
};

class Serializers {
 public:
  static void add(MessageCodec codec);
  static const MessageCodec* find(TypeId type);
  static const MessageCodec* find(std::string_view name);
  static std::vector<std::string> names();  // sorted, for help and errors

  // For static registration: `const Serializers::Registration r = codecFor<M>(...);`
  struct Registration {
    Registration(MessageCodec codec) { add(std::move(codec)); }  // NOLINT: implicit on purpose
  };
};

// A codec for message type M from typed encode/decode functions.
//   encode: std::string(const M&)
//   decode: DecodeResult<M>(Address src, Address dst, std::string_view payload)
template <class M, class Encode, class Decode>
MessageCodec codecFor(std::string name, Encode encode, Decode decode) {
  static_assert(std::is_base_of_v<Message, M>, "network messages derive from runtime::Message");
  MessageCodec codec;
  codec.name = std::move(name);
  codec.typeId = M::staticTypeId();
  codec.encode = [enc = std::move(encode)](const Message& m) -> std::string {
    return enc(static_cast<const M&>(m));
  };
  codec.decode = [dec = std::move(decode)](
                     Address src, Address dst,
                     std::string_view payload) -> runtime::Result<MessagePtr> {
    DecodeResult<M> r = dec(std::move(src), std::move(dst), payload);
    if (!r) return runtime::Result<MessagePtr>::failure(r.error());
    return MessagePtr(std::move(*r));
  };
  return codec;
}

// A codec for message type M whose payload is the Protobuf message Pb.
//   toProto:   void(const M&, Pb&)
//   fromProto: std::shared_ptr<const M>(Address src, Address dst, const Pb&)
//              (or DecodeResult<M>, to reject semantically bad payloads)
template <class M, class Pb, class ToProto, class FromProto>
MessageCodec protoCodec(std::string name, ToProto toProto, FromProto fromProto) {
  std::string label = name;
  return codecFor<M>(
      std::move(name),
      [to = std::move(toProto)](const M& m) {
        Pb pb;
        to(m, pb);
        return pb.SerializeAsString();
      },
      [from = std::move(fromProto), label](Address src, Address dst,
                                           std::string_view payload) -> DecodeResult<M> {
        Pb pb;
        if (!pb.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
          return DecodeResult<M>::failure("payload of " + label + " is not a valid " +
                                          std::string(Pb::descriptor()->full_name()));
        }
        return DecodeResult<M>(from(std::move(src), std::move(dst), pb));
      });
}

}  // namespace catslab::runtime
