// Cyclon (Voulgaris et al. 2005), the enhanced shuffling of section 3.
// Comments number the steps as the paper does.
#include "protocols/cyclon/cyclon.h"

#include <algorithm>

#include "protocols/common/params.h"

namespace catslab::protocols::cyclon {

runtime::Result<CyclonConfig> CyclonConfig::fromParams(
    const std::map<std::string, std::string>& p) {
  CyclonConfig c;
  const auto view = paramPositiveInt(p, "view", c.viewSize);
  const auto shuffle = paramPositiveInt(p, "shuffle", c.shuffleLength);
  const auto period = paramPositiveInt(p, "period_ms", 200);
  if (auto s = firstFailure(view, shuffle, period); !s) return s;
  c.viewSize = *view;
  c.shuffleLength = *shuffle;
  if (c.shuffleLength > c.viewSize) {
    return runtime::Result<CyclonConfig>::failure(
        "parameter 'shuffle': the shuffle length (" + std::to_string(c.shuffleLength) +
        ") cannot exceed the view size (" + std::to_string(c.viewSize) + ")");
  }
  c.period = std::chrono::milliseconds(*period);
  return c;
}

Cyclon::Cyclon(runtime::StackContext context, CyclonConfig config)
    : ConsoleStack(HelpStyle::kOneLine), context_(std::move(context)), config_(config) {
  subscribe(timer_, &Cyclon::shuffle);
  subscribe(network_, &Cyclon::onRequest);
  subscribe(network_, &Cyclon::onReply);
  subscribe(sampling_, [this](const GetSample&) { trigger(Sample(sample()), sampling_); });
}

void Cyclon::onStart() {
  joinThroughBootstrap();
  schedulePeriodic(timer_, config_.period, config_.period, ShuffleTick{});
}

void Cyclon::joinThroughBootstrap() {
  if (context_.bootstrap.empty() || context_.bootstrap == context_.self.id) return;
  for (const auto& p : context_.peers) {
    if (p.id == context_.bootstrap) view_.push_back(Descriptor{p, 0});
  }
}

void Cyclon::shuffle(const ShuffleTick&) {
  // A partner that never answered the last shuffle stays out of the view:
  // that is how dead links disappear.
  awaiting_ = false;
  if (view_.empty()) {
    joinThroughBootstrap();
    if (view_.empty()) return;
  }
  // 1. Increase by one the age of all neighbours.
  for (auto& d : view_) ++d.age;
  // 2. Select neighbour Q with the highest age among all neighbours, and
  //    l - 1 other random neighbours.
  auto oldest = std::max_element(view_.begin(), view_.end(),
                                 [](const auto& a, const auto& b) { return a.age < b.age; });
  partner_ = oldest->address;
  view_.erase(oldest);
  std::vector<Descriptor> subset =
      randomSubset(static_cast<std::size_t>(config_.shuffleLength - 1), nullptr);
  sent_.clear();
  for (const auto& d : subset) sent_.push_back(d.address);
  // 3. Replace Q's entry with a new entry of age 0 and with P's address.
  subset.insert(subset.begin(), Descriptor{context_.self, 0});
  // 4. Send the updated subset to peer Q.
  trigger(ShuffleRequest(context_.self, partner_, std::move(subset)), network_);
  awaiting_ = true;
  ++shuffles_;
}

// Q's side: answer with a random subset of up to l of its neighbours, then
// fold in what P sent, making room by evicting what it just sent to P.
void Cyclon::onRequest(const ShuffleRequest& m) {
  std::vector<Descriptor> reply =
      randomSubset(static_cast<std::size_t>(config_.shuffleLength), &m.source);
  std::vector<Address> sent;
  for (const auto& d : reply) sent.push_back(d.address);
  trigger(ShuffleReply(context_.self, m.source, std::move(reply)), network_);
  merge(m.entries, std::move(sent));
  ++answered_;
}

// 5./6./7. P receives Q's subset: discard entries pointing at P and entries
// already in P's view; use empty slots first, then replace the entries P
// sent to Q.
void Cyclon::onReply(const ShuffleReply& m) {
  if (!awaiting_ || !(m.source == partner_)) return;  // late reply from an old shuffle
  awaiting_ = false;
  merge(m.entries, sent_);
  // Q just proved alive: keep it if there is room (lets views fill up
  // after joins, where the paper would use random walks).
  if (static_cast<int>(view_.size()) < config_.viewSize && !knows(partner_)) {
    view_.push_back(Descriptor{partner_, 0});
  }
  trigger(Sample(sample()), sampling_);
}

void Cyclon::merge(const std::vector<Descriptor>& received, std::vector<Address> sent) {
  for (const auto& d : received) {
    if (d.address == context_.self || knows(d.address)) continue;
    if (static_cast<int>(view_.size()) < config_.viewSize) {
      view_.push_back(d);
      continue;
    }
    // Replace one of the entries sent, if it is still in the view.
    while (!sent.empty()) {
      const Address victim = sent.back();
      sent.pop_back();
      auto it = std::find_if(view_.begin(), view_.end(),
                             [&](const auto& v) { return v.address == victim; });
      if (it != view_.end()) {
        *it = d;
        break;
      }
    }
  }
}

std::vector<Descriptor> Cyclon::randomSubset(std::size_t count, const Address* except) {
  std::vector<Descriptor> pool;
  for (const auto& d : view_) {
    if (!except || !(d.address == *except)) pool.push_back(d);
  }
  std::shuffle(pool.begin(), pool.end(), random());
  if (pool.size() > count) pool.resize(count);
  return pool;
}

bool Cyclon::knows(const Address& a) const {
  return std::any_of(view_.begin(), view_.end(), [&](const auto& d) { return d.address == a; });
}

std::vector<runtime::Address> Cyclon::sample() const {
  std::vector<runtime::Address> out;
  for (const auto& d : view_) out.push_back(d.address);
  return out;
}

bool Cyclon::handleCommand(const CommandLine& cmd, std::uint64_t id) {
  if (cmd.verb == "view") {
    std::string text =
        "view " + std::to_string(view_.size()) + "/" + std::to_string(config_.viewSize) + ":";
    for (const auto& d : view_) text += " " + d.address.id + "(age " + std::to_string(d.age) + ")";
    reply(text, id);
  } else if (cmd.verb == "sample") {
    std::string text = "sample:";
    for (const auto& a : sample()) text += " " + a.id;
    reply(text, id);
  } else {
    return false;
  }
  return true;
}

std::vector<std::string> Cyclon::helpLines() const {
  return {"view (neighbours with ages)", "sample"};
}

void Cyclon::inspect(runtime::StateWriter& out) const {
  std::vector<std::string> entries;
  for (const auto& d : view_) entries.push_back(d.address.id + ":" + std::to_string(d.age));
  out.setList("view", entries);
  out.set("viewSize", config_.viewSize);
  out.set("shuffleLength", config_.shuffleLength);
  out.set("shuffles", shuffles_);
  out.set("answered", answered_);
}

namespace {
const runtime::StackRegistry::Registration kCyclonStack({
    "cyclon",
    "Cyclon peer sampling (Voulgaris et al.): shuffle with the oldest neighbour; commands "
    "view, sample",
    [](runtime::ComponentDefinition& parent, const runtime::StackContext& ctx) {
      return runtime::ComponentRef(runtime::StackBuilder::createIn<Cyclon>(
          parent, "cyclon", ctx, stackConfig("cyclon", CyclonConfig::fromParams(ctx.params))));
    },
});
}  // namespace

}  // namespace catslab::protocols::cyclon
