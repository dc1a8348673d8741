#include "runtime/host_address.h"

#include <arpa/inet.h>

namespace catslab::runtime {

std::string hostPort(const std::string& host, std::uint16_t port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool isIpAddress(const std::string& host) {
  unsigned char buf[16];
  return ::inet_pton(AF_INET, host.c_str(), buf) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

std::string defaultBindAddress(const std::string& host) {
  if (host.empty()) return "127.0.0.1";
  return isIpAddress(host) ? host : "127.0.0.1";
}

}  // namespace catslab::runtime
