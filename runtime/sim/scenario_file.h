// Scenario files: the JSON mapping of runtime/proto/scenario.proto, turned
// into a Scenario of the C++ DSL (scenario.h). Every error names the file,
// the field (a path such as "processes[1].raise[0].operation.op") and the
// reason; CLIs print it and exit with code 2.
//
// A scenario names its topology (topology_file, relative to the scenario's
// folder) or embeds it (topology). Stateless functions; thread-safe.
#pragma once

#include <string>

#include "runtime/proto/scenario.pb.h"
#include "runtime/result.h"
#include "runtime/sim/scenario.h"

namespace catslab::sim {

runtime::Result<Scenario> loadScenario(const std::string& path);
// `source` names the text in errors; `baseDir` resolves topology_file.
runtime::Result<Scenario> parseScenario(const std::string& json, const std::string& source,
                                        const std::string& baseDir);
runtime::Result<Scenario> toScenario(const scenario::Scenario& proto, const std::string& source,
                                     const std::string& baseDir);

}  // namespace catslab::sim
