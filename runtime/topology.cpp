#include "runtime/topology.h"

#include <google/protobuf/util/json_util.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "runtime/host_address.h"

namespace catslab::runtime {
namespace {

Status fieldError(const std::string& source, const std::string& field, const std::string& why) {
  return Status::failure(source + ": " + field + ": " + why);
}

bool finiteNonNegative(double v) { return std::isfinite(v) && v >= 0; }

Status validateLatency(const topology::LatencyModel& m, const std::string& field) {
  using K = topology::LatencyModel;
  for (auto [name, value] :
       {std::pair{"meanMs", m.mean_ms()}, std::pair{"minMs", m.min_ms()},
        std::pair{"maxMs", m.max_ms()}, std::pair{"stddevMs", m.stddev_ms()}}) {
    if (!finiteNonNegative(value)) {
      return Status::failure(field + "." + name + ": must be a non-negative number, got " +
                             std::to_string(value));
    }
  }
  switch (m.kind()) {
    case K::UNIFORM:
      if (m.min_ms() > m.max_ms()) {
        return Status::failure(field + ": uniform latency needs minMs <= maxMs (got " +
                               std::to_string(m.min_ms()) + " > " + std::to_string(m.max_ms()) +
                               ")");
      }
      break;
    case K::PARETO:
      if (!(m.shape() > 0) || !(m.min_ms() > 0)) {
        return Status::failure(field + ": pareto latency needs shape > 0 and minMs (scale) > 0");
      }
      break;
    default:
      break;
  }
  return Status::ok();
}

}  // namespace

Status validateLinkModel(const topology::LinkModel& model, const std::string& field) {
  if (!std::isfinite(model.loss()) || model.loss() < 0 || model.loss() > 1) {
    return Status::failure(field + ".loss: must be a probability in [0, 1], got " +
                           std::to_string(model.loss()));
  }
  if (!finiteNonNegative(model.jitter_ms())) {
    return Status::failure(field + ".jitterMs: must be a non-negative number");
  }
  return validateLatency(model.latency(), field + ".latency");
}

Status validateTopology(const topology::Topology& t, const std::string& source) {
  std::set<std::string> ids;
  std::set<std::pair<std::string, std::uint32_t>> endpoints;
  for (int i = 0; i < t.nodes_size(); ++i) {
    const auto& n = t.nodes(i);
    const std::string field = "nodes[" + std::to_string(i) + "]";
    if (n.id().empty()) return fieldError(source, field + ".id", "must not be empty");
    if (n.id().find_first_of(" \t\n@:,") != std::string::npos) {
      return fieldError(source, field + ".id", "'" + n.id() + "' contains a space or one of @:,");
    }
    if (!ids.insert(n.id()).second) {
      return fieldError(source, field + ".id", "duplicate node id '" + n.id() + "'");
    }
    if (n.port() > 65535) {
      return fieldError(source, field + ".port",
                        "must be in 0..65535, got " + std::to_string(n.port()));
    }
    const std::string host = n.host().empty() ? "127.0.0.1" : n.host();
    if (host.find_first_of(" \t\n/@[]") != std::string::npos) {
      return fieldError(
          source, field + ".host",
          "'" + host + "' is not a host name or IP address (write IPv6 without brackets)");
    }
    if (!n.bind().empty() && !isIpAddress(n.bind())) {
      return fieldError(
          source, field + ".bind",
          "'" + n.bind() + "' is not an IP address (0.0.0.0 or :: for every " + "interface)");
    }
    const int tlsFiles = !n.tls_cert().empty() + !n.tls_key().empty() + !n.tls_ca().empty();
    if (tlsFiles != 0 && tlsFiles != 3) {
      return fieldError(source, field,
                        "tlsCert, tlsKey and tlsCa go together (mutual TLS needs all three)");
    }
    if (n.port() != 0 && !endpoints.insert({host, n.port()}).second) {
      return fieldError(source, field + ".port",
                        "endpoint " + hostPort(host, static_cast<std::uint16_t>(n.port())) +
                            " is used by another node");
    }
    for (int s = 0; s < n.script_size(); ++s) {
      const auto& step = n.script(s);
      const std::string sf = field + ".script[" + std::to_string(s) + "]";
      if (!finiteNonNegative(step.at_ms())) {
        return fieldError(source, sf + ".atMs", "must be a non-negative number");
      }
      if (step.command().empty()) return fieldError(source, sf + ".command", "must not be empty");
    }
  }
  std::set<std::pair<std::string, std::string>> pairs;
  for (int i = 0; i < t.links_size(); ++i) {
    const auto& l = t.links(i);
    const std::string field = "links[" + std::to_string(i) + "]";
    if (!ids.count(l.a())) return fieldError(source, field + ".a", "unknown node '" + l.a() + "'");
    if (!ids.count(l.b())) return fieldError(source, field + ".b", "unknown node '" + l.b() + "'");
    if (l.a() == l.b()) return fieldError(source, field, "a link needs two different nodes");
    auto key = std::minmax(l.a(), l.b());
    if (!pairs.insert({key.first, key.second}).second) {
      return fieldError(source, field,
                        "duplicate link between '" + l.a() + "' and '" + l.b() + "'");
    }
    if (auto s = validateLinkModel(l.model(), field + ".model"); !s)
      return Status::failure(source + ": " + s.error());
    if (l.has_a_to_b()) {
      if (auto s = validateLinkModel(l.a_to_b(), field + ".aToB"); !s)
        return Status::failure(source + ": " + s.error());
    }
    if (l.has_b_to_a()) {
      if (auto s = validateLinkModel(l.b_to_a(), field + ".bToA"); !s)
        return Status::failure(source + ": " + s.error());
    }
  }
  if (auto s = validateLinkModel(t.default_link(), "defaultLink"); !s) {
    return Status::failure(source + ": " + s.error());
  }
  if (!t.bootstrap().empty() && !ids.count(t.bootstrap())) {
    return fieldError(source, "bootstrap", "unknown node '" + t.bootstrap() + "'");
  }
  return Status::ok();
}

Result<topology::Topology> parseTopology(const std::string& json, const std::string& source) {
  topology::Topology t;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(json, &t, options);
  if (!status.ok()) {
    return Result<topology::Topology>::failure(
        source + ": not a valid topology: " + std::string(status.message()));
  }
  if (auto s = validateTopology(t, source); !s)
    return Result<topology::Topology>::failure(s.error());
  return t;
}

Result<topology::Topology> loadTopology(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Result<topology::Topology>::failure(path + ": cannot open file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parseTopology(buffer.str(), path);
}

std::string topologyToJson(const topology::Topology& t) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = false;
  (void)google::protobuf::util::MessageToJsonString(t, &out, options);
  return out;
}

Status saveTopology(const topology::Topology& t, const std::string& path) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::failure(path + ": cannot write file");
    out << topologyToJson(t);
    if (!out) return Status::failure(path + ": write failed");
  }
  // Replace atomically so a failed save never destroys the previous file.
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::failure(path + ": cannot replace file");
  }
  return Status::ok();
}

const topology::Node* findNode(const topology::Topology& t, const std::string& id) {
  for (const auto& n : t.nodes()) {
    if (n.id() == id) return &n;
  }
  return nullptr;
}

topology::LinkModel linkModel(const topology::Topology& t, const std::string& a,
                              const std::string& b) {
  for (const auto& l : t.links()) {
    // A link drawn without a model of its own is the default link, as the
    // editor shows it.
    const topology::LinkModel& both = l.has_model() ? l.model() : t.default_link();
    if (l.a() == a && l.b() == b) return l.has_a_to_b() ? l.a_to_b() : both;
    if (l.a() == b && l.b() == a) return l.has_b_to_a() ? l.b_to_a() : both;
  }
  return t.default_link();
}

}  // namespace catslab::runtime
