#include "app/catslab_node/resp/resp_attach.h"

#include <stdexcept>

#include "runtime/stack_registry.h"

namespace catslab::cats {

bool providesKeyValueStore(const runtime::ComponentRef& stack) {
  return stack.valid() &&
         stack.core()->findPort(runtime::portTypeKey<KeyValueStore>(), true) != nullptr;
}

runtime::Component<RespFrontEnd> createRespFrontEnd(
    runtime::ComponentDefinition& host, const runtime::ComponentRef& stack,
    const std::string& stackName, const std::map<std::string, std::string>& params,
    const net::TlsFiles& nodeTls, std::chrono::milliseconds tlsHandshakeTimeout,
    std::function<std::string(std::string_view section)> nodeInfo) {
  auto parsed = respParamsFrom(params);
  if (!parsed) throw std::invalid_argument(stackName + " stack: " + parsed.error());
  if (!parsed->enabled) return {};
  if (!providesKeyValueStore(stack)) {
    throw std::invalid_argument(stackName + " stack: parameter 'resp_port': the stack has no " +
                                "key-value store to serve (it does not provide KeyValueStore)");
  }
  RespFrontEndConfig config;
  const bool tls = parsed->tls == RespTlsMode::On ||
                   (parsed->tls == RespTlsMode::FollowNode && nodeTls.complete());
  if (tls) {
    if (!nodeTls.complete()) {
      throw std::invalid_argument(stackName +
                                  " stack: parameter 'resp_tls': 'on' needs the node's TLS files "
                                  "(tlsCert, tlsKey and tlsCa, or --tls-cert, --tls-key and "
                                  "--tls-ca)");
    }
    auto context = net::makeTlsContext(nodeTls);
    if (!context) throw std::invalid_argument(context.error());
    // Redis's tls-auth-clients: by default a client needs a certificate
    // from the cluster's CA, as a peer node does.
    switch (parsed->authClients) {
      case RespClientAuth::Required:
        break;  // makeTlsContext's mutual verification
      case RespClientAuth::Optional:
        (*context)->set_verify_mode(boost::asio::ssl::verify_peer);
        break;
      case RespClientAuth::None:
        (*context)->set_verify_mode(boost::asio::ssl::verify_none);
        break;
    }
    config.tls = *context;
    config.tlsCa = nodeTls.ca;
    config.tlsHandshakeTimeout = tlsHandshakeTimeout;
  }
  config.params = std::move(*parsed);
  config.nodeInfo = std::move(nodeInfo);
  return runtime::StackBuilder::createIn<RespFrontEnd>(host, "resp", std::move(config));
}

}  // namespace catslab::cats
