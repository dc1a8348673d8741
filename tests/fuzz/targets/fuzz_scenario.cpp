// Fuzz target: the scenario JSON loader (runtime/sim/scenario_file.h), as
// catslab-sim and the app read a scenario file. The base folder for a
// relative topology_file does not exist, so a scenario must embed its
// topology to get past that check (the seed corpus does).
//
// Invariant: a rejection says why.
#include <cstddef>
#include <cstdint>
#include <string>

#include "runtime/sim/scenario_file.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string json(reinterpret_cast<const char*>(data), size);
  auto scenario = catslab::sim::parseScenario(json, "fuzz.json", "/nonexistent/catslab-fuzz");
  if (!scenario) FUZZ_CHECK(!scenario.error().empty());
  return 0;
}
