// The `link` console command of node processes (docs/node.md "Link
// emulation"), shared by stdin consoles and the monitor channel:
//
//   link                                   list every link of this node
//   link <peer|all>                        show the link(s)
//   link <peer|all> down | up              take the link down / bring it up
//   link <peer|all> latency <ms> [jitter <ms>] [loss <p>]
//   link <peer|all> latency uniform <min> <max> | normal <mean> <sd>
//                 | exponential <mean> | pareto <scale> <shape>  [jitter ...]
//   link <peer|all> [jitter <ms>] [loss <p>]   change only what is given
//
// The latency distributions are the topology file's (topology.proto
// LatencyModel) with its rules (min <= max, pareto scale and shape > 0).
// A number may be followed by "ms" and a parameter preceded by the label
// that describeLink() prints ("sd", "shape"), so a shown link typed back
// sets the same model. Only this node's outgoing direction changes.
// Stateless; LinkTable makes it thread-safe.
#pragma once

#include <string>

#include "runtime/net/link_table.h"
#include "runtime/result.h"

namespace catslab::net {

// Runs `args` (the words after "link") against `table`. Returns the text to
// print (lines joined by '\n'), or a one-line error for malformed input or
// an unknown peer; the table is unchanged on error.
runtime::Result<std::string> runLinkCommand(LinkTable& table, const std::string& args);

}  // namespace catslab::net
