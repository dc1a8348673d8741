// "host:port" as a user types it back, an IPv6 host in brackets
// ("[::1]:6379"), for the YCSB client's messages. The client stands alone
// (it does not link the runtime, whose runtime::hostPort does the same).
#pragma once

#include <string>

namespace catslab::ycsb {

inline std::string hostPort(const std::string& host, const std::string& port) {
  const bool bareIPv6 = host.find(':') != std::string::npos && host.front() != '[';
  return (bareIPv6 ? "[" + host + "]" : host) + ":" + port;
}

inline std::string hostPort(const std::string& host, int port) {
  return hostPort(host, std::to_string(port));
}

}  // namespace catslab::ycsb
