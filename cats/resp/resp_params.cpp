#include "cats/resp/resp_params.h"

#include <charconv>

namespace catslab::cats {

namespace {

bool wholeNumber(const std::string& text, unsigned long long& out) {
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, out);
  return !text.empty() && ec == std::errc() && p == end;
}

}  // namespace

runtime::Result<RespParams> respParamsFrom(const std::map<std::string, std::string>& params) {
  using R = runtime::Result<RespParams>;
  RespParams p;
  auto port = params.find("resp_port");
  if (port != params.end()) {
    unsigned long long value = 0;
    if (!wholeNumber(port->second, value) || value > 65535) {
      return R::failure("parameter 'resp_port': expected a port number from 0 to 65535, got '" +
                        port->second + "'");
    }
    p.enabled = true;
    p.port = static_cast<std::uint16_t>(value);
  }
  if (auto bind = params.find("resp_bind"); bind != params.end()) {
    if (bind->second.empty()) return R::failure("parameter 'resp_bind': empty address");
    p.bind = bind->second;
  }
  if (auto pass = params.find("requirepass"); pass != params.end()) p.requirepass = pass->second;
  if (auto bulk = params.find("resp_max_bulk_len"); bulk != params.end()) {
    unsigned long long value = 0;
    if (!wholeNumber(bulk->second, value) || value == 0) {
      return R::failure(
          "parameter 'resp_max_bulk_len': expected a positive number of bytes, got '" +
          bulk->second + "'");
    }
    p.limits.maxBulkLength = static_cast<std::size_t>(value);
  }
  if (auto tls = params.find("resp_tls"); tls != params.end()) {
    if (tls->second == "on") {
      p.tls = RespTlsMode::On;
    } else if (tls->second == "off") {
      p.tls = RespTlsMode::Off;
    } else {
      return R::failure("parameter 'resp_tls': expected 'on' or 'off', got '" + tls->second + "'");
    }
  }
  if (auto auth = params.find("resp_tls_auth_clients"); auth != params.end()) {
    if (auth->second == "yes") {
      p.authClients = RespClientAuth::Required;
    } else if (auth->second == "optional") {
      p.authClients = RespClientAuth::Optional;
    } else if (auth->second == "no") {
      p.authClients = RespClientAuth::None;
    } else {
      return R::failure(
          "parameter 'resp_tls_auth_clients': expected 'yes', 'optional' or 'no', got '" +
          auth->second + "'");
    }
  }
  if (!p.enabled && (params.count("resp_bind") || params.count("requirepass") ||
                     params.count("resp_tls") || params.count("resp_tls_auth_clients"))) {
    return R::failure(
        "parameters 'resp_bind', 'requirepass', 'resp_tls' and 'resp_tls_auth_clients' need "
        "'resp_port'");
  }
  return p;
}

}  // namespace catslab::cats
