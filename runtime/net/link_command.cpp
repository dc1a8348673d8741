#include "runtime/net/link_command.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <sstream>
#include <vector>

namespace catslab::net {

namespace {

using Text = runtime::Result<std::string>;

bool parseNumber(const std::string& word, double& out) {
  const char* end = word.data() + word.size();
  auto [ptr, ec] = std::from_chars(word.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out);
}

std::string listLine(const std::string& peer, const topology::LinkModel& m) {
  return peer + ": " + describeLink(m);
}

}  // namespace

runtime::Result<std::string> runLinkCommand(LinkTable& table, const std::string& args) {
  std::istringstream in(args);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  const auto entries = table.entries();
  if (words.empty()) {
    if (entries.empty()) return std::string("no links");
    std::string out;
    for (const auto& [peer, model] : entries)
      out += (out.empty() ? "" : "\n") + listLine(peer, model);
    return out;
  }
  const std::string& target = words[0];
  std::vector<std::string> peers;
  if (target == "all") {
    for (const auto& [peer, model] : entries) peers.push_back(peer);
  } else if (entries.count(target)) {
    peers.push_back(target);
  } else {
    return Text::failure("error: unknown peer '" + target + "' (try 'link' to list links)");
  }
  if (words.size() == 1) {
    std::string out;
    for (const auto& p : peers) out += (out.empty() ? "" : "\n") + listLine(p, table.get(p));
    return out.empty() ? std::string("no links") : out;
  }

  // Parse everything before changing anything.
  std::optional<bool> down;
  std::optional<double> latency, jitter, loss;
  if (words.size() == 2 && (words[1] == "down" || words[1] == "up")) {
    down = words[1] == "down";
  } else {
    for (std::size_t i = 1; i < words.size(); i += 2) {
      const std::string& key = words[i];
      if (key != "latency" && key != "jitter" && key != "loss") {
        return Text::failure("error: link: unknown setting '" + key +
                             "' (expected down, up, latency, jitter or loss)");
      }
      double value = 0;
      if (i + 1 >= words.size() || !parseNumber(words[i + 1], value)) {
        return Text::failure("error: link: '" + key + "' needs a number");
      }
      if (value < 0) return Text::failure("error: link: '" + key + "' must not be negative");
      if (key == "loss" && value > 1) {
        return Text::failure("error: link: loss is a probability in [0, 1]");
      }
      (key == "latency" ? latency : key == "jitter" ? jitter : loss) = value;
    }
  }

  std::string out;
  for (const auto& p : peers) {
    topology::LinkModel m = table.get(p);
    if (down) m.set_down(*down);
    if (latency) {
      m.mutable_latency()->Clear();
      m.mutable_latency()->set_kind(topology::LatencyModel::CONSTANT);
      m.mutable_latency()->set_mean_ms(*latency);
    }
    if (jitter) m.set_jitter_ms(*jitter);
    if (loss) m.set_loss(*loss);
    table.set(p, m);
    out += (out.empty() ? "" : "\n") + listLine(p, m);
  }
  return out.empty() ? std::string("no links") : out;
}

}  // namespace catslab::net
