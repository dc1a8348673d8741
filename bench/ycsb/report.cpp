#include "report.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <sstream>

namespace catslab::ycsb {

std::string javaDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string s(buffer, ec == std::errc() ? end : buffer);
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  return s;
}

std::string percentileName(double percentile) {
  if (std::fmod(percentile, 1.0) != 0) return javaDouble(percentile);
  auto n = static_cast<int64_t>(percentile);
  static const char* suffixes[] = {"th", "st", "nd", "rd", "th", "th", "th", "th", "th", "th"};
  int lastTwo = static_cast<int>(n % 100);
  if (lastTwo >= 11 && lastTwo <= 13) return std::to_string(n) + "th";
  return std::to_string(n) + suffixes[n % 10];
}

std::string formatReport(const StatsTable& stats, int64_t runtimeMs, int64_t operations,
                         const std::vector<double>& percentiles) {
  std::ostringstream out;
  double throughput =
      runtimeMs > 0 ? 1000.0 * static_cast<double>(operations) / static_cast<double>(runtimeMs)
                    : 0.0;
  out << "[OVERALL], RunTime(ms), " << runtimeMs << "\n";
  out << "[OVERALL], Throughput(ops/sec), " << javaDouble(throughput) << "\n";
  for (const auto& [name, s] : stats) {
    const LatencyHistogram& h = s.latency;
    out << "[" << name << "], Operations, " << h.count() << "\n";
    out << "[" << name << "], AverageLatency(us), " << javaDouble(h.mean()) << "\n";
    out << "[" << name << "], MinLatency(us), " << h.min() << "\n";
    out << "[" << name << "], MaxLatency(us), " << h.max() << "\n";
    for (double p : percentiles) {
      out << "[" << name << "], " << percentileName(p) << "PercentileLatency(us), "
          << h.percentile(p) << "\n";
    }
    for (const auto& [status, count] : s.returns) {
      out << "[" << name << "], Return=" << status << ", " << count << "\n";
    }
  }
  return out.str();
}

std::string formatCounters(const std::map<std::string, int64_t>& counters) {
  std::string out;
  for (const auto& [name, n] : counters) {
    out += "[CLIENT], " + name + ", " + std::to_string(n) + "\n";
  }
  return out;
}

namespace {
// DecimalFormat("#.##")
std::string twoDecimals(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  std::string s = buffer;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

void unit(std::string& out, int64_t n, const char* name) {
  if (!out.empty()) out += ' ';
  out += std::to_string(n) + " " + name + (n == 1 ? "" : "s");
}
}  // namespace

std::string formatRemaining(int64_t seconds) {
  std::string out;
  int64_t days = seconds / 86400, hours = seconds / 3600 % 24, minutes = seconds / 60 % 60;
  if (days > 0) unit(out, days, "day");
  if (hours > 0) unit(out, hours, "hour");
  if (minutes > 0 && days == 0) unit(out, minutes, "minute");
  if (days == 0 && hours == 0 && (seconds % 60 > 0 || out.empty()))
    unit(out, seconds % 60, "second");
  return out;
}

StatsTable intervalOf(const StatsTable& now, const StatsTable& before) {
  StatsTable out;
  for (const auto& [name, s] : now) {
    OperationStats d;
    auto old = std::find_if(before.begin(), before.end(),
                            [&](const auto& entry) { return entry.first == name; });
    d.latency = old == before.end() ? s.latency : s.latency.since(old->second.latency);
    out.emplace_back(name, std::move(d));
  }
  return out;
}

std::string formatStatusLine(const StatusSnapshot& snapshot, const StatsTable& stats) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(snapshot.now.time_since_epoch())
                .count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm local{};
  localtime_r(&secs, &local);
  char stamp[64];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);
  char millis[8];
  std::snprintf(millis, sizeof millis, ":%03d", static_cast<int>(ms % 1000));
  std::ostringstream out;
  out << stamp << millis << " " << snapshot.elapsedSeconds << " sec: " << snapshot.operations
      << " operations; ";
  if (snapshot.operations != 0) {
    out << twoDecimals(snapshot.currentOpsPerSecond) << " current ops/sec; ";
  }
  if (snapshot.remainingSeconds >= 0) {
    out << "est completion in " << formatRemaining(snapshot.remainingSeconds) << " ";
  }
  for (const auto& [name, s] : stats) {
    const LatencyHistogram& h = s.latency;
    if (h.count() == 0) continue;
    out << "[" << name << ": Count=" << h.count() << ", Max=" << h.max() << ", Min=" << h.min()
        << ", Avg=" << twoDecimals(h.mean()) << ", 90=" << h.percentile(90)
        << ", 99=" << h.percentile(99) << ", 99.9=" << h.percentile(99.9)
        << ", 99.99=" << h.percentile(99.99) << "] ";
  }
  std::string line = out.str();
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

}  // namespace catslab::ycsb
