#include "runtime/net/link_command.h"

#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <sstream>
#include <vector>

namespace catslab::net {

namespace {

using Text = runtime::Result<std::string>;
using runtime::Status;
using topology::LatencyModel;

bool parseNumber(const std::string& word, double& out) {
  const char* end = word.data() + word.size();
  auto [ptr, ec] = std::from_chars(word.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out);
}

std::string listLine(const std::string& peer, const topology::LinkModel& m) {
  return peer + ": " + describeLink(m);
}

// "latency normal 30 ms sd 5 ms": the distribution with the labels and units
// parseLatency() skips.
std::string latencyWords(const LatencyModel& l) {
  switch (l.kind()) {
    case LatencyModel::UNIFORM:
      return "latency uniform " + linkNumber(l.min_ms()) + " " + linkNumber(l.max_ms()) + " ms";
    case LatencyModel::NORMAL:
      return "latency normal " + linkNumber(l.mean_ms()) + " ms sd " + linkNumber(l.stddev_ms()) +
             " ms";
    case LatencyModel::EXPONENTIAL:
      return "latency exponential " + linkNumber(l.mean_ms()) + " ms";
    case LatencyModel::PARETO:
      return "latency pareto " + linkNumber(l.min_ms()) + " ms shape " + linkNumber(l.shape());
    default:
      return "latency " + linkNumber(l.mean_ms()) + " ms";
  }
}

// A latency distribution as typed: `latency <kind> <number>...`. A
// parameter may carry the label and unit that describeLink() prints
// ("normal 30 ms sd 5 ms"), so an answer typed back sets the same model.
struct Distribution {
  const char* name;
  LatencyModel::Kind kind;
  const char* usage;                // "MIN MAX"
  const char* example;              // "10 50"
  std::vector<const char*> labels;  // per parameter: the optional word before it, or ""
};

const std::vector<Distribution>& distributions() {
  static const std::vector<Distribution> all{
      {"constant", LatencyModel::CONSTANT, "MS", "50", {""}},
      {"uniform", LatencyModel::UNIFORM, "MIN MAX", "10 50", {"", ""}},
      {"normal", LatencyModel::NORMAL, "MEAN SD", "30 5", {"", "sd"}},
      {"exponential", LatencyModel::EXPONENTIAL, "MEAN", "20", {""}},
      {"pareto", LatencyModel::PARETO, "SCALE SHAPE", "5 1.5", {"", "shape"}},
  };
  return all;
}

const char* kLatencyForms =
    "(uniform MIN MAX, normal MEAN SD, exponential MEAN, pareto SCALE SHAPE)";

// Reads the words after `latency` from words[i]; on success leaves i on the
// next setting.
Status parseLatency(const std::vector<std::string>& words, std::size_t& i, LatencyModel& out) {
  auto skip = [&](const char* word) {
    if (i < words.size() && words[i] == word) ++i;
  };
  double value = 0;
  if (i < words.size() && parseNumber(words[i], value)) {
    ++i;
    skip("ms");
    if (value < 0) {
      return Status::failure("error: link: 'latency' must not be negative, got " +
                             linkNumber(value));
    }
    out.Clear();
    out.set_kind(LatencyModel::CONSTANT);
    out.set_mean_ms(value);
    return Status::ok();
  }
  if (i >= words.size()) {
    return Status::failure(std::string("error: link: 'latency' needs a number or a distribution ") +
                           kLatencyForms);
  }
  const Distribution* d = nullptr;
  for (const auto& candidate : distributions())
    if (words[i] == candidate.name) d = &candidate;
  if (!d) {
    return Status::failure("error: link: 'latency' needs a number or a distribution, got '" +
                           words[i] + "' " + kLatencyForms);
  }
  ++i;
  const std::string what = std::string("'latency ") + d->name + "'";
  std::vector<double> p;
  for (const char* label : d->labels) {
    if (*label) skip(label);
    if (i >= words.size() || !parseNumber(words[i], value)) {
      return Status::failure("error: link: " + what + " needs " + d->usage +
                             " in ms, e.g. latency " + d->name + " " + d->example);
    }
    ++i;
    if (std::string(label) != "shape") skip("ms");
    if (value < 0) {
      return Status::failure("error: link: " + what + " must not be negative, got " +
                             linkNumber(value));
    }
    p.push_back(value);
  }
  out.Clear();
  out.set_kind(d->kind);
  switch (d->kind) {
    case LatencyModel::UNIFORM:
      if (p[0] > p[1]) {
        return Status::failure("error: link: " + what + " needs MIN <= MAX, got " +
                               linkNumber(p[0]) + " > " + linkNumber(p[1]));
      }
      out.set_min_ms(p[0]);
      out.set_max_ms(p[1]);
      break;
    case LatencyModel::NORMAL:
      out.set_mean_ms(p[0]);
      out.set_stddev_ms(p[1]);
      break;
    case LatencyModel::PARETO:
      // The topology file's rule too (runtime/topology.cpp): a zero scale
      // or shape has no distribution.
      if (!(p[0] > 0)) {
        return Status::failure("error: link: " + what + " needs SCALE > 0, got " +
                               linkNumber(p[0]));
      }
      if (!(p[1] > 0)) {
        return Status::failure("error: link: " + what + " needs SHAPE > 0, got " +
                               linkNumber(p[1]));
      }
      out.set_min_ms(p[0]);
      out.set_shape(p[1]);
      break;
    default:  // constant, exponential: one mean
      out.set_mean_ms(p[0]);
      break;
  }
  return Status::ok();
}

}  // namespace

std::string linkNumber(double value) {
  // Without a precision, to_chars writes the fewest digits that from_chars
  // (parseNumber) reads back as `value`; `general` writes them as %g does
  // ("0.0001", "1e-07"). No double needs more than 24 characters.
  std::array<char, 32> buf;
  char* end =
      std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::general).ptr;
  return std::string(buf.data(), end);
}

