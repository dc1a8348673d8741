// Test support: a node in miniature for the RESP server tests: a root
// component with a MapKvStore and a RespFrontEnd connected to it, run by a
// real Runtime with the work-stealing scheduler. The front end listens on
// a free loopback port unless told otherwise.
#pragma once

#include "app/catslab_node/resp/resp_front_end.h"
#include "map_kv_store.h"
#include "runtime/runtime.h"

namespace catslab::testing {

class RespTestHost : public runtime::ComponentDefinition {
 public:
  explicit RespTestHost(cats::RespFrontEndConfig config) {
    auto store = create<MapKvStore>();
    resp = create<cats::RespFrontEnd>(std::move(config));
    connect(store.positive<cats::KeyValueStore>(), resp.negative<cats::KeyValueStore>());
  }
  runtime::Component<cats::RespFrontEnd> resp;
};

// Owns the runtime; the server is listening once the constructor returns.
struct RespNode {
  explicit RespNode(std::map<std::string, std::string> params = {{"resp_port", "0"}})
      : runtime(runtime::RuntimeOptions{.scheduler = runtime::SchedulerKind::WorkStealing,
                                        .workers = 2}) {
    cats::RespFrontEndConfig config;
    config.params = *cats::respParamsFrom(params);
    config.nodeInfo = [](std::string_view section) -> std::string {
      return section == "cats" ? "backend:map (test)" : "";
    };
    host = runtime.createRoot<RespTestHost>(std::move(config));
    runtime.start();
  }
  ~RespNode() {
    runtime.shutdown(0);
    runtime.awaitTermination();
  }
  std::uint16_t port() const { return host->resp->port(); }

  runtime::Runtime runtime;
  runtime::Component<RespTestHost> host;
};

}  // namespace catslab::testing
