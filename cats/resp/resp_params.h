// The node parameters of the RESP front end (topology node params):
//   resp_port          TCP port to listen on (0: any free port); absent: no front end
//   resp_bind          address to bind (default 127.0.0.1, loopback only)
//   requirepass        if set, clients must AUTH with it first
//   resp_max_bulk_len  largest key or value in bytes (default 512 MB, as Redis)
//   resp_tls           on | off; absent: TLS exactly when the node has TLS files
//   resp_tls_auth_clients  yes (default: clients need a certificate from the
//                      node's CA) | optional | no, as Redis's tls-auth-clients
// Pure.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "cats/resp/resp_parser.h"
#include "runtime/result.h"

namespace catslab::cats {

enum class RespTlsMode { FollowNode, On, Off };
enum class RespClientAuth { Required, Optional, None };

struct RespParams {
  bool enabled = false;  // resp_port was given
  std::string bind = "127.0.0.1";
  std::uint16_t port = 0;
  std::string requirepass;
  RespLimits limits;
  RespTlsMode tls = RespTlsMode::FollowNode;
  RespClientAuth authClients = RespClientAuth::Required;
};

// The parameters, or an error naming the bad one, e.g.
//   parameter 'resp_port': expected a port number from 0 to 65535, got 'x'
[[nodiscard]] runtime::Result<RespParams> respParamsFrom(
    const std::map<std::string, std::string>& params);

}  // namespace catslab::cats
