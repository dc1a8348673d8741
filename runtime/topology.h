// Loading, validating and saving topology files (runtime/proto/topology.proto,
// edited as its JSON mapping). Every error names the source, the field
// (as a path like "links[2].model.loss") and the reason, so editors can
// point at it and CLIs can print it and exit with code 2.
// Stateless functions; thread-safe.
#pragma once

#include <string>

#include "runtime/proto/topology.pb.h"
#include "runtime/result.h"

namespace catslab::runtime {

// Reads and validates a topology file.
Result<topology::Topology> loadTopology(const std::string& path);
// Parses and validates JSON; `source` names it in errors (a path or "<editor>").
Result<topology::Topology> parseTopology(const std::string& json, const std::string& source);
// Semantic checks: unique non-empty node ids and endpoints, links between
// existing distinct nodes, probabilities in [0, 1], non-negative times,
// well-formed latency models, an existing bootstrap node.
Status validateTopology(const topology::Topology& topology, const std::string& source);
// Checks one link model; `field` prefixes the field path in the message.
Status validateLinkModel(const topology::LinkModel& model, const std::string& field);

std::string topologyToJson(const topology::Topology& topology);
Status saveTopology(const topology::Topology& topology, const std::string& path);

// The model in force from node a to node b: a per-direction override, the
// link's model, or the topology's default link.
topology::LinkModel linkModel(const topology::Topology& topology, const std::string& a,
                              const std::string& b);
const topology::Node* findNode(const topology::Topology& topology, const std::string& id);

}  // namespace catslab::runtime
