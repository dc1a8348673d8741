// Mutual TLS between nodes (docs/deploy.md, "TLS between nodes"): the
// files a node is given and the OpenSSL context made of them.
//
// One context serves both roles of a node: it presents its certificate when
// it dials and when it is dialled, and it admits a peer only if the peer
// presents a certificate that chains to the cluster's CA (tls_ca) and is
// valid now. Names in certificates are not checked: the CA is the trust
// boundary, every certificate it signed belongs to the cluster.
//
// The context is used on the I/O thread only once made.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "runtime/result.h"

namespace catslab::net {

// How long a peer that connected may take to complete the TLS handshake
// before its connection is closed (TcpNetworkConfig, the RESP front end and
// the monitor connection; catslab-node --tls-handshake-timeout).
inline constexpr std::chrono::milliseconds kDefaultTlsHandshakeTimeout{5000};

struct TlsFiles {
  std::string cert;  // PEM: this node's certificate (chain)
  std::string key;   // PEM: its private key
  std::string ca;    // PEM: the cluster's CA certificate(s)

  bool any() const { return !cert.empty() || !key.empty() || !ca.empty(); }
  bool complete() const { return !cert.empty() && !key.empty() && !ca.empty(); }
};

// Loads the files; the error names the file and OpenSSL's reason.
[[nodiscard]] runtime::Result<std::shared_ptr<boost::asio::ssl::context>> makeTlsContext(
    const TlsFiles& files);

// What is wrong with the certificate in `certFile` at `now`, for a warning
// at start: "" when it is valid for more than `soon`, else e.g. "expired on
// 2026-12-06 02:29:33 UTC" or "expires on ... (in 3 days)".
std::string certificateValidityProblem(const std::string& certFile,
                                       std::chrono::system_clock::time_point now,
                                       std::chrono::hours soon = std::chrono::hours(24 * 14));

// OpenSSL's words for why verifying a peer's certificate failed, kept by
// the verify callback of one connection ("certificate has expired").
std::string verifyErrorText(int x509Error);

}  // namespace catslab::net
