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
      home_(first % nodes_.size()),
      current_(home_),
      timeoutMs_(timeoutMs),
      password_(std::move(password)),
      label_(std::move(label)),
      log_(std::move(log)),
      sleep_([](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }),
      now_([] { return Clock::now(); }) {}

Result<std::unique_ptr<RespClient>> FailoverClient::open(const Endpoint& node,
                                                         int timeoutMs) const {
  using Opened = Result<std::unique_ptr<RespClient>>;
  auto client = std::make_unique<RespClient>(node.host, node.port, timeoutMs);
  if (Status s = client->connect(); !s) return Opened(s);
  if (!password_.empty()) {
    auto r = client->call({"AUTH", password_});
    if (!r || r->kind == RespReply::Kind::Error) {
      return Opened::failure("AUTH failed at " + node.address() + ": " + (r ? r->text : r.error()));
    }
  }
  return Opened(std::move(client));
}

Status FailoverClient::connectCurrent() {
  auto opened = open(nodes_[current_], timeoutMs_);
  if (!opened) return Status::failure(opened.error());
  client_ = std::move(*opened);
  return Status::ok();
}

void FailoverClient::maybeGoHome() {
  if (current_ == home_ || now_() < nextHomeProbe_) return;
  const Endpoint& home = nodes_[home_];
  auto probe = open(home, kHomeProbeTimeoutMs);
  if (probe) {
    auto pong = (*probe)->call({"PING"});
    if (pong && pong->kind == RespReply::Kind::Simple && pong->text == "PONG") {
      const std::string from = nodes_[current_].address();
      client_ = std::move(*probe);
      current_ = home_;
      homeProbeWait_ = kFirstHomeProbe;
      ++counters_.failbacks;
      if (log_) log_(label_ + ": " + home.address() + " answers again; back there from " + from);
      return;
    }
  }
  nextHomeProbe_ = now_() + homeProbeWait_;
  homeProbeWait_ = std::min(homeProbeWait_ * 2, kMaxHomeProbe);
}

void FailoverClient::moveOn(const std::string& why) {
  client_.reset();
  if (nodes_.size() < 2) return;
  const std::string from = nodes_[current_].address();
  if (current_ == home_) {
    nextHomeProbe_ = now_() + kFirstHomeProbe;
    homeProbeWait_ = kFirstHomeProbe * 2;
  }
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
  maybeGoHome();
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
