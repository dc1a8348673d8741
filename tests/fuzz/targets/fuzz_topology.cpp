// Fuzz target: the topology JSON loader (runtime/topology.h), as the node,
// the simulator and the app read a topology file.
//
// Invariants: a rejection says why; an accepted topology written back as
// JSON (topologyToJson, what the editor saves) loads again.
#include <cstddef>
#include <cstdint>
#include <string>

#include "runtime/topology.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace catslab::runtime;
  const std::string json(reinterpret_cast<const char*>(data), size);
  auto topology = parseTopology(json, "fuzz.json");
  if (!topology) {
    FUZZ_CHECK(!topology.error().empty());
    return 0;
  }
  auto again = parseTopology(topologyToJson(*topology), "saved.json");
  FUZZ_CHECK(again.isOk());
  return 0;
}
