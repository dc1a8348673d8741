#include "resp_client.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace catslab::ycsb {

using runtime::Result;
using runtime::Status;

RespClient::RespClient(std::string host, int port, int timeoutMs)
    : host_(std::move(host)), port_(port), timeoutMs_(timeoutMs) {}

RespClient::~RespClient() { close(); }

void RespClient::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  in_.clear();
  pos_ = 0;
}

Status RespClient::connect() {
  close();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(host_.c_str(), std::to_string(port_).c_str(), &hints, &found);
  if (rc != 0) return Status::failure(address() + ": " + gai_strerror(rc));
  std::string error = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
      fd_ = fd;
      break;
    }
    error = std::strerror(errno);
    ::close(fd);
  }
  freeaddrinfo(found);
  if (fd_ < 0) return Status::failure("cannot connect to " + address() + ": " + error);
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  timeval tv{timeoutMs_ / 1000, (timeoutMs_ % 1000) * 1000};
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  return Status::ok();
}

Status RespClient::readMore() {
  if (pos_ > 0 && pos_ == in_.size()) {
    in_.clear();
    pos_ = 0;
  }
  char buffer[16384];
  ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
  if (n > 0) {
    in_.append(buffer, static_cast<size_t>(n));
    return Status::ok();
  }
  if (n == 0) return Status::failure(address() + ": connection closed by the server");
  if (errno == EAGAIN || errno == EWOULDBLOCK) {
    return Status::failure(address() + ": no reply within " + std::to_string(timeoutMs_) + " ms");
  }
  return Status::failure(address() + ": " + std::strerror(errno));
}

Result<std::string> RespClient::readLine() {
  for (;;) {
    size_t end = in_.find("\r\n", pos_);
    if (end != std::string::npos) {
      std::string line = in_.substr(pos_, end - pos_);
      pos_ = end + 2;
      return line;
    }
    if (Status s = readMore(); !s) return Result<std::string>(s);
  }
}

Result<RespReply> RespClient::readReply(int depth) {
  auto line = readLine();
  if (!line) return Result<RespReply>(Status::failure(line.error()));
  if (line->empty() || depth > 8) {
    return Result<RespReply>::failure(address() + ": malformed reply");
  }
  RespReply reply;
  char type = (*line)[0];
  std::string rest = line->substr(1);
  switch (type) {
    case '+':
      reply.kind = RespReply::Kind::Simple;
      reply.text = rest;
      return reply;
    case '-':
      reply.kind = RespReply::Kind::Error;
      reply.text = rest;
      return reply;
    case ':':
      reply.kind = RespReply::Kind::Integer;
      reply.text = rest;
      return reply;
    case '$': {
      long length = std::strtol(rest.c_str(), nullptr, 10);
      if (length < 0) return reply;  // Nil
      while (in_.size() - pos_ < static_cast<size_t>(length) + 2) {
        if (Status s = readMore(); !s) return Result<RespReply>(s);
      }
      reply.kind = RespReply::Kind::Bulk;
      reply.text = in_.substr(pos_, static_cast<size_t>(length));
      pos_ += static_cast<size_t>(length) + 2;
      return reply;
    }
    case '*': {
      long count = std::strtol(rest.c_str(), nullptr, 10);
      if (count < 0) return reply;
      reply.kind = RespReply::Kind::Array;
      for (long i = 0; i < count; ++i) {
        auto element = readReply(depth + 1);
        if (!element) return element;
        reply.elements.push_back(std::move(*element));
      }
      return reply;
    }
    default:
      return Result<RespReply>::failure(address() + ": malformed reply '" + *line + "'");
  }
}

Result<RespReply> RespClient::call(const std::vector<std::string>& args) {
  if (fd_ < 0) {
    if (Status s = connect(); !s) return Result<RespReply>(s);
  }
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (const std::string& a : args) {
    out += "$" + std::to_string(a.size()) + "\r\n";
    out += a;
    out += "\r\n";
  }
  size_t sent = 0;
  while (sent < out.size()) {
    ssize_t n = ::send(fd_, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      Status failed = Status::failure(address() + ": " + std::strerror(errno));
      close();
      return Result<RespReply>(failed);
    }
    sent += static_cast<size_t>(n);
  }
  auto reply = readReply(0);
  if (!reply) close();  // a half-read reply would desynchronise the next one
  return reply;
}

}  // namespace catslab::ycsb
