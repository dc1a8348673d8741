#include "failover_client.h"

#include <algorithm>
#include <thread>

namespace catslab::ycsb {

using runtime::Result;
using runtime::Status;
using Clock = std::chrono::steady_clock;

FailoverClient::FailoverClient(std::vector<Endpoint> nodes, size_t first, int timeoutMs,
                               std::string password, std::string label,
                               std::function<void(const std::string&)> log)
    : nodes_(std::move(nodes)),
      current_(first % nodes_.size()),
      timeoutMs_(timeoutMs),
      password_(std::move(password)),
      label_(std::move(label)),
      log_(std::move(log)),
      sleep_([](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }) {}

Status FailoverClient::connectCurrent() {
  const Endpoint& node = nodes_[current_];
  auto client = std::make_unique<RespClient>(node.host, node.port, timeoutMs_);
  if (Status s = client->connect(); !s) return s;
  if (!password_.empty()) {
    auto r = client->call({"AUTH", password_});
    if (!r || r->kind == RespReply::Kind::Error) {
      return Status::failure("AUTH failed at " + node.address() + ": " + (r ? r->text : r.error()));
    }
  }
  client_ = std::move(client);
  return Status::ok();
}

void FailoverClient::moveOn(const std::string& why) {
  client_.reset();
  if (nodes_.size() < 2) return;
  const std::string from = nodes_[current_].address();
  current_ = (current_ + 1) % nodes_.size();
  ++counters_.failovers;
  if (log_)
    log_(label_ + ": " + why + "; failing over from " + from + " to " + current().address());
}

Status FailoverClient::connectSomewhere(std::chrono::milliseconds budget, bool backOff) {
  const auto deadline = Clock::now() + budget;
  auto wait = kFirstBackOff;
  std::string reasons;
  for (;;) {
    // One round: every node once, ending where it started.
    reasons.clear();
    for (size_t tried = 0; tried < nodes_.size(); ++tried) {
      Status s = connectCurrent();
      if (s) return s;
      ++counters_.connectionErrors;
      reasons += (reasons.empty() ? "" : "; ") + s.error();
      moveOn(s.error());
    }
    const auto now = Clock::now();
    if (!backOff || now >= deadline) break;
    ++counters_.backOffs;
    // Rounded up, so that the round after a cut wait is the last one.
    sleep_(std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(deadline - now)));
    wait = std::min(wait * 2, kMaxBackOff);
  }
  return Status::failure(reasons);
}

Status FailoverClient::connect() {
  return connectSomewhere(std::chrono::milliseconds(0), /*backOff=*/false);
}

Result<RespReply> FailoverClient::call(const std::vector<std::string>& args) {
  if (!client_) {
    if (Status s = connectSomewhere(std::chrono::milliseconds(timeoutMs_), true); !s) {
      return Result<RespReply>(s);
    }
  }
  auto reply = client_->call(args);
  if (reply) {
    ++counters_.answeredBy[current().address()];
    return reply;
  }
  ++counters_.noReply;
  moveOn(reply.error());
  return reply;
}

}  // namespace catslab::ycsb
