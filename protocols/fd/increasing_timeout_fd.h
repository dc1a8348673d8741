// Increasing-timeout eventually perfect failure detector (Cachin, Guerraoui,
// Rodrigues, Algorithm 2.7), implementing EventuallyPerfectFailureDetector
// over Network and Timer.
//
// Every `delay` it sends a HeartbeatRequest to each monitored process and
// suspects those that did not answer the previous round; when it learns that
// a suspicion was wrong it restores the process and increases `delay` by
// `delta`. In a partially synchronous system the delay eventually exceeds the
// (unknown) bound on round-trip time, which gives eventual strong accuracy;
// a crashed process never answers, which gives strong completeness.
//
// Owned by its parent; single-threaded like every component.
#pragma once

#include <map>
#include <set>
#include <string>

#include "protocols/fd/fd_port.h"
#include "runtime/component.h"
#include "runtime/network.h"
#include "runtime/timer.h"

namespace catslab::protocols {

struct HeartbeatRequest : runtime::EventOf<HeartbeatRequest, runtime::Message> {
  using Base::Base;
};
struct HeartbeatReply : runtime::EventOf<HeartbeatReply, runtime::Message> {
  using Base::Base;
};

struct FdOptions {
  runtime::Duration initialDelay = std::chrono::milliseconds(100);
  runtime::Duration delta = std::chrono::milliseconds(50);
};

class IncreasingTimeoutFd : public runtime::ComponentDefinition {
 public:
  IncreasingTimeoutFd(runtime::Address self, FdOptions options = {});
  void inspect(runtime::StateWriter& out) const override;

 private:
  struct CheckTimeout : runtime::EventOf<CheckTimeout, runtime::Timeout> {};

  void onStart() override;
  void onStartMonitoring(const StartMonitoring& request);
  void onStopMonitoring(const StopMonitoring& request);
  void onCheckTimeout(const CheckTimeout& timeout);
  void onHeartbeatRequest(const HeartbeatRequest& request);
  void onHeartbeatReply(const HeartbeatReply& reply);

  runtime::Negative<EventuallyPerfectFailureDetector> fd_ =
      provide<EventuallyPerfectFailureDetector>();
  runtime::Positive<runtime::Network> network_ = require<runtime::Network>();
  runtime::Positive<runtime::Timer> timer_ = require<runtime::Timer>();

  runtime::Address self_;
  runtime::Duration delay_;
  runtime::Duration delta_;
  std::map<std::string, runtime::Address> monitored_;  // by node id
  std::set<std::string> alive_;                        // answered since the last check
  std::set<std::string> suspected_;
  std::uint64_t rounds_ = 0;
};

}  // namespace catslab::protocols
