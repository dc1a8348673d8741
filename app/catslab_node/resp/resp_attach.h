// The hook hosts call to give a node a RESP front end (catslab-node calls
// it for every node; docs/cats.md). Any stack qualifies whose top component
// provides the KeyValueStore port.
//
//   auto resp = cats::createRespFrontEnd(*this, stack_, stackName, params, info);
//   if (resp.valid()) connect(stack_.positive<cats::KeyValueStore>(),
//                             resp.negative<cats::KeyValueStore>());
//
// `nodeTls` are the node's TLS files (all empty without TLS): the front end
// speaks TLS with the node's certificate when they are given, unless
// resp_tls is off (docs/resp.md "TLS").
//
// Returns an empty Component when the params have no resp_port. Throws
// std::invalid_argument (bad input: catslab-node exits 2) for bad RESP
// parameters or resp_port on a stack without KeyValueStore, and
// std::runtime_error (exit 1) when the port cannot be bound.
#pragma once

#include <map>
#include <string>

#include "app/catslab_node/resp/resp_front_end.h"
#include "runtime/component.h"
#include "runtime/net/tls_context.h"

namespace catslab::cats {

// True when `stack`'s top component provides KeyValueStore.
bool providesKeyValueStore(const runtime::ComponentRef& stack);

runtime::Component<RespFrontEnd> createRespFrontEnd(
    runtime::ComponentDefinition& host, const runtime::ComponentRef& stack,
    const std::string& stackName, const std::map<std::string, std::string>& params,
    const net::TlsFiles& nodeTls = {},
    std::chrono::milliseconds tlsHandshakeTimeout = net::kDefaultTlsHandshakeTimeout,
    std::function<std::string(std::string_view section)> nodeInfo = {});

}  // namespace catslab::cats
