#include "app/catslab_node/resp/resp_front_end.h"

#include "runtime/asio_timer.h"
#include "runtime/runtime.h"

namespace catslab::cats {

RespFrontEnd::RespFrontEnd(RespFrontEndConfig config) {
  RespServerConfig server;
  server.bind = config.params.bind;
  server.port = config.params.port;
  server.session.limits = config.params.limits;
  server.session.requirepass = config.params.requirepass;
  server.session.nodeInfo = std::move(config.nodeInfo);
  server.tls = config.tls;
  server.tlsHandshakeTimeout = config.tlsHandshakeTimeout;
  secure_ = config.tls != nullptr;
  runtime::Runtime& rt = core().runtime();
  const std::string where = path();
  server.log = [&rt, where](const std::string& text) {
    rt.log(runtime::LogLevel::Warning, where, text);
  };
  server_ = std::make_unique<RespServer>(rt.service<runtime::IoThread>().context(),
                                         std::move(server), *this);
  startLine_ = "RESP (Redis protocol) front end listening on " + address();
  if (secure_) {
    switch (config.params.authClients) {
      case RespClientAuth::Required:
        startLine_ += " with TLS; clients need a certificate from " + config.tlsCa;
        break;
      case RespClientAuth::Optional:
        startLine_ += " with TLS; a client certificate, if any, must come from " + config.tlsCa;
        break;
      case RespClientAuth::None:
        startLine_ += " with TLS; client certificates are not asked for";
        break;
    }
  }
}

RespFrontEnd::~RespFrontEnd() { server_->close(); }

void RespFrontEnd::onStart() {
  server_->start();
  logInfo(startLine_);
}

void RespFrontEnd::onKill() { server_->close(); }

}  // namespace catslab::cats
