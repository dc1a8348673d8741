#include "runtime/sim/scenario_file.h"

#include <google/protobuf/util/json_util.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "runtime/topology.h"

namespace catslab::sim {

using runtime::Result;
using runtime::Status;

namespace {

struct Converter {
  std::string source;
  std::set<std::string> nodeIds;

  Status fail(const std::string& field, const std::string& why) const {
    return Status::failure(source + ": " + field + ": " + why);
  }

  Status node(const std::string& field, const std::string& id) const {
    if (nodeIds.count(id)) return Status::ok();
    return fail(field, "unknown node '" + id + "'");
  }

  // `nodeParam`: the value must be a node id (or a comma-separated group).
  Result<Distribution> distribution(const scenario::Distribution& d, const std::string& field,
                                    bool nodeParam, bool group) const {
    using R = Result<Distribution>;
    auto checkIds = [&](const std::string& f, const std::string& text) -> Status {
      if (!nodeParam) return Status::ok();
      if (!group) return node(f, text);
      std::stringstream in(text);
      std::string id;
      while (std::getline(in, id, ',')) {
        id.erase(0, id.find_first_not_of(' '));
        id.erase(id.find_last_not_of(' ') + 1);
        if (id.empty()) continue;
        if (Status s = node(f, id); !s) return s;
      }
      return Status::ok();
    };
    const std::string& k = d.kind();
    if (k.empty() || k == "constant") {
      if (!d.text().empty()) {
        if (Status s = checkIds(field + ".text", d.text()); !s) return R(s);
        return Distribution::constant(d.text());
      }
      if (nodeParam) return R(fail(field + ".text", "missing (a node id is expected)"));
      return Distribution::constant(d.value());
    }
    if (k == "sequence" || k == "choice") {
      if (d.values().empty()) return R(fail(field + ".values", "empty"));
      for (int i = 0; i < d.values_size(); ++i) {
        if (Status s = checkIds(field + ".values[" + std::to_string(i) + "]", d.values(i)); !s) {
          return R(s);
        }
      }
      std::vector<std::string> v(d.values().begin(), d.values().end());
      return k == "sequence" ? Distribution::sequence(std::move(v))
                             : Distribution::choice(std::move(v));
    }
    if (k == "live_node") return Distribution::liveNode();
    if (k == "down_node") return Distribution::downNode();
    if (k == "any_node") return Distribution::anyNode();
    if (nodeParam) {
      return R(fail(field + ".kind", "'" + k + "' cannot produce node ids"));
    }
    if (k == "uniform" || k == "uniform_int") {
      if (d.max() < d.min()) return R(fail(field + ".max", "less than min"));
      return k == "uniform" ? Distribution::uniform(d.min(), d.max())
                            : Distribution::uniformInt(static_cast<std::int64_t>(d.min()),
                                                       static_cast<std::int64_t>(d.max()));
    }
    if (k == "exponential") {
      if (d.mean() <= 0) return R(fail(field + ".mean", "must be > 0"));
      return Distribution::exponential(d.mean());
    }
    if (k == "normal") {
      if (d.stddev() < 0) return R(fail(field + ".stddev", "must be >= 0"));
      return Distribution::normal(d.mean(), d.stddev());
    }
    return R(fail(field + ".kind",
                  "unknown distribution '" + k +
                      "' (constant, uniform, uniform_int, exponential, normal, sequence, choice, "
                      "live_node, down_node, any_node)"));
  }

