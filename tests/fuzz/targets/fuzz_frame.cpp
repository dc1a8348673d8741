// Fuzz target: the TCP frame decoder (runtime/net/frame.h) as a peer reaches
// it. The first input byte picks the size of the pieces the rest arrives in
// (1-256 bytes, as reads from a socket would cut it); FrameReader cuts the
// stream into envelopes and every message envelope goes through
// decodeEnvelope, so the registered codecs see what a peer could send.
//
// Invariants: pieces or one read give the same envelopes and the same
// verdict; a message that decodes encodes again into a frame.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/net/frame.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace catslab;

// Small enough for the fuzzer to reach the limit with a length prefix.
constexpr std::size_t kMaxFrame = 1u << 20;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = std::size_t{data[0]} + 1;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);

  net::FrameReader reader(kMaxFrame);
  std::vector<wire::Envelope> envelopes;
  runtime::Status status = runtime::Status::ok();
  for (std::size_t at = 0; at < stream.size() && status; at += piece)
    status = reader.feed(stream.substr(at, piece), envelopes);

  net::FrameReader whole(kMaxFrame);
  std::vector<wire::Envelope> all;
  const runtime::Status wholeStatus = whole.feed(stream, all);
  FUZZ_CHECK(status.isOk() == wholeStatus.isOk());
  FUZZ_CHECK(envelopes.size() == all.size());
  if (!status) FUZZ_CHECK(!status.error().empty());

  for (const wire::Envelope& envelope : envelopes) {
    if (envelope.hello()) {
      (void)net::fromWire(envelope.source());
      continue;
    }
    auto message = net::decodeEnvelope(envelope);
    if (!message) {
      FUZZ_CHECK(!message.error().empty());
      continue;
    }
    FUZZ_CHECK(*message != nullptr);
    (void)(*message)->describe();
    auto again = net::encodeMessage(**message, kMaxFrame * 4);
    FUZZ_CHECK(again.isOk());
  }
  return 0;
}
