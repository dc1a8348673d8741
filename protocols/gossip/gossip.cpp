// Rumour mongering, push or push-pull, over Cyclon's samples.
#include "protocols/gossip/gossip.h"

#include <algorithm>
#include <sstream>

namespace catslab::protocols::gossip {

runtime::Result<GossipConfig> GossipConfig::fromParams(
    const std::map<std::string, std::string>& p) {
  GossipConfig c;
  int pull = 500;
  auto read = [&](const char* key, int& out) -> runtime::Status {
    auto it = p.find(key);
    if (it == p.end()) return runtime::Status::ok();
    try {
      std::size_t used = 0;
      const int v = std::stoi(it->second, &used);
      if (used == it->second.size() && v > 0) {
        out = v;
        return runtime::Status::ok();
      }
    } catch (const std::exception&) {
    }
    return runtime::Status::failure(std::string("parameter '") + key +
                                    "': expected a positive integer, got '" + it->second + "'");
  };
  for (auto s : {read("fanout", c.fanout), read("ttl", c.ttl), read("pull_ms", pull)}) {
    if (!s) return runtime::Result<GossipConfig>::failure(s.error());
  }
  if (auto it = p.find("mode"); it != p.end()) {
    if (it->second != "push" && it->second != "push-pull") {
      return runtime::Result<GossipConfig>::failure(
          "parameter 'mode': expected push or push-pull, got '" + it->second + "'");
    }
    c.pushPull = it->second == "push-pull";
  }
  c.pullPeriod = std::chrono::milliseconds(pull);
  return c;
}

GossipComponent::GossipComponent(runtime::StackContext context, GossipConfig config)
    : context_(std::move(context)), config_(config) {
  subscribe(sampling_, [this](const cyclon::Sample& s) { sample_ = s.peers; });
  subscribe(gossip_, &GossipComponent::onGossip);
  subscribe(net_, &GossipComponent::onRumour);
  subscribe(net_, &GossipComponent::onDigest);
  subscribe(net_, &GossipComponent::onDigestReply);
  subscribe(timer_, &GossipComponent::onPull);
  subscribe(console_, &GossipComponent::onCommand);
}

void GossipComponent::onStart() {
  trigger(cyclon::GetSample{}, sampling_);
  if (config_.pushPull) {
    schedulePeriodic(timer_, config_.pullPeriod, config_.pullPeriod, PullTick{});
  }
}

// upon Gossip(text): r = (self, ++seq); deliver r; push r with the full TTL.
void GossipComponent::onGossip(const Gossip& g) {
  RumourData r{RumourId{context_.self.id, ++seq_}, g.text};
  learn(r);
  push(r, static_cast<std::uint32_t>(config_.ttl), nullptr);
}

// upon Rumour(r, ttl) from q: if r is new: deliver r; if ttl > 0, push r
// with ttl - 1 to fanout peers other than q.
void GossipComponent::onRumour(const Rumour& m) {
  if (!learn(m.rumour)) {
    ++duplicates_;
    return;
  }
  if (m.ttl > 0) push(m.rumour, m.ttl - 1, &m.source);
}

bool GossipComponent::learn(const RumourData& r) {
  if (!rumours_.emplace(r.id, r.text).second) return false;
  ++deliveries_[r.id];
  trigger(Delivered(r.id.origin, r.id.seq, r.text), gossip_);
  trigger(runtime::ConsoleOutput("delivered " + r.id.origin + "#" + std::to_string(r.id.seq) +
                                 ": " + r.text),
          console_);
  return true;
}

void GossipComponent::push(const RumourData& r, std::uint32_t ttl, const Address* except) {
  std::vector<Address> targets;
  for (const auto& p : sample_) {
    if (!(p == context_.self) && (!except || !(p == *except))) targets.push_back(p);
  }
  std::shuffle(targets.begin(), targets.end(), random());
  if (targets.size() > static_cast<std::size_t>(config_.fanout)) targets.resize(config_.fanout);
  for (const auto& t : targets) trigger(Rumour(context_.self, t, r, ttl), net_);
}

// Every pull period: send our digest to one random peer of the sample.
void GossipComponent::onPull(const PullTick&) {
  if (sample_.empty()) {
    trigger(cyclon::GetSample{}, sampling_);
    return;
  }
  const Address& peer = sample_[random().below(sample_.size())];
  trigger(Digest(context_.self, peer, knownIds()), net_);
}

void GossipComponent::onDigest(const Digest& m) {
  const std::set<RumourId> theirs(m.known.begin(), m.known.end());
  std::vector<RumourData> missing;
  for (const auto& [id, text] : rumours_) {
    if (!theirs.count(id)) missing.push_back(RumourData{id, text});
  }
  trigger(DigestReply(context_.self, m.source, std::move(missing), knownIds()), net_);
}

void GossipComponent::onDigestReply(const DigestReply& m) {
  for (const auto& r : m.missing) {
    if (learn(r)) ++pulled_;
  }
  const std::set<RumourId> theirs(m.known.begin(), m.known.end());
  for (const auto& [id, text] : rumours_) {
    if (!theirs.count(id)) trigger(Rumour(context_.self, m.source, RumourData{id, text}, 0), net_);
  }
}

std::vector<RumourId> GossipComponent::knownIds() const {
  std::vector<RumourId> ids;
  for (const auto& [id, text] : rumours_) ids.push_back(id);
  return ids;
}

void GossipComponent::onCommand(const runtime::ConsoleCommand& c) {
  std::istringstream in(c.line);
  std::string verb;
  in >> verb;
  if (verb.empty()) return;
  std::string text;
  bool error = false;
  if (verb == "help") {
    text = "commands: gossip <text> | delivered | sample | help";
  } else if (verb == "gossip") {
    std::string rest;
    std::getline(in >> std::ws, rest);
    if (rest.empty()) {
      text = "error: usage: gossip <text>";
      error = true;
    } else {
      onGossip(Gossip(rest));
      text = "gossiping " + context_.self.id + "#" + std::to_string(seq_);
    }
  } else if (verb == "delivered") {
    text = std::to_string(rumours_.size()) + " rumours:";
    for (const auto& [id, t] : rumours_) text += " " + id.origin + "#" + std::to_string(id.seq);
  } else if (verb == "sample" || verb == "view") {
    text = "sample:";
    for (const auto& a : sample_) text += " " + a.id;
  } else {
    text = "error: unknown command '" + verb + "' (try 'help')";
    error = true;
  }
  trigger(runtime::ConsoleOutput(text, error, c.id), console_);
}

void GossipComponent::inspect(runtime::StateWriter& out) const {
  std::vector<std::string> ids;
  for (const auto& [id, t] : rumours_) ids.push_back(id.origin + "#" + std::to_string(id.seq));
  out.setList("rumours", ids);
  out.set("mode", config_.pushPull ? "push-pull" : "push");
  out.set("fanout", config_.fanout);
  out.set("ttl", config_.ttl);
  out.set("duplicatesDropped", duplicates_);
  out.set("pulled", pulled_);
  std::vector<std::string> sample;
  for (const auto& a : sample_) sample.push_back(a.id);
  out.setList("sample", sample);
}

}  // namespace catslab::protocols::gossip
