// Host addresses as people write them in topologies and on command lines:
// IPv4 and IPv6 literals and DNS names (docs/deploy.md, "Many hosts").
#pragma once

#include <cstdint>
#include <string>

namespace catslab::runtime {

// "host:port", with an IPv6 host in brackets ("[::1]:7001").
std::string hostPort(const std::string& host, std::uint16_t port);
// True for an IPv4 or IPv6 literal ("10.0.0.5", "::1"), false for a name.
bool isIpAddress(const std::string& host);
// Where a node listens when its topology entry names no `bind` address:
// its advertised host if that is an IP address (so it is reachable there
// and nowhere else), else loopback (a DNS name may name any interface;
// listening on more must be asked for).
std::string defaultBindAddress(const std::string& host);

}  // namespace catslab::runtime
