#include "bench/runtime/bench_report.h"

#include <time.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace catslab::bench {

Report::Report(const std::string& bench) : line_("bench=" + bench) {}

Report& Report::add(const std::string& key, const std::string& value) {
  line_ += ' ' + key + '=' + value;
  return *this;
}

Report& Report::add(const std::string& key, std::int64_t value) {
  return add(key, std::to_string(value));
}

Report& Report::add(const std::string& key, double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return add(key, std::string(buf));
}

void Report::print() const {
  std::printf("%s\n", line_.c_str());
  std::fflush(stdout);
}

double processCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::int64_t residentBytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    std::istringstream fields(line.substr(6));
    std::int64_t kib = -1;
    fields >> kib;
    return kib < 0 ? -1 : kib * 1024;
  }
  return -1;
}

}  // namespace catslab::bench
