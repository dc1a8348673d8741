#include "protocols/fd/increasing_timeout_fd.h"

#include <algorithm>

#include "protocols/common/node_set.h"

namespace catslab::protocols {

using runtime::Address;

IncreasingTimeoutFd::IncreasingTimeoutFd(Address self, FdOptions options)
    : self_(std::move(self)), delay_(options.initialDelay), delta_(options.delta) {
  subscribe(fd_, &IncreasingTimeoutFd::onStartMonitoring);
  subscribe(fd_, &IncreasingTimeoutFd::onStopMonitoring);
  subscribe(timer_, &IncreasingTimeoutFd::onCheckTimeout);
  subscribe(network_, &IncreasingTimeoutFd::onHeartbeatRequest);
  subscribe(network_, &IncreasingTimeoutFd::onHeartbeatReply);
}

void IncreasingTimeoutFd::onStart() { scheduleTimeout(timer_, delay_, CheckTimeout{}); }

void IncreasingTimeoutFd::onStartMonitoring(const StartMonitoring& request) {
  if (request.node == self_) return;
  // A newly monitored process gets one full period before it can be suspected.
  if (monitored_.emplace(request.node.id, request.node).second) alive_.insert(request.node.id);
}

void IncreasingTimeoutFd::onStopMonitoring(const StopMonitoring& request) {
  monitored_.erase(request.node.id);
  alive_.erase(request.node.id);
  suspected_.erase(request.node.id);
}

void IncreasingTimeoutFd::onCheckTimeout(const CheckTimeout&) {
  ++rounds_;
  // A process that is both alive and suspected was suspected too early.
  const bool prematureSuspicion =
      std::any_of(suspected_.begin(), suspected_.end(),
                  [this](const auto& id) { return alive_.count(id) > 0; });
  if (prematureSuspicion) delay_ += delta_;
  for (const auto& [id, node] : monitored_) {
    const bool alive = alive_.count(id) > 0;
    const bool suspected = suspected_.count(id) > 0;
    if (!alive && !suspected) {
      suspected_.insert(id);
      trigger(Suspect(node), fd_);
    } else if (alive && suspected) {
      suspected_.erase(id);
      trigger(Restore(node), fd_);
    }
    trigger(HeartbeatRequest(self_, node), network_);
  }
  alive_.clear();
  scheduleTimeout(timer_, delay_, CheckTimeout{});
}

void IncreasingTimeoutFd::onHeartbeatRequest(const HeartbeatRequest& request) {
  trigger(HeartbeatReply(self_, request.source), network_);
}

void IncreasingTimeoutFd::onHeartbeatReply(const HeartbeatReply& reply) {
  if (monitored_.count(reply.source.id)) alive_.insert(reply.source.id);
}

void IncreasingTimeoutFd::inspect(runtime::StateWriter& out) const {
  std::set<std::string> monitored;
  for (const auto& [id, node] : monitored_) monitored.insert(id);
  out.set("monitored", joinIds(monitored));
  out.set("suspects", joinIds(suspected_));
  out.set("delayMs", static_cast<std::int64_t>(delay_.count() / 1000000));
  out.set("rounds", rounds_);
}

}  // namespace catslab::protocols
