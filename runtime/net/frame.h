// Framing of catslab's TCP transport: a 4-byte big-endian length, then a
// serialized wire::Envelope (runtime/net/wire.proto) of that many bytes.
//
// encodeMessage() turns a runtime::Message into one frame using the
// serializer registry; FrameReader cuts a byte stream back into envelopes
// and rejects, with a reason for the log, anything that is not a
// well-formed frame: a length above the maximum frame size (garbage bytes
// usually look like one), an envelope that does not parse, and (at end of
// stream) a truncated frame. decodeEnvelope() turns an envelope back into a
// Message, failing on unknown types and bad payloads.
//
// Thread safety: the free functions are thread-safe; a FrameReader belongs
// to one connection and is not.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/net/wire.pb.h"
#include "runtime/result.h"
#include "runtime/serializer.h"

namespace catslab::net {

using runtime::Address;
using runtime::Message;
using runtime::MessagePtr;
using runtime::TypeId;

inline constexpr std::size_t kFrameHeaderBytes = 4;
// Default upper bound on one frame's envelope; larger frames close the connection.
inline constexpr std::size_t kDefaultMaxFrameBytes = 16u << 20;

// Appends one frame holding `envelope` to `out`.
void appendFrame(const wire::Envelope& envelope, std::string& out);

// The envelope for `message` (type name, addresses, encoded payload); fails
// if no codec is registered for its dynamic type.
runtime::Result<wire::Envelope> makeEnvelope(const Message& message);
// The same into `out`, overwriting every field: an envelope used again
// keeps its strings' memory (a sender's steady stream allocates less).
runtime::Status fillEnvelope(const Message& message, wire::Envelope& out);

// The frame bytes for `message`; fails if no codec is registered for its
// dynamic type or the frame would exceed `maxFrameBytes`.
runtime::Result<std::string> encodeMessage(const Message& message,
                                           std::size_t maxFrameBytes = kDefaultMaxFrameBytes);

// The frame of the hello that opens every connection.
std::string helloFrame(const Address& self);

// The Message carried by a (non-hello) envelope.
runtime::Result<MessagePtr> decodeEnvelope(const wire::Envelope& envelope);

Address fromWire(const wire::WireAddress& a);
void toWire(const Address& a, wire::WireAddress& out);

class FrameReader {
 public:
  explicit FrameReader(std::size_t maxFrameBytes = kDefaultMaxFrameBytes)
      : maxFrameBytes_(maxFrameBytes) {}

  // Consumes `bytes` and calls onFrame(const wire::Envelope&) for every
  // envelope completed by them, in stream order. The envelope is the
  // reader's own and is reused by the next frame (its strings keep their
  // memory, so a steady stream parses without allocating): copy out what
  // must outlive the call. onFrame returns false to stop early (the caller
  // is closing the connection); the rest of `bytes` is then ignored. Frames
  // are parsed where they lie in `bytes`; only a frame cut by the end of
  // `bytes` is copied, to be completed by the next call. After a failure
  // the stream is unusable and the connection must close.
  template <class OnFrame>
  runtime::Status feed(std::string_view bytes, OnFrame&& onFrame) {
    runtime::Status status = runtime::Status::ok();
    for (;;) {
      switch (next(bytes, status)) {
        case Step::Frame:
          if (!onFrame(static_cast<const wire::Envelope&>(envelope_))) return status;
          break;
        case Step::NeedMore:
        case Step::Failed:
          return status;
      }
    }
  }
  // The same, appending a copy of every envelope to `out`.
  runtime::Status feed(std::string_view bytes, std::vector<wire::Envelope>& out);
  // True if bytes of an unfinished frame are buffered: at end of stream that
  // is a truncated frame.
  bool midFrame() const { return !pending_.empty(); }
  std::size_t maxFrameBytes() const { return maxFrameBytes_; }

 private:
  enum class Step { Frame, NeedMore, Failed };
  // Cuts the next frame off the front of `in` into envelope_ (Frame), or
  // keeps an incomplete one in pending_ (NeedMore), or sets `status`.
  Step next(std::string_view& in, runtime::Status& status);
  Step parse(const char* body, std::uint32_t length, runtime::Status& status);

  std::size_t maxFrameBytes_;
  std::string pending_;  // the start of a frame that did not arrive whole
  wire::Envelope envelope_;
};

}  // namespace catslab::net
