#include "runtime/sim/global_state.h"

namespace catslab::sim {

const std::string& NodeState::get(const std::string& key, const std::string& fallback) const {
  auto it = state.find(key);
  return it == state.end() ? fallback : it->second;
}

const NodeState* GlobalState::node(const std::string& id) const {
  auto it = nodes.find(id);
  return it == nodes.end() ? nullptr : &it->second;
}

std::vector<std::string> GlobalState::liveNodes() const {
  std::vector<std::string> out;
  for (const auto& [id, n] : nodes) {
    if (n.up) out.push_back(id);
  }
  return out;
}

std::size_t GlobalState::approximateBytes() const {
  std::size_t bytes = sizeof(GlobalState);
  for (const auto& [id, n] : nodes) {
    bytes += 96 + id.size() + n.address.size() + n.stack.size();
    for (const auto& [k, v] : n.state) bytes += 64 + k.size() + v.size();
  }
  for (const auto& [id, m] : inFlight) {
    bytes += 96 + m.from.size() + m.to.size() + m.type.size() + m.summary.size();
  }
  return bytes;
}

void applyRecord(GlobalState& s, const trace::Record& r) {
  s.timeNs = r.time_ns();
  s.records = r.seq() + 1;
  switch (r.body_case()) {
    case trace::Record::kNodeUp: {
      NodeState& n = s.nodes[r.node()];
      n.up = true;
      n.address = r.node_up().address();
      n.stack = r.node_up().stack();
      n.state.clear();
      break;
    }
    case trace::Record::kNodeDown: {
      NodeState& n = s.nodes[r.node()];
      n.up = false;
      n.state.clear();
      break;
    }
    case trace::Record::kState: {
      NodeState& n = s.nodes[r.node()];
      for (const auto& e : r.state().entries()) {
        if (e.removed())
          n.state.erase(e.key());
        else
          n.state[e.key()] = e.value();
      }
      break;
    }
    case trace::Record::kMessage: {
      const auto& m = r.message();
      if (m.kind() == trace::MESSAGE_SENT) {
        // Ids grow, so the new entry almost always goes last: hint it there.
        s.inFlight.insert_or_assign(
            s.inFlight.end(), m.message_id(),
            InFlightMessage{m.from(), m.to(), m.type(), m.summary(), r.time_ns()});
      } else {
        s.inFlight.erase(m.message_id());
      }
      break;
    }
    default:
      break;
  }
}

std::vector<StateDifference> diff(const GlobalState& before, const GlobalState& after) {
  static const NodeState kAbsent;
  std::vector<StateDifference> out;
  std::map<std::string, std::pair<const NodeState*, const NodeState*>> all;
  for (const auto& [id, n] : before.nodes) all[id].first = &n;
  for (const auto& [id, n] : after.nodes) all[id].second = &n;
  for (const auto& [id, pair] : all) {
    const NodeState& a = pair.first ? *pair.first : kAbsent;
    const NodeState& b = pair.second ? *pair.second : kAbsent;
    if (a.up != b.up) out.push_back({id, "", a.up ? "up" : "down", b.up ? "up" : "down"});
    auto x = a.state.begin();
    auto y = b.state.begin();
    while (x != a.state.end() || y != b.state.end()) {
      if (y == b.state.end() || (x != a.state.end() && x->first < y->first)) {
        out.push_back({id, x->first, x->second, ""});
        ++x;
      } else if (x == a.state.end() || y->first < x->first) {
        out.push_back({id, y->first, "", y->second});
        ++y;
      } else {
        if (x->second != y->second) out.push_back({id, x->first, x->second, y->second});
        ++x;
        ++y;
      }
    }
  }
  return out;
}

}  // namespace catslab::sim
