#include "runtime/sim/network_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace catslab::sim {

double LatencyModel::sampleMs(runtime::Random& random) const {
  switch (kind) {
    case Kind::Constant:
      return meanMs;
    case Kind::Uniform:
      return maxMs > minMs ? random.uniform(minMs, maxMs) : minMs;
    case Kind::Normal:
      return std::max(0.0, random.normal(meanMs, stddevMs));
    case Kind::Exponential:
      return meanMs > 0 ? random.exponential(meanMs) : 0.0;
    case Kind::Pareto:
      return shape > 0 ? random.pareto(minMs, shape) : minMs;
  }
  return meanMs;
}

double LatencyModel::expectedMs() const {
  switch (kind) {
    case Kind::Constant:
      return meanMs;
    case Kind::Uniform:
      return (minMs + maxMs) / 2;
    case Kind::Normal: {
      // Mean of max(0, N(mu, sigma)).
      if (stddevMs <= 0) return std::max(0.0, meanMs);
      const double z = meanMs / stddevMs;
      const double pdf = std::exp(-z * z / 2) / std::sqrt(2 * M_PI);
      const double cdf = 0.5 * std::erfc(-z / std::sqrt(2.0));
      return meanMs * cdf + stddevMs * pdf;
    }
    case Kind::Exponential:
      return meanMs;
    case Kind::Pareto:
      return shape > 1 ? minMs * shape / (shape - 1) : std::numeric_limits<double>::infinity();
  }
  return meanMs;
}

LatencyModel fromProto(const topology::LatencyModel& m) {
  LatencyModel out;
  switch (m.kind()) {
    case topology::LatencyModel::UNIFORM:
      out.kind = LatencyModel::Kind::Uniform;
      break;
    case topology::LatencyModel::NORMAL:
      out.kind = LatencyModel::Kind::Normal;
      break;
    case topology::LatencyModel::EXPONENTIAL:
      out.kind = LatencyModel::Kind::Exponential;
      break;
    case topology::LatencyModel::PARETO:
      out.kind = LatencyModel::Kind::Pareto;
      break;
    default:
      out.kind = LatencyModel::Kind::Constant;
      break;
  }
  out.meanMs = m.mean_ms();
  out.minMs = m.min_ms();
  out.maxMs = m.max_ms();
  out.stddevMs = m.stddev_ms();
  out.shape = m.shape();
  return out;
}

LinkModel fromProto(const topology::LinkModel& m) {
  LinkModel out;
  out.latency = fromProto(m.latency());
  out.jitterMs = m.jitter_ms();
  out.loss = m.loss();
  out.down = m.down();
  out.fifo = m.fifo();
  return out;
}

topology::LinkModel toProto(const LinkModel& m) {
  topology::LinkModel out;
  auto* l = out.mutable_latency();
  switch (m.latency.kind) {
    case LatencyModel::Kind::Constant:
      l->set_kind(topology::LatencyModel::CONSTANT);
      break;
    case LatencyModel::Kind::Uniform:
      l->set_kind(topology::LatencyModel::UNIFORM);
      break;
    case LatencyModel::Kind::Normal:
      l->set_kind(topology::LatencyModel::NORMAL);
      break;
    case LatencyModel::Kind::Exponential:
      l->set_kind(topology::LatencyModel::EXPONENTIAL);
      break;
    case LatencyModel::Kind::Pareto:
      l->set_kind(topology::LatencyModel::PARETO);
      break;
  }
  l->set_mean_ms(m.latency.meanMs);
  l->set_min_ms(m.latency.minMs);
  l->set_max_ms(m.latency.maxMs);
  l->set_stddev_ms(m.latency.stddevMs);
  l->set_shape(m.latency.shape);
  out.set_jitter_ms(m.jitterMs);
  out.set_loss(m.loss);
  out.set_down(m.down);
  out.set_fifo(m.fifo);
  return out;
}

void NetworkModel::setLink(const std::string& from, const std::string& to, const LinkModel& m) {
  links_[{from, to}] = m;
}

void NetworkModel::clearLink(const std::string& from, const std::string& to) {
  links_.erase({from, to});
}

void NetworkModel::setLinkDown(const std::string& a, const std::string& b, bool down) {
  for (const Pair& p : {Pair{a, b}, Pair{b, a}}) {
    auto it = links_.find(p);
    if (it == links_.end()) it = links_.emplace(p, default_).first;
    it->second.down = down;
  }
}

const LinkModel& NetworkModel::model(const std::string& from, const std::string& to) const {
  if (links_.empty()) return default_;
  auto it = links_.find({from, to});
  return it == links_.end() ? default_ : it->second;
}

void NetworkModel::partition(const std::vector<std::string>& a, const std::vector<std::string>& b,
                             bool oneWay) {
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (x == y) continue;
      blocked_.insert({x, y});
      if (!oneWay) blocked_.insert({y, x});
    }
  }
}

void NetworkModel::heal() { blocked_.clear(); }

bool NetworkModel::blocked(const std::string& from, const std::string& to) const {
  return !blocked_.empty() && blocked_.count({from, to}) != 0;
}

Verdict NetworkModel::decide(const std::string& from, const std::string& to, std::int64_t nowNs,
                             runtime::Random& random) {
  Verdict v;
  if (blocked(from, to)) {
    v.deliver = false;
    v.dropReason = "partition";
    return v;
  }
  const LinkModel& m = model(from, to);
  if (m.down) {
    v.deliver = false;
    v.dropReason = "link down";
    return v;
  }
  // Draw loss first and always, so a model's random stream does not depend on
  // whether the previous message was lost.
  if (m.loss > 0 && random.chance(m.loss)) {
    v.deliver = false;
    v.dropReason = "loss";
    return v;
  }
  double ms = m.latency.sampleMs(random);
  if (m.jitterMs > 0) ms += random.uniform(0, m.jitterMs);
  if (!(ms >= 0)) ms = 0;  // also catches NaN from a degenerate model
  v.delayNs = static_cast<std::int64_t>(std::min(ms * 1e6, 9.0e18));
  if (m.fifo) {
    std::int64_t& last = lastFifoArrival_[{from, to}];
    const std::int64_t at = std::max(nowNs + v.delayNs, last);
    last = at;
    v.delayNs = at - nowNs;
  }
  return v;
}

}  // namespace catslab::sim
