// Fuzz target: every registered message codec (runtime/serializer.h).
// An input is a wire name, a newline, then the payload bytes; a name that is
// not registered still reaches a codec (picked by a hash of the name), so
// mutations of the name do not waste runs. The program links every stack
// whole, so the registry holds every codec the node does.
//
// Invariants: a payload a codec accepts gives a message of the codec's type
// that encodes and decodes again, and encoding is stable from then on.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/serializer.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace catslab;

const runtime::MessageCodec* codecNamed(std::string_view name) {
  if (const runtime::MessageCodec* codec = runtime::Serializers::find(name)) return codec;
  static const std::vector<std::string> names = runtime::Serializers::names();
  if (names.empty()) return nullptr;
  return runtime::Serializers::find(names[std::hash<std::string_view>{}(name) % names.size()]);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const runtime::MessageCodec* codec = codecNamed(input.substr(0, newline));
  FUZZ_CHECK(codec != nullptr);
  const std::string_view payload = input.substr(newline + 1);

  const runtime::Address src{"n1", "127.0.0.1", 7001};
  const runtime::Address dst{"n2", "127.0.0.1", 7002};
  auto decoded = codec->decode(src, dst, payload);
  if (!decoded) {
    FUZZ_CHECK(!decoded.error().empty());
    return 0;
  }
  FUZZ_CHECK(*decoded != nullptr);
  FUZZ_CHECK((*decoded)->typeId() == codec->typeId);
  (void)(*decoded)->describe();

  const std::string encoded = codec->encode(**decoded);
  auto again = codec->decode(src, dst, encoded);
  FUZZ_CHECK(again.isOk());
  FUZZ_CHECK(codec->encode(**again) == encoded);
  return 0;
}
