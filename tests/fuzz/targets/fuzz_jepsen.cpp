// Fuzz target: the Jepsen history parser of the linearizability checker
// (protocols/linearizability/history/jepsen_parser.h), as catslab-check reads
// a Jepsen log, history.txt or history.edn; the same bytes also go to the
// EDN form's parser directly, whatever they look like.
//
// Invariant: a rejection says why.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "protocols/linearizability/history/jepsen_parser.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace catslab::checker;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::istringstream in(text);
  auto log = parseJepsenLog(in, "fuzz.log");
  if (!log) FUZZ_CHECK(!log.error().empty());
  auto edn = parseJepsenEdn(text, "fuzz.edn");
  if (!edn) FUZZ_CHECK(!edn.error().empty());
  return 0;
}
