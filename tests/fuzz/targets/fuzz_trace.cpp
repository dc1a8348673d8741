// Fuzz target: the trace reader (runtime/sim/trace_file.h) three ways: as a
// file (TraceFileReader, what the app and catslab-sim --replay read), as a
// monitor socket's byte stream (decodeRecord, what the launcher reads) and
// as the linearizability checker's input (readTraceHistory).
//
// Invariants: a failure says why; decodeRecord never claims more bytes than
// it was given.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "protocols/linearizability/history/trace_reader.h"
#include "runtime/sim/trace_file.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace catslab;
  const std::string bytes(reinterpret_cast<const char*>(data), size);

  std::istringstream file(bytes);
  auto reader = sim::TraceFileReader::fromStream(file, "fuzz.trace");
  if (reader) {
    trace::Record record;
    while (true) {
      auto more = (*reader)->next(record);
      if (!more) {
        FUZZ_CHECK(!more.error().empty());
        break;
      }
      if (!*more) break;
    }
  } else {
    FUZZ_CHECK(!reader.error().empty());
  }

  trace::Record record;
  for (std::size_t offset = 0; offset < bytes.size();) {
    auto used = sim::decodeRecord(bytes.data(), bytes.size(), offset, record);
    if (!used || *used == 0) break;
    FUZZ_CHECK(*used <= bytes.size() - offset);
    offset += *used;
  }

  std::istringstream history(bytes);
  auto ops = checker::readTraceHistory(history, "fuzz.trace");
  if (!ops) FUZZ_CHECK(!ops.error().empty());
  return 0;
}
