#include "runtime/net/tls_context.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <ctime>

namespace catslab::net {

namespace ssl = boost::asio::ssl;

namespace {

std::string reasonOf(const boost::system::system_error& e) {
  std::string text = e.code().message();
  return text.empty() ? e.what() : text;
}

// ASN1_TIME to seconds since the epoch; false if unreadable.
bool toTimeT(const ASN1_TIME* t, std::time_t& out) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return false;
  out = timegm(&tm);
  return true;
}

std::string formatUtc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

}  // namespace

runtime::Result<std::shared_ptr<ssl::context>> makeTlsContext(const TlsFiles& files) {
  using R = runtime::Result<std::shared_ptr<ssl::context>>;
  if (!files.complete()) {
    return R::failure("TLS needs all three of tls_cert, tls_key and tls_ca");
  }
  auto context = std::make_shared<ssl::context>(ssl::context::tls);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use);
  std::string error;
  auto load = [&error](const char* field, const std::string& path, auto&& step) {
    if (!error.empty()) return;
    try {
      step(path);
    } catch (const boost::system::system_error& e) {
      error = std::string("cannot load ") + field + " '" + path + "': " + reasonOf(e);
    }
  };
  load("tls_cert", files.cert,
       [&](const std::string& p) { context->use_certificate_chain_file(p); });
  load("tls_key", files.key,
       [&](const std::string& p) { context->use_private_key_file(p, ssl::context::pem); });
  load("tls_ca", files.ca, [&](const std::string& p) { context->load_verify_file(p); });
  if (!error.empty()) return R::failure(error);
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    return R::failure("tls_key '" + files.key + "' is not the key of tls_cert '" + files.cert +
                      "'");
  }
  // Both roles demand a certificate from the other side: mutual TLS.
  context->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  return context;
}

std::string certificateValidityProblem(const std::string& certFile,
                                       std::chrono::system_clock::time_point now,
                                       std::chrono::hours soon) {
  std::FILE* f = std::fopen(certFile.c_str(), "r");
  if (!f) return "cannot be read";
  X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (!cert) return "is not a PEM certificate";
  std::time_t notBefore = 0, notAfter = 0;
  const bool ok =
      toTimeT(X509_get0_notBefore(cert), notBefore) && toTimeT(X509_get0_notAfter(cert), notAfter);
  X509_free(cert);
  if (!ok) return "has unreadable validity dates";
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  if (t > notAfter) return "expired on " + formatUtc(notAfter);
  if (t < notBefore) return "is not valid before " + formatUtc(notBefore);
  const auto left = std::chrono::seconds(notAfter - t);
  if (left < soon) {
    return "expires on " + formatUtc(notAfter) + " (in " +
           std::to_string(std::chrono::duration_cast<std::chrono::hours>(left).count()) + " hours)";
  }
  return {};
}

std::string verifyErrorText(int x509Error) { return X509_verify_cert_error_string(x509Error); }

}  // namespace catslab::net
