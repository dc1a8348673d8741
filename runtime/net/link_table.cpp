#include "runtime/net/link_table.h"

#include <algorithm>
#include <cmath>

#include "runtime/topology.h"

namespace catslab::net {

namespace {

using topology::LatencyModel;

double sampleLatencyMs(const LatencyModel& m, runtime::Random& random) {
  switch (m.kind()) {
    case LatencyModel::UNIFORM:
      return m.max_ms() > m.min_ms() ? random.uniform(m.min_ms(), m.max_ms()) : m.min_ms();
    case LatencyModel::NORMAL:
      return m.stddev_ms() > 0 ? random.normal(m.mean_ms(), m.stddev_ms()) : m.mean_ms();
    case LatencyModel::EXPONENTIAL:
      return m.mean_ms() > 0 ? random.exponential(m.mean_ms()) : 0.0;
    case LatencyModel::PARETO:
      return m.min_ms() > 0 && m.shape() > 0 ? random.pareto(m.min_ms(), m.shape()) : m.min_ms();
    case LatencyModel::CONSTANT:
    default:
      return m.mean_ms();
  }
}

}  // namespace

bool isTransparent(const topology::LinkModel& model) {
  if (model.down() || model.loss() > 0 || model.jitter_ms() > 0) return false;
  const LatencyModel& l = model.latency();
  return l.mean_ms() <= 0 && l.min_ms() <= 0 && l.max_ms() <= 0;
}

LinkDecision decide(const topology::LinkModel& model, runtime::Random& random) {
  LinkDecision d;
  if (model.down()) {
    d.drop = true;
    d.reason = "link down";
    return d;
  }
  if (model.loss() > 0 && random.chance(model.loss())) {
    d.drop = true;
    d.reason = "loss";
    return d;
  }
  double ms = sampleLatencyMs(model.latency(), random);
  if (model.jitter_ms() > 0) ms += random.uniform(0.0, model.jitter_ms());
  if (!(ms > 0)) ms = 0;  // also catches NaN from odd parameters
  d.delay =
      std::chrono::duration_cast<runtime::Duration>(std::chrono::duration<double, std::milli>(ms));
  return d;
}

std::shared_ptr<LinkTable> LinkTable::fromTopology(const topology::Topology& topology,
                                                   const std::string& self) {
  auto table = std::make_shared<LinkTable>();
  table->setDefault(topology.default_link());
  for (const auto& node : topology.nodes()) {
    if (node.id() == self) continue;
    table->set(node.id(), runtime::linkModel(topology, self, node.id()));
  }
  return table;
}

topology::LinkModel LinkTable::get(const std::string& peer) const {
  std::lock_guard lock(mutex_);
  auto it = peers_.find(peer);
  return it == peers_.end() ? default_ : it->second;
}

void LinkTable::set(const std::string& peer, topology::LinkModel model) {
  std::lock_guard lock(mutex_);
  peers_[peer] = std::move(model);
  recomputeTransparentLocked();
}

void LinkTable::setDefault(topology::LinkModel model) {
  std::lock_guard lock(mutex_);
  default_ = std::move(model);
  recomputeTransparentLocked();
}

topology::LinkModel LinkTable::defaultModel() const {
  std::lock_guard lock(mutex_);
  return default_;
}

std::map<std::string, topology::LinkModel> LinkTable::entries() const {
  std::lock_guard lock(mutex_);
  return peers_;
}

bool LinkTable::transparent() const {
  std::lock_guard lock(mutex_);
  return transparent_;
}

void LinkTable::recomputeTransparentLocked() {
  transparent_ = isTransparent(default_) &&
                 std::all_of(peers_.begin(), peers_.end(),
                             [](const auto& entry) { return isTransparent(entry.second); });
}

}  // namespace catslab::net
