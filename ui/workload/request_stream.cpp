#include "ui/workload/request_stream.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace catslab::ui::workload {

using runtime::Result;
using runtime::Status;

namespace {

std::string percent(double f) { return std::to_string(static_cast<int>(std::lround(f * 100))); }

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

bool toDouble(std::string_view text, double& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

bool toInt(std::string_view text, int& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}
}  // namespace

Status WorkloadSpec::validate() const {
  if (!(ratePerSecond > 0 && ratePerSecond <= 1000))
    return Status::failure("rate must be in (0, 1000] requests per second, got " +
                           number(ratePerSecond));
  if (!(readFraction >= 0 && readFraction <= 1))
    return Status::failure("reads must be a share in [0, 1], got " + number(readFraction));
  if (!(deleteFraction >= 0 && deleteFraction <= 1))
    return Status::failure("dels must be a share in [0, 1], got " + number(deleteFraction));
  if (readFraction + deleteFraction > 1 + 1e-9)
    return Status::failure("reads + dels must be at most 1, got " +
                           number(readFraction + deleteFraction));
  if (keyCount < 1 || keyCount > 1'000'000)
    return Status::failure("keys must be 1..1000000, got " + std::to_string(keyCount));
  if (valueSize < 1 || valueSize > 4096)
    return Status::failure("value must be 1..4096 bytes, got " + std::to_string(valueSize));
  if (keys == KeyDistribution::Zipf && !(zipfExponent > 0 && zipfExponent <= 10))
    return Status::failure("s (the Zipf exponent) must be in (0, 10], got " + number(zipfExponent));
  return Status::ok();
}

std::int64_t WorkloadSpec::periodNs() const {
  const double ms = ratePerSecond > 0 ? 1000.0 / ratePerSecond : 1000.0;
  return std::max<std::int64_t>(1, std::llround(ms)) * kMs;
}

std::string WorkloadSpec::describe() const {
  const double puts = std::max(0.0, 1 - readFraction - deleteFraction);
  std::string s =
      number(ratePerSecond) + "/s, " + percent(readFraction) + "% get " + percent(puts) + "% put";
  if (deleteFraction > 0) s += " " + percent(deleteFraction) + "% del";
  s += ", " + std::to_string(keyCount) + " keys ";
  s += keys == KeyDistribution::Zipf ? "zipf(" + number(zipfExponent) + ")" : "uniform";
  return s + ", " + std::to_string(valueSize) + "-byte values";
}

Result<WorkloadSpec> WorkloadSpec::parse(std::string_view text) {
  using R = Result<WorkloadSpec>;
  WorkloadSpec spec;
  while (!trim(text).empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos)
      return R::failure("'" + std::string(item) + "': expected name=value");
    const std::string name(trim(item.substr(0, eq)));
    const std::string_view value = trim(item.substr(eq + 1));
    bool ok = true;
    if (name == "rate") {
      ok = toDouble(value, spec.ratePerSecond);
    } else if (name == "reads") {
      ok = toDouble(value, spec.readFraction);
    } else if (name == "dels") {
      ok = toDouble(value, spec.deleteFraction);
    } else if (name == "keys") {
      ok = toInt(value, spec.keyCount);
    } else if (name == "value") {
      ok = toInt(value, spec.valueSize);
    } else if (name == "s") {
      ok = toDouble(value, spec.zipfExponent);
    } else if (name == "dist") {
      if (value == "zipf") {
        spec.keys = KeyDistribution::Zipf;
      } else if (value == "uniform") {
        spec.keys = KeyDistribution::Uniform;
      } else {
        return R::failure("dist must be uniform or zipf, got '" + std::string(value) + "'");
      }
    } else {
      return R::failure("unknown setting '" + name + "' (rate, reads, dels, keys, value, dist, s)");
    }
    if (!ok) return R::failure(name + ": not a number: '" + std::string(value) + "'");
  }
  if (Status s = spec.validate(); !s) return s;
  return spec;
}

ZipfSampler::ZipfSampler(int n, double s) {
  cdf_.reserve(static_cast<std::size_t>(std::max(n, 0)));
  double sum = 0;
  for (int r = 1; r <= n; ++r) cdf_.push_back(sum += 1.0 / std::pow(r, s));
  for (double& c : cdf_) c /= sum;
}

int ZipfSampler::sample(runtime::Random& random) const {
  const double u = random.uniform();
  const auto it = std::upper_bound(cdf_.begin(), cdf_.end(), u);
  return static_cast<int>(
      std::min<std::ptrdiff_t>(it - cdf_.begin(), static_cast<std::ptrdiff_t>(cdf_.size()) - 1));
}

double ZipfSampler::probability(int rank) const {
  const auto r = static_cast<std::size_t>(rank);
  return r == 0 ? cdf_[0] : cdf_[r] - cdf_[r - 1];
}

RequestStream::RequestStream(WorkloadSpec spec, std::uint64_t seed, std::string tag)
    : spec_(spec),
      random_(seed),
      zipf_(spec.keys == KeyDistribution::Zipf ? spec.keyCount : 0, spec.zipfExponent),
      tag_(std::move(tag)) {}

Request RequestStream::next() {
  Request r;
  const double u = random_.uniform();
  r.kind = u < spec_.readFraction                          ? Request::Kind::Get
           : u < spec_.readFraction + spec_.deleteFraction ? Request::Kind::Del
                                                           : Request::Kind::Put;
  const int rank =
      spec_.keys == KeyDistribution::Zipf
          ? zipf_.sample(random_)
          : static_cast<int>(random_.below(static_cast<std::uint64_t>(spec_.keyCount)));
  r.key = "k" + std::to_string(rank);
  ++issued_;
  switch (r.kind) {
    case Request::Kind::Get:
      r.line = "get " + r.key;
      break;
    case Request::Kind::Del:
      r.line = "del " + r.key;
      break;
    case Request::Kind::Put: {
      std::string value = tag_ + "." + std::to_string(issued_);
      if (value.size() < static_cast<std::size_t>(spec_.valueSize))
        value.resize(static_cast<std::size_t>(spec_.valueSize), '.');
      r.line = "put " + r.key + " " + value;
      break;
    }
  }
  return r;
}

}  // namespace catslab::ui::workload