std::string linkCommandArgs(const topology::LinkModel& model) {
  return latencyWords(model.latency()) + " jitter " + linkNumber(model.jitter_ms()) + " ms loss " +
         linkNumber(model.loss());
}

std::string describeLink(const topology::LinkModel& model) {
  if (model.down()) return "down";
  if (model.jitter_ms() > 0) return linkCommandArgs(model);
  return latencyWords(model.latency()) + " loss " + linkNumber(model.loss());
}

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
  std::optional<LatencyModel> latency;
  std::optional<double> jitter, loss;
  if (words.size() == 2 && (words[1] == "down" || words[1] == "up")) {
    down = words[1] == "down";
  } else {
    for (std::size_t i = 1; i < words.size();) {
      const std::string key = words[i++];
      if (key == "latency") {
        if (auto parsed = parseLatency(words, i, latency.emplace()); !parsed)
          return Text::failure(parsed.error());
        continue;
      }
      if (key != "jitter" && key != "loss") {
        return Text::failure("error: link: unknown setting '" + key +
                             "' (expected down, up, latency, jitter or loss)");
      }
      double value = 0;
      if (i >= words.size() || !parseNumber(words[i], value)) {
        return Text::failure("error: link: '" + key + "' needs a number");
      }
      ++i;
      if (key == "jitter" && i < words.size() && words[i] == "ms") ++i;
      if (value < 0) return Text::failure("error: link: '" + key + "' must not be negative");
      if (key == "loss" && value > 1) {
        return Text::failure("error: link: loss is a probability in [0, 1]");
      }
      (key == "jitter" ? jitter : loss) = value;
    }
  }

  std::string out;
  for (const auto& p : peers) {
    topology::LinkModel m = table.get(p);
    if (down) m.set_down(*down);
    if (latency) *m.mutable_latency() = *latency;
    if (jitter) m.set_jitter_ms(*jitter);
    if (loss) m.set_loss(*loss);
    table.set(p, m);
    out += (out.empty() ? "" : "\n") + listLine(p, m);
  }
  return out.empty() ? std::string("no links") : out;
}

}  // namespace catslab::net
