// The etcd driver: etcd 3.4's v3 API through its HTTP/JSON gateway (the
// grpc-gateway on each member's client URL), with Boost.Beast over one
// keep-alive connection per client thread. A record is one value (as for
// redis and cats): PUT is POST /v3/kv/put, GET is POST /v3/kv/range, which
// etcd serves linearizably by default (a ReadIndex round through the leader);
// keys and values travel base64-encoded, as the gateway wants them.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <cstring>
#include <optional>

#include "drivers.h"
#include "host_port.h"

namespace catslab::ycsb {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::optional<std::string> base64Decode(const std::string& in) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : in) {
    if (c == '=') break;
    const char* p = std::strchr(kAlphabet, c);
    if (p == nullptr || c == '\0') return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(p - kAlphabet);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xff);
    }
  }
  return out;
}

class EtcdDb : public Db {
 public:
  EtcdDb(std::string host, std::string port, int timeoutMs)
      : host_(std::move(host)), port_(std::move(port)), timeoutMs_(timeoutMs) {}

  Status init() override {
    if (!connect()) return Status::failure("etcd: cannot connect to " + address() + ": " + error_);
    return Status::ok();
  }

  DbStatus read(const std::string&, const std::string& key, Record* result) override {
    std::string body;
    DbStatus s = post("/v3/kv/range", "{\"key\":\"" + base64Encode(key) + "\"}", body);
    if (s != DbStatus::Ok) return s;
    // {"header":{...},"kvs":[{"key":"..",...,"value":".."}],"count":"1"}; no "kvs" if absent.
    size_t kvs = body.find("\"kvs\"");
    if (kvs == std::string::npos) return DbStatus::NotFound;
    size_t v = body.find("\"value\":\"", kvs);
    if (v == std::string::npos) return DbStatus::UnexpectedState;
    v += 9;
    size_t end = body.find('"', v);
    auto value = base64Decode(body.substr(v, end - v));
    if (!value) return DbStatus::UnexpectedState;
    auto record = decodeRecord(*value);
    if (!record) return DbStatus::UnexpectedState;
    if (result) *result = std::move(*record);
    return DbStatus::Ok;
  }

  DbStatus update(const std::string& t, const std::string& key, const Record& values) override {
    return insert(t, key, values);
  }

  DbStatus insert(const std::string&, const std::string& key, const Record& values) override {
    std::string body;
    return post("/v3/kv/put",
                "{\"key\":\"" + base64Encode(key) + "\",\"value\":\"" +
                    base64Encode(encodeRecord(values)) + "\"}",
                body);
  }

 private:
  static std::string base64Encode(const std::string& in) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
      uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
      for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(n >> s) & 63];
    }
    if (i + 1 == in.size()) {
      uint32_t n = uint8_t(in[i]) << 16;
      out += kAlphabet[(n >> 18) & 63];
      out += kAlphabet[(n >> 12) & 63];
      out += "==";
    } else if (i + 2 == in.size()) {
      uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
      out += kAlphabet[(n >> 18) & 63];
      out += kAlphabet[(n >> 12) & 63];
      out += kAlphabet[(n >> 6) & 63];
      out += '=';
    }
    return out;
  }

  std::string address() const { return hostPort(host_, port_); }

  bool connect() {
    try {
      stream_.emplace(io_);
      tcp::resolver resolver(io_);
      stream_->expires_after(std::chrono::milliseconds(timeoutMs_));
      stream_->connect(resolver.resolve(host_, port_));
      stream_->socket().set_option(tcp::no_delay(true));
      return true;
    } catch (const std::exception& e) {
      error_ = e.what();
      stream_.reset();
      return false;
    }
  }

  DbStatus post(const char* target, std::string payload, std::string& body) {
    if (!stream_ && !connect()) return DbStatus::Error;
    try {
      http::request<http::string_body> request{http::verb::post, target, 11};
      request.set(http::field::host, host_);
      request.set(http::field::content_type, "application/json");
      request.keep_alive(true);
      request.body() = std::move(payload);
      request.prepare_payload();
      stream_->expires_after(std::chrono::milliseconds(timeoutMs_));
      http::write(*stream_, request);
      http::response<http::string_body> response;
      http::read(*stream_, buffer_, response);
      body = std::move(response.body());
      if (!response.keep_alive()) stream_.reset();
      if (response.result() == http::status::ok) return DbStatus::Ok;
      // gRPC code 14 (unavailable) or 4 (deadline exceeded): no leader, no quorum in time.
      if (body.find("\"code\":14") != std::string::npos ||
          body.find("\"code\":4") != std::string::npos) {
        return DbStatus::ServiceUnavailable;
      }
      return DbStatus::Error;
    } catch (const std::exception&) {
      stream_.reset();
      buffer_.clear();
      return DbStatus::Error;
    }
  }

  std::string host_;
  std::string port_;
  int timeoutMs_;
  boost::asio::io_context io_;
  std::optional<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  std::string error_;
};

}  // namespace

Result<std::unique_ptr<Db>> createEtcdDb(const Properties& props, int thread) {
  using R = Result<std::unique_ptr<Db>>;
  std::string list = props.get("etcd.endpoints", "http://127.0.0.1:2379");
  std::vector<std::pair<std::string, std::string>> endpoints;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string e = list.substr(start, comma - start);
    if (e.rfind("http://", 0) == 0) e = e.substr(7);
    size_t colon = e.rfind(':');
    int port = 0;
    if (colon != std::string::npos) {
      auto [end, ec] = std::from_chars(e.data() + colon + 1, e.data() + e.size(), port);
      if (ec != std::errc() || end != e.data() + e.size()) port = 0;
    }
    if (colon == std::string::npos || colon == 0 || port <= 0 || port > 65535) {
      return R::failure(props.where("etcd.endpoints") + ": expected http://host:port[,...], got '" +
                        list.substr(start, comma - start) + "'");
    }
    endpoints.emplace_back(e.substr(0, colon), std::to_string(port));
    start = comma + 1;
  }
  auto timeout = props.getInt("etcd.timeout", 10000, 1);
  if (!timeout) return R::failure(timeout.error());
  const auto& mine = endpoints[static_cast<size_t>(thread) % endpoints.size()];
  return std::unique_ptr<Db>(
      std::make_unique<EtcdDb>(mine.first, mine.second, static_cast<int>(*timeout)));
}

}  // namespace catslab::ycsb
