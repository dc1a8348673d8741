#include "protocols/broadcast/perfect_links.h"

#include <algorithm>
#include <stdexcept>

#include "protocols/common/params.h"

namespace catslab::protocols {
namespace {

// Retired incarnations remembered per source: enough for a peer that
// restarts several times while its old copies are still in flight.
constexpr std::size_t kRetiredIncarnations = 8;

}  // namespace

bool wantsPerfectLinks(const std::map<std::string, std::string>& params) {
  auto it = params.find("links");
  if (it == params.end() || it->second.empty() || it->second == "fair") return false;
  if (it->second == "perfect") return true;
  throw std::invalid_argument("stack parameter 'links': expected 'fair' or 'perfect', got '" +
                              it->second + "'");
}

PerfectLinksOptions perfectLinksOptions(const std::map<std::string, std::string>& params) {
  PerfectLinksOptions o;
  o.rto = std::chrono::milliseconds(
      requirePositiveInt(params, "linkRtoMs", static_cast<int>(o.rto.count())));
  o.maxRto = std::chrono::milliseconds(requirePositiveInt(
      params, "linkMaxRtoMs", static_cast<int>(std::max(o.maxRto.count(), o.rto.count()))));
  if (o.maxRto < o.rto) {
    throw std::invalid_argument("stack parameter 'linkMaxRtoMs': must be at least linkRtoMs (" +
                                std::to_string(o.rto.count()) + ")");
  }
  o.maxUnacked = static_cast<std::uint64_t>(
      requirePositiveInt(params, "linkMaxUnacked", static_cast<int>(o.maxUnacked)));
  o.maxQueued = static_cast<std::uint64_t>(
      requirePositiveInt(params, "linkMaxQueued", static_cast<int>(o.maxQueued)));
  return o;
}

std::string perfectLinksHelp() {
  return "parameters: links=perfect puts perfect links (retransmit + deduplicate) under the "
         "stack; linkRtoMs (100), linkMaxRtoMs (2000), linkMaxUnacked (256), linkMaxQueued (4096)";
}

PerfectLinks::PerfectLinks(runtime::Address self, PerfectLinksOptions options)
    : self_(std::move(self)), options_(options) {
  options_.rto = std::max(options_.rto, std::chrono::milliseconds(1));
  options_.maxRto = std::max(options_.maxRto, options_.rto);
  options_.maxUnacked = std::max<std::uint64_t>(options_.maxUnacked, 1);
  options_.burst = std::max<std::uint64_t>(options_.burst, 1);
  // The runtime gives a component recreated at the same path a fresh
  // stream, so two lives of a node draw different incarnations.
  incarnation_ = random().next();
  if (incarnation_ == 0) incarnation_ = 1;  // 0 means "no incarnation seen yet"

  subscribe(up_, &PerfectLinks::onSend);
  subscribe(down_, &PerfectLinks::onIncoming);
  subscribe(down_, [this](const runtime::NetworkStatus&) {
    trigger(std::static_pointer_cast<const runtime::NetworkStatus>(*core().currentEvent()), up_);
  });
  subscribe(timer_, &PerfectLinks::onRetransmit);
}

std::size_t PerfectLinks::unacked(const std::string& peer) const {
  auto it = out_.find(peer);
  return it == out_.end() ? 0 : it->second.unacked.size() + it->second.backlog.size();
}

void PerfectLinks::onSend(const runtime::Message& m) {
  auto message = std::static_pointer_cast<const runtime::Message>(*core().currentEvent());
  auto [it, fresh] = out_.try_emplace(m.destination.id);
  Outgoing& out = it->second;
  if (fresh) {
    out.peer = m.destination;
    out.rto = options_.rto;
  }
  out.backlog.push_back(std::move(message));
  if (out.backlog.size() > options_.maxQueued) {
    out.backlog.pop_front();  // the peer is gone or cut off: give up the oldest
    ++out.abandoned;
  }
  admit(out);
}

// Moves waiting messages into the window while it has room.
void PerfectLinks::admit(Outgoing& out) {
  while (!out.backlog.empty() &&
         (out.unacked.empty() || out.nextSeq - out.unacked.begin()->first < options_.maxUnacked)) {
    const std::uint64_t seq = out.nextSeq++;
    out.unacked.emplace(seq, Pending{std::move(out.backlog.front()), now()});
    out.backlog.pop_front();
    ++sent_;
    transmit(out, seq);
  }
  if (!out.unacked.empty()) arm(out);
}

void PerfectLinks::transmit(Outgoing& out, std::uint64_t seq) {
  Pending& pending = out.unacked.at(seq);
  pending.lastSent = now();
  const runtime::Message& inner = *pending.message;
  trigger(PlData(inner.source, inner.destination, incarnation_, seq, out.unacked.begin()->first,
                 pending.message),
          down_);
}

void PerfectLinks::arm(Outgoing& out) {
  if (out.armed) return;
  out.armed = true;
  scheduleTimeout(timer_, out.rto, Retransmit(out.peer.id));
}

void PerfectLinks::onRetransmit(const Retransmit& t) {
  auto it = out_.find(t.peer);
  if (it == out_.end()) return;
  Outgoing& out = it->second;
  out.armed = false;
  if (out.unacked.empty()) {
    out.rto = options_.rto;
    out.progress = false;
    return;
  }
  // Back off while the peer is silent (crashed, cut off); snap back to the
  // first delay as soon as it answers again.
  out.rto = out.progress ? options_.rto : std::min(out.rto * 2, options_.maxRto);
  out.progress = false;
  // Resend the oldest messages that have waited at least one first delay;
  // younger ones had their chance only just now.
  const runtime::Duration due = now() - options_.rto;
  std::uint64_t resent = 0;
  for (auto& [seq, pending] : out.unacked) {
    if (resent == options_.burst) break;
    if (pending.lastSent > due) continue;
    transmit(out, seq);
    ++resent;
  }
  out.retransmissions += resent;
  arm(out);
}

void PerfectLinks::onIncoming(const runtime::Message& m) {
  if (m.typeId() == PlData::staticTypeId()) {
    onData(static_cast<const PlData&>(m));
  } else if (m.typeId() == PlAck::staticTypeId()) {
    onAck(static_cast<const PlAck&>(m));
  } else {
    // Not ours (a peer without the layer): pass it up untouched.
    trigger(std::static_pointer_cast<const runtime::Message>(*core().currentEvent()), up_);
  }
}

void PerfectLinks::advance(Incoming& in, std::uint64_t watermark) {
  if (watermark > in.watermark) {
    in.watermark = watermark;
    in.ahead.erase(in.ahead.begin(), in.ahead.upper_bound(watermark));
  }
  while (!in.ahead.empty() && *in.ahead.begin() == in.watermark + 1) {
    in.ahead.erase(in.ahead.begin());
    ++in.watermark;
  }
}

void PerfectLinks::onData(const PlData& d) {
  Incoming& in = in_[d.source.id];
  if (in.incarnation != d.incarnation) {
    if (std::find(in.retired.begin(), in.retired.end(), d.incarnation) != in.retired.end()) {
      ++staleDropped_;  // a late copy from a previous life of the source
      return;
    }
    if (in.incarnation != 0) {
      in.retired.push_back(in.incarnation);
      if (in.retired.size() > kRetiredIncarnations) in.retired.pop_front();
    }
    in.incarnation = d.incarnation;
    in.watermark = 0;
    in.ahead.clear();
  }
  // Ack every copy: the previous ack may have been lost.
  trigger(PlAck(self_, d.source, d.incarnation, d.seq), down_);
  // Everything below the sender's floor was acked already (by us or a previous life of us).
  if (d.floor > 0) advance(in, d.floor - 1);
  if (d.seq <= in.watermark || in.ahead.count(d.seq)) {
    ++in.duplicates;
    return;
  }
  // Bounded memory even against a sender that ignores its own bound: older
  // numbers are skipped (never redelivered), not remembered.
  const std::uint64_t span = 4 * options_.maxUnacked;
  if (d.seq > in.watermark + span) advance(in, d.seq - span);
  in.ahead.insert(d.seq);
  advance(in, in.watermark);
  ++in.delivered;
  trigger(d.inner, up_);
}

void PerfectLinks::onAck(const PlAck& a) {
  if (a.incarnation != incarnation_) return;  // answers a previous life of ours
  auto it = out_.find(a.source.id);
  if (it == out_.end()) return;
  if (it->second.unacked.erase(a.seq)) {
    it->second.progress = true;
    admit(it->second);
  }
}

void PerfectLinks::inspect(runtime::StateWriter& out) const {
  out.set("incarnation", incarnation_);
  out.set("sent", sent_);
  std::uint64_t retransmissions = 0;
  std::uint64_t delivered = 0;
  std::uint64_t duplicates = 0;
  for (const auto& [peer, o] : out_) {
    out.set("unacked." + peer, static_cast<std::uint64_t>(o.unacked.size()));
    if (!o.backlog.empty()) out.set("queued." + peer, static_cast<std::uint64_t>(o.backlog.size()));
    out.set("retransmissions." + peer, o.retransmissions);
    if (o.abandoned) out.set("abandoned." + peer, o.abandoned);
    out.set("rtoMs." + peer, static_cast<std::int64_t>(o.rto.count()));
    retransmissions += o.retransmissions;
  }
  for (const auto& [peer, in] : in_) {
    out.set("watermark." + peer, in.watermark);
    out.set("ahead." + peer, static_cast<std::uint64_t>(in.ahead.size()));
    delivered += in.delivered;
    duplicates += in.duplicates;
  }
  out.set("retransmissions", retransmissions);
  out.set("delivered", delivered);
  out.set("duplicates", duplicates);
  out.set("stale", staleDropped_);
}

}  // namespace catslab::protocols
