#include "runtime/net/frame.h"

#include <algorithm>

namespace catslab::net {

namespace {

void putLength(std::uint32_t n, char* p) {
  p[0] = static_cast<char>((n >> 24) & 0xff);
  p[1] = static_cast<char>((n >> 16) & 0xff);
  p[2] = static_cast<char>((n >> 8) & 0xff);
  p[3] = static_cast<char>(n & 0xff);
}

std::uint32_t getLength(const char* p) {
  const auto b = [p](int i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(p[i]));
  };
  return (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
}

}  // namespace

Address fromWire(const wire::WireAddress& a) {
  Address out;
  out.id = a.id();
  out.host = a.host();
  out.port = static_cast<std::uint16_t>(a.port());
  return out;
}

void toWire(const Address& a, wire::WireAddress& out) {
  out.set_id(a.id);
  out.set_host(a.host);
  out.set_port(a.port);
}

void appendFrame(const wire::Envelope& envelope, std::string& out) {
  const std::size_t size = envelope.ByteSizeLong();
  const std::size_t start = out.size();
  out.resize(start + kFrameHeaderBytes + size);
  putLength(static_cast<std::uint32_t>(size), out.data() + start);
  envelope.SerializeWithCachedSizesToArray(
      reinterpret_cast<std::uint8_t*>(out.data() + start + kFrameHeaderBytes));
}

runtime::Status fillEnvelope(const Message& message, wire::Envelope& out) {
  const runtime::MessageCodec* codec = runtime::Serializers::find(message.typeId());
  if (!codec) {
    return runtime::Status::failure("no serializer registered for message type " +
                                    message.typeName());
  }
  out.set_type(codec->name);
  toWire(message.source, *out.mutable_source());
  toWire(message.destination, *out.mutable_destination());
  out.set_payload(codec->encode(message));
  out.set_hello(false);
  out.set_trace_id(0);
  return runtime::Status::ok();
}

runtime::Result<wire::Envelope> makeEnvelope(const Message& message) {
  wire::Envelope envelope;
  if (auto status = fillEnvelope(message, envelope); !status) return status;
  return envelope;
}

runtime::Result<std::string> encodeMessage(const Message& message, std::size_t maxFrameBytes) {
  auto made = makeEnvelope(message);
  if (!made) return runtime::Result<std::string>::failure(made.error());
  const wire::Envelope& envelope = *made;
  const std::string& name = envelope.type();
  if (envelope.ByteSizeLong() > maxFrameBytes) {
    return runtime::Result<std::string>::failure(
        "message " + name + " needs a frame of " + std::to_string(envelope.ByteSizeLong()) +
        " bytes, above the maximum of " + std::to_string(maxFrameBytes));
  }
  std::string out;
  appendFrame(envelope, out);
  return out;
}

std::string helloFrame(const Address& self) {
  wire::Envelope envelope;
  envelope.set_hello(true);
  toWire(self, *envelope.mutable_source());
  std::string out;
  appendFrame(envelope, out);
  return out;
}

runtime::Result<MessagePtr> decodeEnvelope(const wire::Envelope& envelope) {
  const runtime::MessageCodec* codec =
      runtime::Serializers::find(std::string_view(envelope.type()));
  if (!codec) {
    return runtime::Result<MessagePtr>::failure("unknown message type '" + envelope.type() + "'");
  }
  auto decoded = codec->decode(fromWire(envelope.source()), fromWire(envelope.destination()),
                               envelope.payload());
  if (!decoded) {
    return runtime::Result<MessagePtr>::failure("bad " + codec->name +
                                                " payload: " + decoded.error());
  }
  if (!*decoded || (*decoded)->typeId() != codec->typeId) {
    return runtime::Result<MessagePtr>::failure("codec " + codec->name +
                                                " decoded a message of another type");
  }
  return std::move(*decoded);
}

runtime::Status FrameReader::feed(std::string_view bytes, std::vector<wire::Envelope>& out) {
  return feed(bytes, [&out](const wire::Envelope& envelope) {
    out.push_back(envelope);
    return true;
  });
}

FrameReader::Step FrameReader::next(std::string_view& in, runtime::Status& status) {
  auto oversized = [&](std::uint32_t length) {
    status =
        runtime::Status::failure("oversized frame: " + std::to_string(length) +
                                 " bytes announced, maximum " + std::to_string(maxFrameBytes_));
    return Step::Failed;
  };
  if (pending_.empty()) {
    // The common case: the whole frame is in `in`; parse it in place.
    if (in.size() >= kFrameHeaderBytes) {
      const std::uint32_t length = getLength(in.data());
      if (length > maxFrameBytes_) return oversized(length);
      if (in.size() - kFrameHeaderBytes >= length) {
        const char* body = in.data() + kFrameHeaderBytes;
        in.remove_prefix(kFrameHeaderBytes + length);
        return parse(body, length, status);
      }
    }
    pending_.assign(in);
    in = {};
    return Step::NeedMore;
  }
  // A frame begun by an earlier call: take from `in` only what completes it.
  auto take = [&](std::size_t wanted) {
    const std::size_t n = std::min(wanted, in.size());
    pending_.append(in.substr(0, n));
    in.remove_prefix(n);
  };
  if (pending_.size() < kFrameHeaderBytes) take(kFrameHeaderBytes - pending_.size());
  if (pending_.size() < kFrameHeaderBytes) return Step::NeedMore;
  const std::uint32_t length = getLength(pending_.data());
  if (length > maxFrameBytes_) return oversized(length);
  take(kFrameHeaderBytes + length - pending_.size());
  if (pending_.size() < kFrameHeaderBytes + length) return Step::NeedMore;
  const Step step = parse(pending_.data() + kFrameHeaderBytes, length, status);
  pending_.clear();
  return step;
}

FrameReader::Step FrameReader::parse(const char* body, std::uint32_t length,
                                     runtime::Status& status) {
  if (!envelope_.ParseFromArray(body, static_cast<int>(length))) {
    status = runtime::Status::failure("garbage frame: " + std::to_string(length) +
                                      " bytes that are not an envelope");
    return Step::Failed;
  }
  if (!envelope_.hello() && envelope_.type().empty()) {
    status = runtime::Status::failure("garbage frame: envelope without a message type");
    return Step::Failed;
  }
  return Step::Frame;
}

}  // namespace catslab::net
