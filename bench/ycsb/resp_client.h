// RespClient: a small blocking Redis-protocol (RESP2) client over one TCP
// connection, enough for GET and SET: commands go out as arrays of bulk
// strings, replies are read whole. A reply that does not come within the
// timeout, or a broken connection, is an I/O error; the connection is then
// closed and the next command reconnects.
//
// One client per thread; not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host_port.h"
#include "runtime/result.h"

namespace catslab::ycsb {

struct RespReply {
  enum class Kind { Simple, Error, Integer, Bulk, Nil, Array };
  Kind kind = Kind::Nil;
  std::string text;  // Simple, Error, Bulk; Integer as digits
  std::vector<RespReply> elements;
};

class RespClient {
 public:
  RespClient(std::string host, int port, int timeoutMs);
  ~RespClient();
  RespClient(const RespClient&) = delete;
  RespClient& operator=(const RespClient&) = delete;

  [[nodiscard]] runtime::Status connect();
  // Sends one command and reads its reply; failure means I/O (the message says which).
  runtime::Result<RespReply> call(const std::vector<std::string>& args);
  std::string address() const { return hostPort(host_, port_); }

 private:
  runtime::Status readMore();
  runtime::Result<std::string> readLine();
  runtime::Result<RespReply> readReply(int depth);
  void close();

  std::string host_;
  int port_;
  int timeoutMs_;
  int fd_ = -1;
  std::string in_;
  size_t pos_ = 0;
};

}  // namespace catslab::ycsb
