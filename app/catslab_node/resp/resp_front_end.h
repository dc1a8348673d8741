// RespFrontEnd: a node's Redis-protocol front end as a component. It is a
// KvBridge (requires KeyValueStore; connect it to the store's provided
// port) that owns a RespServer on the runtime's I/O thread: it binds when
// constructed (std::runtime_error if it cannot, so a host fails at start
// rather than serve without it), accepts from onStart, and closes every
// connection when killed. Lives in catslab_resp_server, the one part of cats/
// that opens sockets; only hosts (catslab-node) and tests link it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "app/catslab_node/resp/resp_server.h"
#include "cats/resp/kv_bridge.h"
#include "cats/resp/resp_params.h"
#include "runtime/net/tls_context.h"

namespace catslab::cats {

struct RespFrontEndConfig {
  RespParams params;
  // Null: plain TCP. Otherwise the context clients shake hands with (see
  // createRespFrontEnd, which makes it from the node's TLS files), and the
  // CA file named in the start line.
  std::shared_ptr<boost::asio::ssl::context> tls;
  std::string tlsCa;
  std::chrono::milliseconds tlsHandshakeTimeout = net::kDefaultTlsHandshakeTimeout;
  // INFO's "keyspace" and "cats" sections (see RespSessionConfig::nodeInfo);
  // called on the I/O thread, so it must be thread-safe.
  std::function<std::string(std::string_view section)> nodeInfo;
};

class RespFrontEnd : public KvBridge {
 public:
  explicit RespFrontEnd(RespFrontEndConfig config);
  ~RespFrontEnd() override;

  std::uint16_t port() const { return server_->port(); }
  std::string address() const { return server_->address(); }
  bool secure() const { return secure_; }
  const std::shared_ptr<RespServerStats>& stats() const { return server_->stats(); }

 private:
  void onStart() override;
  void onKill() override;

  std::unique_ptr<RespServer> server_;
  std::string startLine_;  // what onStart logs
  bool secure_ = false;
};

}  // namespace catslab::cats
