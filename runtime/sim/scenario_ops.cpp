// Distributions and the built-in operations of the scenario DSL.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "runtime/sim/scenario.h"

namespace catslab::sim {

using runtime::Status;

Distribution Distribution::constant(double v) {
  Distribution d;
  d.kind_ = Kind::Constant;
  d.a_ = v;
  return d;
}
Distribution Distribution::constant(std::string v) {
  Distribution d;
  d.kind_ = Kind::Constant;
  d.text_ = std::move(v);
  d.isText_ = true;
  return d;
}
Distribution Distribution::uniform(double lo, double hi) {
  Distribution d;
  d.kind_ = Kind::Uniform;
  d.a_ = lo;
  d.b_ = hi;
  return d;
}
Distribution Distribution::uniformInt(std::int64_t lo, std::int64_t hi) {
  Distribution d;
  d.kind_ = Kind::UniformInt;
  d.a_ = static_cast<double>(lo);
  d.b_ = static_cast<double>(hi);
  return d;
}
Distribution Distribution::exponential(double mean) {
  Distribution d;
  d.kind_ = Kind::Exponential;
  d.a_ = mean;
  return d;
}
Distribution Distribution::normal(double mean, double stddev) {
  Distribution d;
  d.kind_ = Kind::Normal;
  d.a_ = mean;
  d.b_ = stddev;
  return d;
}
Distribution Distribution::sequence(std::vector<std::string> values) {
  Distribution d;
  d.kind_ = Kind::Sequence;
  d.values_ = std::move(values);
  return d;
}
Distribution Distribution::choice(std::vector<std::string> values) {
  Distribution d;
  d.kind_ = Kind::Choice;
  d.values_ = std::move(values);
  return d;
}
Distribution Distribution::liveNode() {
  Distribution d;
  d.kind_ = Kind::LiveNode;
  return d;
}
Distribution Distribution::downNode() {
  Distribution d;
  d.kind_ = Kind::DownNode;
  return d;
}
Distribution Distribution::anyNode() {
  Distribution d;
  d.kind_ = Kind::AnyNode;
  return d;
}

namespace {

std::string numberText(double v) {
  if (v == static_cast<double>(static_cast<std::int64_t>(v))) {
    return std::to_string(static_cast<std::int64_t>(v));
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::vector<std::string> splitIds(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, ',')) {
    cur.erase(0, cur.find_first_not_of(' '));
    cur.erase(cur.find_last_not_of(' ') + 1);
    if (!cur.empty()) out.push_back(cur);
  }
  return out;
}

}  // namespace

double Distribution::sampleNumber(Simulation& sim, std::size_t& cursor) const {
  runtime::Random& r = sim.scenarioRandom();
  switch (kind_) {
    case Kind::Constant:
      return isText_ ? std::atof(text_.c_str()) : a_;
    case Kind::Uniform:
      return b_ > a_ ? r.uniform(a_, b_) : a_;
    case Kind::UniformInt:
      return static_cast<double>(
          r.between(static_cast<std::int64_t>(a_), static_cast<std::int64_t>(b_)));
    case Kind::Exponential:
      return a_ > 0 ? r.exponential(a_) : 0;
    case Kind::Normal:
      return std::max(0.0, r.normal(a_, b_));
    default:
      return std::atof(sample(sim, cursor).c_str());
  }
}

std::string Distribution::sample(Simulation& sim, std::size_t& cursor) const {
  runtime::Random& r = sim.scenarioRandom();
  auto pick = [&](const std::vector<std::string>& from) -> std::string {
    if (from.empty()) return {};
    return from[r.below(from.size())];
  };
  switch (kind_) {
    case Kind::Constant:
      return isText_ ? text_ : numberText(a_);
    case Kind::Sequence: {
      if (values_.empty()) return {};
      return values_[cursor++ % values_.size()];
    }
    case Kind::Choice:
      return pick(values_);
    case Kind::LiveNode:
    case Kind::DownNode:
    case Kind::AnyNode: {
      std::vector<std::string> ids;
      for (const auto& id : sim.nodeIds()) {
        const bool up = sim.isUp(id);
        if (kind_ == Kind::AnyNode || (kind_ == Kind::LiveNode) == up) ids.push_back(id);
      }
      return pick(ids);
    }
    default:
      return numberText(sampleNumber(sim, cursor));
  }
}

Operation Operation::custom(
    std::string name, std::size_t arity,
    std::function<Status(Simulation&, const std::vector<std::string>&)> fn) {
  return Operation{std::move(name), arity, std::move(fn)};
}

Operation Operation::startNode() {
  return custom("start", 1, [](Simulation& s, const auto& a) { return s.startNode(a[0]); });
}
Operation Operation::killNode() {
  return custom("kill", 1, [](Simulation& s, const auto& a) { return s.killNode(a[0]); });
}
Operation Operation::restartNode() {
  return custom("restart", 1, [](Simulation& s, const auto& a) { return s.restartNode(a[0]); });
}
Operation Operation::partition(bool oneWay) {
  return custom(oneWay ? "partition_one_way" : "partition", 2,
                [oneWay](Simulation& s, const auto& a) {
                  s.partition(splitIds(a[0]), splitIds(a[1]), oneWay);
                  return Status::ok();
                });
}
Operation Operation::heal() {
  return custom("heal", 0, [](Simulation& s, const auto&) {
    s.heal();
    return Status::ok();
  });
}
Operation Operation::setLink(const LinkModel& model, bool oneWay) {
  return custom("link", 2, [model, oneWay](Simulation& s, const auto& a) {
    s.setLink(a[0], a[1], model, !oneWay);
    return Status::ok();
  });
}
Operation Operation::linkDown() {
  return custom("link_down", 2, [](Simulation& s, const auto& a) {
    s.setLinkDown(a[0], a[1], true);
    return Status::ok();
  });
}
Operation Operation::linkUp() {
  return custom("link_up", 2, [](Simulation& s, const auto& a) {
    s.setLinkDown(a[0], a[1], false);
    return Status::ok();
  });
}
Operation Operation::clientRequest() {
  return custom("request", 2, [](Simulation& s, const auto& a) { return s.command(a[0], a[1]); });
}
Operation Operation::snapshot() {
  return custom("snapshot", 0, [](Simulation& s, const auto&) {
    (void)s.checkNow();
    return Status::ok();
  });
}
Operation Operation::terminate() {
  return custom("terminate", 0, [](Simulation& s, const auto&) {
    s.stop();
    return Status::ok();
  });
}

}  // namespace catslab::sim