  Result<StochasticProcess::Clause> clause(const scenario::Raise& r,
                                           const std::string& field) const {
    using R = Result<StochasticProcess::Clause>;
    const auto& o = r.operation();
    const std::string& op = o.op();
    Operation operation;
    // (parameter is a node, parameter is a node group) for each parameter.
    std::vector<std::pair<bool, bool>> kinds;
    if (op == "start" || op == "kill" || op == "restart") {
      operation = op == "start"  ? Operation::startNode()
                  : op == "kill" ? Operation::killNode()
                                 : Operation::restartNode();
      kinds = {{true, false}};
    } else if (op == "partition") {
      operation = Operation::partition(o.one_way());
      kinds = {{true, true}, {true, true}};
    } else if (op == "heal") {
      operation = Operation::heal();
    } else if (op == "link") {
      if (!o.has_link()) return R(fail(field + ".operation.link", "missing"));
      if (Status s = runtime::validateLinkModel(o.link(), field + ".operation.link"); !s) {
        return R(Status::failure(source + ": " + s.error()));
      }
      operation = Operation::setLink(fromProto(o.link()), o.one_way());
      kinds = {{true, false}, {true, false}};
    } else if (op == "link_down" || op == "link_up") {
      operation = op == "link_down" ? Operation::linkDown() : Operation::linkUp();
      kinds = {{true, false}, {true, false}};
    } else if (op == "request") {
      operation = Operation::clientRequest();
      kinds = {{true, false}, {false, false}};
    } else if (op == "snapshot") {
      operation = Operation::snapshot();
    } else if (op == "terminate") {
      operation = Operation::terminate();
    } else {
      return R(fail(field + ".operation.op",
                    op.empty() ? std::string("missing")
                               : "unknown operation '" + op +
                                     "' (start, kill, restart, partition, heal, link, "
                                     "link_down, link_up, request, snapshot, terminate)"));
    }
    if (o.params_size() != static_cast<int>(kinds.size())) {
      return R(fail(field + ".operation.params",
                    "'" + op + "' takes " + std::to_string(kinds.size()) + " parameter(s), got " +
                        std::to_string(o.params_size())));
    }
    StochasticProcess::Clause c{r.count(), std::move(operation), {}};
    for (int i = 0; i < o.params_size(); ++i) {
      auto d = distribution(o.params(i), field + ".operation.params[" + std::to_string(i) + "]",
                            kinds[i].first, kinds[i].second);
      if (!d) return R(Status::failure(d.error()));
      c.params.push_back(*d);
    }
    return c;
  }
};

}  // namespace

Result<Scenario> toScenario(const scenario::Scenario& p, const std::string& source,
                            const std::string& baseDir) {
  using R = Result<Scenario>;
  Converter conv{source, {}};
  Scenario sc(p.name().empty() ? std::filesystem::path(source).stem().string() : p.name());
  if (!p.topology_file().empty() && p.has_topology()) {
    return R(conv.fail("topologyFile", "give either topologyFile or topology, not both"));
  }
  if (!p.topology_file().empty()) {
    std::filesystem::path t(p.topology_file());
    if (t.is_relative() && !baseDir.empty()) t = std::filesystem::path(baseDir) / t;
    auto topo = runtime::loadTopology(t.string());
    if (!topo) return R(conv.fail("topologyFile", topo.error()));
    sc.setTopology(*topo);
  } else if (p.has_topology()) {
    if (Status s = runtime::validateTopology(p.topology(), source + ": topology"); !s) {
      return R(s);
    }
    sc.setTopology(p.topology());
  } else {
    return R(conv.fail("topology", "missing (give topologyFile or an embedded topology)"));
  }
  for (const auto& n : sc.topology()->nodes()) conv.nodeIds.insert(n.id());
  sc.startAllNodes(!p.manual_start());

  std::map<std::string, int> names;
  for (int i = 0; i < p.processes_size(); ++i) {
    const auto& pr = p.processes(i);
    const std::string f = "processes[" + std::to_string(i) + "]";
    if (pr.name().empty()) return R(conv.fail(f + ".name", "missing"));
    if (!names.emplace(pr.name(), i).second) {
      return R(conv.fail(f + ".name", "duplicate process '" + pr.name() + "'"));
    }
  }
  // Processes are created first so that references can point at any of them.
  std::vector<StochasticProcess*> procs;
  for (const auto& pr : p.processes()) procs.push_back(&sc.process(pr.name()));
  for (int i = 0; i < p.processes_size(); ++i) {
    const auto& pr = p.processes(i);
    const std::string f = "processes[" + std::to_string(i) + "]";
    StochasticProcess& proc = *procs[i];
    if (pr.has_inter_arrival_ms()) {
      auto d = conv.distribution(pr.inter_arrival_ms(), f + ".interArrivalMs", false, false);
      if (!d) return R(Status::failure(d.error()));
      proc.eventInterArrivalTime(*d);
    }
    if (pr.raise().empty()) return R(conv.fail(f + ".raise", "no operations"));
    for (int r = 0; r < pr.raise_size(); ++r) {
      auto c = conv.clause(pr.raise(r), f + ".raise[" + std::to_string(r) + "]");
      if (!c) return R(Status::failure(c.error()));
      proc.raise(c->count, c->op, c->params);
    }
    int starts = pr.has_start_at_ms() + !pr.start_after_start_of().empty() +
                 !pr.start_after_termination_of().empty() + !pr.start_at_same_time_with().empty();
    if (starts != 1) {
      return R(conv.fail(f, starts == 0 ? "no start (startAtMs, startAfterStartOf, "
                                          "startAfterTerminationOf or startAtSameTimeWith)"
                                        : "more than one start given"));
    }
    if (pr.delay_ms() < 0) return R(conv.fail(f + ".delayMs", "negative"));
    auto other = [&](const std::string& name) -> StochasticProcess* {
      auto it = names.find(name);
      return it == names.end() ? nullptr : procs[it->second];
    };
    if (pr.has_start_at_ms()) {
      if (pr.start_at_ms() < 0) return R(conv.fail(f + ".startAtMs", "negative"));
      proc.startAt(ms(pr.start_at_ms()));
    } else if (!pr.start_after_start_of().empty()) {
      auto* o = other(pr.start_after_start_of());
      if (!o) {
        return R(conv.fail(f + ".startAfterStartOf",
                           "unknown process '" + pr.start_after_start_of() + "'"));
      }
      proc.startAfterStartOf(ms(pr.delay_ms()), *o);
    } else if (!pr.start_after_termination_of().empty()) {
      auto* o = other(pr.start_after_termination_of());
      if (!o) {
        return R(conv.fail(f + ".startAfterTerminationOf",
                           "unknown process '" + pr.start_after_termination_of() + "'"));
      }
      proc.startAfterTerminationOf(ms(pr.delay_ms()), *o);
    } else {
      auto* o = other(pr.start_at_same_time_with());
      if (!o) {
        return R(conv.fail(f + ".startAtSameTimeWith",
                           "unknown process '" + pr.start_at_same_time_with() + "'"));
      }
      proc.startAtSameTimeWith(*o);
    }
  }
  if (p.has_terminate_at_ms()) {
    if (p.terminate_at_ms() < 0) return R(conv.fail("terminateAtMs", "negative"));
    sc.terminateAt(ms(p.terminate_at_ms()));
  } else if (!p.terminate_after_termination_of().empty()) {
    auto it = names.find(p.terminate_after_termination_of());
    if (it == names.end()) {
      return R(conv.fail("terminateAfterTerminationOf",
                         "unknown process '" + p.terminate_after_termination_of() + "'"));
    }
    sc.terminateAfterTerminationOf(ms(p.terminate_delay_ms()), *procs[it->second]);
  } else {
    return R(conv.fail("terminateAtMs",
                       "missing: the scenario never terminates (set terminateAtMs or "
                       "terminateAfterTerminationOf)"));
  }
  for (int i = 0; i < p.checks_size(); ++i) {
    const auto& c = p.checks(i);
    const std::string f = "checks[" + std::to_string(i) + "]";
    CheckExpr e;
    e.name = c.name().empty() ? f : c.name();
    if (!c.when().empty() && c.when() != "always" && c.when() != "end") {
      return R(conv.fail(f + ".when", "unknown '" + c.when() + "' (always, end)"));
    }
    e.atEndOnly = c.when() == "end";
    if (!c.quantifier().empty()) e.quantifier = c.quantifier();
    e.count = c.count();
    e.key = c.key();
    if (!c.op().empty()) e.op = c.op();
    e.value = c.value();
    for (int n = 0; n < c.nodes_size(); ++n) {
      if (Status s = conv.node(f + ".nodes[" + std::to_string(n) + "]", c.nodes(n)); !s) {
        return R(s);
      }
      e.nodes.push_back(c.nodes(n));
    }
    if (Status s = validate(e); !s) return R(conv.fail(f, s.error()));
    sc.check(std::move(e));
  }
  if (p.snapshot_every_ms() < 0) return R(conv.fail("snapshotEveryMs", "negative"));
  if (p.snapshot_every_ms() > 0) sc.snapshotEvery(ms(p.snapshot_every_ms()));
  if (Status s = sc.validate(); !s) return R(Status::failure(source + ": " + s.error()));
  return sc;
}

Result<Scenario> parseScenario(const std::string& json, const std::string& source,
                               const std::string& baseDir) {
  scenario::Scenario p;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(json, &p, options);
  if (!status.ok()) {
    return Result<Scenario>::failure(source +
                                     ": not a valid scenario: " + std::string(status.message()));
  }
  return toScenario(p, source, baseDir);
}

Result<Scenario> loadScenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Result<Scenario>::failure(path + ": cannot open");
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string dir = std::filesystem::path(path).parent_path().string();
  return parseScenario(buf.str(), path, dir);
}

}  // namespace catslab::sim
