#include "cats/resp/server/resp_attach.h"

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
    std::function<std::string(std::string_view section)> nodeInfo) {
  auto parsed = respParamsFrom(params);
  if (!parsed) throw std::invalid_argument(stackName + " stack: " + parsed.error());
  if (!parsed->enabled) return {};
  if (!providesKeyValueStore(stack)) {
    throw std::invalid_argument(stackName + " stack: parameter 'resp_port': the stack has no " +
                                "key-value store to serve (it does not provide KeyValueStore)");
  }
  RespFrontEndConfig config;
  config.params = std::move(*parsed);
  config.nodeInfo = std::move(nodeInfo);
  return runtime::StackBuilder::createIn<RespFrontEnd>(host, "resp", std::move(config));
}

}  // namespace catslab::cats
