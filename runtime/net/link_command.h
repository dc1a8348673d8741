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
//
// The text of a model, for the command and for people, is written here
// only (linkCommandArgs, describeLink), with numbers that read back as the
// very same doubles. Stateless; LinkTable makes it thread-safe.
#pragma once

#include <string>

#include "runtime/net/link_table.h"
#include "runtime/result.h"

namespace catslab::net {

// Runs `args` (the words after "link") against `table`. Returns the text to
// print (lines joined by '\n'), or a one-line error for malformed input or
// an unknown peer; the table is unchanged on error.
runtime::Result<std::string> runLinkCommand(LinkTable& table, const std::string& args);

// A number as the command reads it: the shortest text that parses back to
// the same double ("0.1", "0.3333333333333333", "1e-07").
std::string linkNumber(double value);

// The words after `link <peer>` that give the link `model`'s latency
// (distribution and parameters), jitter and loss, whatever it had before:
// "latency normal 30 ms sd 5 ms jitter 0 ms loss 0.001". The node then
// draws from the very numbers of the model. `down` is a command of its own
// (`link <peer> down|up`); `fifo` is not said, a node keeps order on
// every link.
std::string linkCommandArgs(const topology::LinkModel& model);

// One line for people in the same words, without a zero jitter: "latency
// 20 ms loss 0", "latency uniform 10 50 ms jitter 5 ms loss 0.1", "latency
// pareto 5 ms shape 1.5 loss 0", or "down".
std::string describeLink(const topology::LinkModel& model);

}  // namespace catslab::net
