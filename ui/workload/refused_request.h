// A request sent to a node that is down never reaches it: its client sees it
// fail at once. The simulation logs such a request as a warning, the same
// way for a stream of the Workload panel and a scenario's `request`
// ("gui-stream-3: request failed: node n4 is down", sim_stream.cpp and
// runtime/sim/scenario.cpp); the process backend, whose node cannot say it,
// logs the same line for a stream's request to a node that is not running.
// The Workload panel counts each such line as a failed operation of that
// node, so a killed node's stream shows up as failures, not as silence.
#pragma once

#include <optional>
#include <string>

#include "runtime/proto/trace.pb.h"

namespace catslab::ui::workload {

// The warning record `client` logs when its request to the down `node` fails.
::catslab::trace::Record refusedRequest(const std::string& client, const std::string& node);
// The node a refused request was sent to, if `record` is such a warning.
std::optional<std::string> refusedRequestNode(const ::catslab::trace::Record& record);

}  // namespace catslab::ui::workload
