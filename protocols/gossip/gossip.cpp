// Rumour mongering, push or push-pull, over Cyclon's samples.
#include "protocols/gossip/gossip.h"

#include <algorithm>

#include "protocols/common/params.h"

namespace catslab::protocols::gossip {

runtime::Result<GossipConfig> GossipConfig::fromParams(
    const std::map<std::string, std::string>& p) {
  GossipConfig c;
  const auto fanout = paramPositiveInt(p, "fanout", c.fanout);
  const auto ttl = paramPositiveInt(p, "ttl", c.ttl);
  const auto pull = paramPositiveInt(p, "pull_ms", 500);
  if (auto s = firstFailure(fanout, ttl, pull); !s) return s;
  c.fanout = *fanout;
  c.ttl = *ttl;
  c.pullPeriod = std::chrono::milliseconds(*pull);
  if (auto it = p.find("mode"); it != p.end()) {
    if (it->second != "push" && it->second != "push-pull") {
      return runtime::Result<GossipConfig>::failure(
          "parameter 'mode': expected push or push-pull, got '" + it->second + "'");
    }
    c.pushPull = it->second == "push-pull";
  }
  return c;
}

GossipComponent::GossipComponent(runtime::StackContext context, GossipConfig config)
    : ConsoleStack(HelpStyle::kOneLine), context_(std::move(context)), config_(config) {
  subscribe(sampling_, [this](const cyclon::Sample& s) { sample_ = s.peers; });
  subscribe(gossip_, &GossipComponent::onGossip);
  subscribe(network_, &GossipComponent::onRumour);
  subscribe(network_, &GossipComponent::onDigest);
  subscribe(network_, &GossipComponent::onDigestReply);
  subscribe(timer_, &GossipComponent::onPull);
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
  say("delivered " + r.id.origin + "#" + std::to_string(r.id.seq) + ": " + r.text);
  return true;
}

void GossipComponent::push(const RumourData& r, std::uint32_t ttl, const Address* except) {
  std::vector<Address> targets;
  for (const auto& p : sample_) {
    if (!(p == context_.self) && (!except || !(p == *except))) targets.push_back(p);
  }
  std::shuffle(targets.begin(), targets.end(), random());
  if (targets.size() > static_cast<std::size_t>(config_.fanout)) targets.resize(config_.fanout);
  for (const auto& t : targets) trigger(Rumour(context_.self, t, r, ttl), network_);
}

// Every pull period: send our digest to one random peer of the sample.
void GossipComponent::onPull(const PullTick&) {
  if (sample_.empty()) {
    trigger(cyclon::GetSample{}, sampling_);
    return;
  }
  const Address& peer = sample_[random().below(sample_.size())];
  trigger(Digest(context_.self, peer, knownIds()), network_);
}

void GossipComponent::onDigest(const Digest& m) {
  const std::set<RumourId> theirs(m.known.begin(), m.known.end());
  std::vector<RumourData> missing;
  for (const auto& [id, text] : rumours_) {
    if (!theirs.count(id)) missing.push_back(RumourData{id, text});
  }
  trigger(DigestReply(context_.self, m.source, std::move(missing), knownIds()), network_);
}

void GossipComponent::onDigestReply(const DigestReply& m) {
  for (const auto& r : m.missing) {
    if (learn(r)) ++pulled_;
  }
  const std::set<RumourId> theirs(m.known.begin(), m.known.end());
  for (const auto& [id, text] : rumours_) {
    if (!theirs.count(id))
      trigger(Rumour(context_.self, m.source, RumourData{id, text}, 0), network_);
  }
}

std::vector<RumourId> GossipComponent::knownIds() const {
  std::vector<RumourId> ids;
  for (const auto& [id, text] : rumours_) ids.push_back(id);
  return ids;
}

bool GossipComponent::handleCommand(const CommandLine& cmd, std::uint64_t id) {
  if (cmd.verb == "gossip") {
    if (cmd.rest.empty()) {
      replyError("usage: gossip <text>", id);
    } else {
      onGossip(Gossip(cmd.rest));
      reply("gossiping " + context_.self.id + "#" + std::to_string(seq_), id);
    }
  } else if (cmd.verb == "delivered") {
    std::string text = std::to_string(rumours_.size()) + " rumours:";
    for (const auto& [rumour, t] : rumours_) {
      text += " " + rumour.origin + "#" + std::to_string(rumour.seq);
    }
    reply(text, id);
  } else if (cmd.verb == "sample" || cmd.verb == "view") {
    std::string text = "sample:";
    for (const auto& a : sample_) text += " " + a.id;
    reply(text, id);
  } else {
    return false;
  }
  return true;
}

std::vector<std::string> GossipComponent::helpLines() const {
  return {"gossip <text>", "delivered", "sample"};
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
