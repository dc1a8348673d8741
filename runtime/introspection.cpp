// Runtime::describeJson / describeDot: the live component tree, for the GUI,
// for teaching, and for debugging. Reads are racy snapshots by design: a
// running system keeps changing while it is described.
#include <algorithm>
#include <map>
#include <sstream>

#include "runtime/channel.h"
#include "runtime/runtime.h"

namespace catslab::runtime {
namespace {

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string ownerPath(const PortHalf* half) {
  ComponentCore* owner = half->port()->owner();
  return owner ? owner->path() : "?";
}

const char* kindName(ChannelKind k) {
  switch (k) {
    case ChannelKind::TwoWay:
      return "two-way";
    case ChannelKind::IndicationsOnly:
      return "indications";
    case ChannelKind::RequestsOnly:
      return "requests";
  }
  return "?";
}

void describePort(std::ostringstream& out, PortCore& port) {
  out << "{\"type\":" << quote(port.typeName()) << ",\"direction\":\""
      << (port.provided() ? "provided" : "required") << "\",\"subscriptions\":[";
  bool first = true;
  for (PortHalf* half : {&port.inside(), &port.outside()}) {
    for (const auto& s : half->subscriptions()) {
      if (!first) out << ',';
      first = false;
      out << "{\"event\":" << quote(EventTypes::name(s->eventType))
          << ",\"subscriber\":" << quote(s->subscriber->path()) << '}';
    }
  }
  out << "],\"channels\":[";
  first = true;
  for (PortHalf* half : {&port.outside(), &port.inside()}) {
    for (const auto& ch : half->channels()) {
      PortHalf* other = ch->positiveEnd() == half ? ch->negativeEnd() : ch->positiveEnd();
      if (!first) out << ',';
      first = false;
      out << "{\"to\":" << quote(ownerPath(other)) << ",\"side\":\""
          << (half->isInside() ? "inside" : "outside") << "\",\"kind\":\"" << kindName(ch->kind())
          << "\",\"held\":" << (ch->held() ? "true" : "false") << ",\"queued\":" << ch->queued()
          << ",\"selector\":" << (ch->selector() ? "true" : "false") << '}';
    }
  }
  out << "]}";
}

void describeComponent(std::ostringstream& out, ComponentCore& c) {
  out << "{\"name\":" << quote(c.name().empty() ? "/" : c.name()) << ",\"path\":" << quote(c.path())
      << ",\"type\":" << quote(c.typeName()) << ",\"state\":\"" << toString(c.state())
      << "\",\"queue\":" << c.queueLength() << ",\"handled\":" << c.handled() << ",\"ports\":[";
  bool first = true;
  for (const auto& p : c.ports()) {
    if (!first) out << ',';
    first = false;
    describePort(out, *p);
  }
  out << "],\"children\":[";
  first = true;
  for (const auto& child : c.children()) {
    if (!first) out << ',';
    first = false;
    describeComponent(out, *child);
  }
  out << "]}";
}

std::string dotId(const ComponentCore& c) { return "c" + std::to_string(c.id()); }

void dotComponent(std::ostringstream& out, ComponentCore& c, std::vector<std::string>& edges,
                  int depth) {
  const std::string indent(static_cast<std::size_t>(depth) * 2 + 2, ' ');
  const auto children = c.children();
  // quote() escapes names (a '"' in a name must not end the label) and
  // turns the newline into DOT's \n.
  const std::string label = (c.name().empty() ? std::string("/") : c.name()) + "\n" + c.typeName() +
                            " (" + toString(c.state()) + ", queue " +
                            std::to_string(c.queueLength()) + ")";
  if (!children.empty()) {
    out << indent << "subgraph cluster_" << dotId(c) << " {\n"
        << indent << "  label=" << quote(c.path()) << ";\n";
  }
  out << indent << "  " << dotId(c) << " [shape=box,label=" << quote(label) << "];\n";
  for (const auto& child : children) dotComponent(out, *child, edges, depth + 1);
  if (!children.empty()) out << indent << "}\n";
  for (const auto& port : c.ports()) {
    // Draw each channel once, from its positive end.
    for (PortHalf* half : {&port->outside(), &port->inside()}) {
      if (half->polarity() != Polarity::Positive) continue;
      for (const auto& ch : half->channels()) {
        ComponentCore* other = ch->negativeEnd()->port()->owner();
        if (!other) continue;
        std::string e = "  " + dotId(c) + " -> " + dotId(*other) +
                        " [label=" + quote(port->typeName() + (ch->held() ? " (held)" : "")) +
                        (ch->kind() == ChannelKind::TwoWay ? ",dir=both" : "") + "];";
        edges.push_back(std::move(e));
      }
    }
  }
}

}  // namespace

std::string Runtime::describeJson() const {
  std::ostringstream out;
  if (!root_) return "null";
  describeComponent(out, *root_);
  return out.str();
}

std::string Runtime::describeDot() const {
  std::ostringstream out;
  out << "digraph components {\n  compound=true;\n  node [fontname=\"sans\"];\n";
  std::vector<std::string> edges;
  if (root_) dotComponent(out, *root_, edges, 0);
  for (const auto& e : edges) out << e << '\n';
  out << "}\n";
  return out.str();
}

}  // namespace catslab::runtime
