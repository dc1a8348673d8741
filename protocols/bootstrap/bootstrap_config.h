// Timing and size parameters shared by the bootstrap server and client.
#pragma once

#include <map>
#include <string>

#include "runtime/clock.h"
#include "runtime/result.h"

namespace catslab::protocols::bootstrap {

struct BootstrapConfig {
  runtime::Duration keepAlivePeriod = std::chrono::milliseconds(500);
  // An entry not refreshed for this long is evicted (4 missed keep-alives).
  runtime::Duration evictionAge = std::chrono::milliseconds(2000);
  runtime::Duration sweepPeriod = std::chrono::milliseconds(250);
  runtime::Duration joinRetry = std::chrono::milliseconds(1000);
  int sampleSize = 5;

  // Stack parameters "keepalive_ms", "evict_ms", "sample"; errors name the
  // parameter and the bad value.
  static runtime::Result<BootstrapConfig> fromParams(const std::map<std::string, std::string>& p);
};

}  // namespace catslab::protocols::bootstrap
