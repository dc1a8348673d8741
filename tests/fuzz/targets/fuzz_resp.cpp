// Fuzz target: the RESP request parser of the CATS front end
// (cats/resp/resp_parser.h), as bytes from a Redis client reach it. The
// limits are small so that the fuzzer reaches them; the first input byte
// picks the size of the pieces the rest arrives in (1-256 bytes).
//
// Invariants: pieces or one read give the same commands, and both refuse or
// neither does;
// a command has a name; an error is sticky and says why; between commands
// the parser holds no more than one limit's worth of bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cats/resp/resp_parser.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using catslab::cats::RespLimits;
using catslab::cats::RespParse;
using catslab::cats::RespParser;

constexpr RespLimits kLimits{/*maxBulkLength=*/256, /*maxArrayLength=*/16,
                             /*maxInlineLength=*/256};
// What an unfinished request may leave buffered: a header or inline line,
// a bulk length line, or a bulk payload and its CRLF.
constexpr std::size_t kMaxHeld =
    std::max({kLimits.maxInlineLength, std::size_t{64}, kLimits.maxBulkLength + 2});

struct Outcome {
  std::vector<std::vector<std::string>> commands;
  std::string error;
};

// Drains `parser`; true while it can take more bytes.
bool drain(RespParser& parser, Outcome& out) {
  while (true) {
    RespParse r = parser.next();
    switch (r.kind) {
      case RespParse::Kind::NeedMore:
        FUZZ_CHECK(parser.buffered() <= kMaxHeld);
        return true;
      case RespParse::Kind::Command:
        FUZZ_CHECK(!r.args.empty());
        FUZZ_CHECK(r.args.size() <= kLimits.maxArrayLength);
        out.commands.push_back(std::move(r.args));
        break;
      case RespParse::Kind::Error: {
        FUZZ_CHECK(!r.error.empty());
        FUZZ_CHECK(parser.failed());
        const RespParse again = parser.next();
        FUZZ_CHECK(again.kind == RespParse::Kind::Error && again.error == r.error);
        out.error = r.error;
        return false;
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = std::size_t{data[0]} + 1;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);

  RespParser pieces(kLimits);
  Outcome cut;
  for (std::size_t at = 0; at < stream.size(); at += piece) {
    pieces.feed(stream.substr(at, piece));
    if (!drain(pieces, cut)) break;
  }

  RespParser whole(kLimits);
  Outcome one;
  whole.feed(stream);
  drain(whole, one);
  FUZZ_CHECK(cut.commands == one.commands);
  // The message may differ (a line cut short is "too big", the same line
  // whole may lack its CR first), but not whether the request was refused.
  FUZZ_CHECK(cut.error.empty() == one.error.empty());
  return 0;
}
