#include "protocols/ping/ping.h"

#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace catslab::protocols {

using runtime::Address;

namespace {

// A non-negative number of milliseconds (fractions allowed), `fallback` when
// absent; anything else is a configuration error naming the parameter.
double fractionalMs(const std::map<std::string, std::string>& params, const std::string& name,
                    double fallback) {
  auto it = params.find(name);
  if (it == params.end()) return fallback;
  std::size_t used = 0;
  double v = -1;
  try {
    v = std::stod(it->second, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != it->second.size() || !(v >= 0)) {
    throw std::invalid_argument("ping stack: parameter '" + name +
                                "': expected milliseconds >= 0, got '" + it->second + "'");
  }
  return v;
}

runtime::Duration fromMs(double ms) {
  return runtime::Duration(static_cast<std::int64_t>(ms * 1e6));
}

std::string formatMs(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", ms);
  return buf;
}

}  // namespace

PingApp::PingApp(runtime::StackContext context)
    : context_(std::move(context)),
      timeout_(fromMs(fractionalMs(context_.params, "timeout_ms", 1000))),
      interval_(fromMs(fractionalMs(context_.params, "interval_ms", 0))) {
  for (const Address& p : context_.peers) peers_[p.id];
  subscribe(console_, &PingApp::onCommand);
  subscribe(net_, &PingApp::onPing);
  subscribe(net_, &PingApp::onPong);
  subscribe(timer_, &PingApp::onTimeout);
  subscribe(timer_, [this](const Tick&) {
    for (const Address& p : context_.peers) sendPing(p, 0);
  });
}

void PingApp::onStart() {
  if (interval_.count() > 0 && !context_.peers.empty()) {
    schedulePeriodic(timer_, interval_, interval_, Tick{});
  }
}

void PingApp::print(const std::string& text, bool error, std::uint64_t id) {
  trigger(runtime::ConsoleOutput(text, error, id), console_);
}

const Address* PingApp::findPeer(const std::string& id) const {
  for (const Address& p : context_.peers) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

void PingApp::onCommand(const runtime::ConsoleCommand& command) {
  std::istringstream in(command.line);
  std::string verb, arg, extra;
  in >> verb >> arg >> extra;
  if (verb.empty()) return;
  if (verb == "help") {
    print("commands:", false, command.id);
    print("  ping <node>  send a ping and print the round-trip time", false, command.id);
    print("  ping all     ping every peer", false, command.id);
    print("  stats        sent/received/timeouts/last rtt per peer", false, command.id);
    print("  help         this list", false, command.id);
  } else if (verb == "ping") {
    if (arg.empty() || !extra.empty()) {
      print("error: usage: ping <node>|all", true, command.id);
    } else if (arg == "all") {
      if (context_.peers.empty()) print("error: no peers", true, command.id);
      for (const Address& p : context_.peers) sendPing(p, command.id);
    } else if (const Address* peer = findPeer(arg)) {
      sendPing(*peer, command.id);
    } else {
      print("error: unknown node '" + arg + "'", true, command.id);
    }
  } else if (verb == "stats") {
    for (const auto& [id, s] : peers_) {
      print(id + ": sent=" + std::to_string(s.sent) + " received=" + std::to_string(s.received) +
                " timeouts=" + std::to_string(s.timeouts) +
                " rtt=" + (s.lastRttMs < 0 ? std::string("-") : formatMs(s.lastRttMs) + " ms"),
            false, command.id);
    }
  } else {
    print("error: unknown command '" + verb + "' (try 'help')", true, command.id);
  }
}

void PingApp::sendPing(const Address& peer, std::uint64_t /*commandId*/) {
  const std::uint64_t seq = ++nextSeq_;
  ++peers_[peer.id].sent;
  const auto id = scheduleTimeout(timer_, timeout_, PingTimeout(peer.id, seq));
  outstanding_[seq] = Outstanding{peer.id, id};
  trigger(Ping(context_.self, peer, seq, now().count()), net_);
}

void PingApp::onPing(const Ping& ping) {
  ++pongsSent_;
  trigger(Pong(context_.self, ping.source, ping.seq, ping.sentAtNs), net_);
}

void PingApp::onPong(const Pong& pong) {
  auto it = outstanding_.find(pong.seq);
  if (it == outstanding_.end() || it->second.peer != pong.source.id) return;  // late or stray
  cancelTimeout(timer_, it->second.timeout);
  outstanding_.erase(it);
  const double rtt = static_cast<double>(now().count() - pong.sentAtNs) / 1e6;
  PeerStats& s = peers_[pong.source.id];
  ++s.received;
  s.lastRttMs = rtt;
  const std::string rttText = formatMs(rtt);  // once, for the reply line and inspect()
  s.rttText = rtt < 0 ? std::string("-") : rttText;
  print("reply from " + pong.source.id + ": rtt=" + rttText +
        " ms seq=" + std::to_string(pong.seq));
}

void PingApp::onTimeout(const PingTimeout& timeout) {
  auto it = outstanding_.find(timeout.seq);
  if (it == outstanding_.end()) return;  // the Pong won the race
  outstanding_.erase(it);
  ++peers_[timeout.peer].timeouts;
  print("timeout: " + timeout.peer + " seq=" + std::to_string(timeout.seq));
}

void PingApp::inspect(runtime::StateWriter& out) const {
  std::uint64_t sent = 0, received = 0, timeouts = 0;
  std::string key;
  const auto keyOf = [&key](const std::string& id, std::string_view field) -> const std::string& {
    key.assign(id);
    key += field;
    return key;
  };
  for (const auto& [id, s] : peers_) {
    sent += s.sent;
    received += s.received;
    timeouts += s.timeouts;
    out.set(keyOf(id, ".sent"), s.sent);
    out.set(keyOf(id, ".received"), s.received);
    out.set(keyOf(id, ".timeouts"), s.timeouts);
    out.set(keyOf(id, ".rtt_ms"), s.rttText);
  }
  out.set("sent", sent);
  out.set("received", received);
  out.set("timeouts", timeouts);
  out.set("outstanding", static_cast<std::uint64_t>(outstanding_.size()));
  out.set("pongs_sent", pongsSent_);
}

namespace {

const runtime::StackRegistry::Registration kPingStack({
    "ping",
    "measures round-trip times to peers (ping <node>, ping all)",
    [](runtime::ComponentDefinition& parent, const runtime::StackContext& context) {
      return runtime::ComponentRef(
          runtime::StackBuilder::createIn<PingApp>(parent, "ping", context));
    },
});

}  // namespace

}  // namespace catslab::protocols
