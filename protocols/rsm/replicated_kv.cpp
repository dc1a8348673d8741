#include "protocols/rsm/replicated_kv.h"

#include <charconv>
#include <cstdio>

#include "protocols/broadcast/eager_reliable_broadcast.h"

namespace catslab::protocols {

namespace {

// "<local number>@<incarnation, 16 hex digits>", the first word of a command's text.
std::string commandTag(std::uint64_t incarnation, std::uint64_t seq) {
  char life[17];
  std::snprintf(life, sizeof life, "%016llx", static_cast<unsigned long long>(incarnation));
  return std::to_string(seq) + "@" + life;
}

bool parseTag(const std::string& tag, std::uint64_t& incarnation, std::uint64_t& seq) {
  const auto at = tag.find('@');
  if (at == std::string::npos) return false;
  const char* end = tag.data() + tag.size();
  const auto s = std::from_chars(tag.data(), tag.data() + at, seq);
  const auto l = std::from_chars(tag.data() + at + 1, end, incarnation, 16);
  return at > 0 && s.ec == std::errc() && s.ptr == tag.data() + at && l.ec == std::errc() &&
         l.ptr == end && at + 1 < tag.size();
}

}  // namespace

ReplicatedKv::ReplicatedKv(runtime::Address self)
    : self_(std::move(self)), incarnation_(random().next()) {
  subscribe(rsm_, &ReplicatedKv::onExecute);
  subscribe(tob_, &ReplicatedKv::onTobDeliver);
  subscribe(rsm_, &ReplicatedKv::onDescribe);
}

// The command travels as "<local sequence>@<incarnation> <command>", so that
// the submitting replica recognises its own commands when they come back in
// order, and not an earlier life's.
void ReplicatedKv::onExecute(const Execute& e) {
  std::string why;
  if (!KvStateMachine::validCommand(e.command, &why)) {
    trigger(Executed(e.id, "error: " + why), rsm_);
    return;
  }
  waiting_[++submitted_] = e.id;
  trigger(TobBroadcast(commandTag(incarnation_, submitted_) + " " + e.command), tob_);
}

void ReplicatedKv::onTobDeliver(const TobDeliver& d) {
  const auto space = d.text.find(' ');
  if (space == std::string::npos) return;  // not ours
  std::uint64_t life = 0;
  std::uint64_t seq = 0;
  if (!parseTag(d.text.substr(0, space), life, seq)) return;  // not ours (same on every replica)
  const std::string command = d.text.substr(space + 1);
  const std::string result = machine_.apply(command);
  applied_.push_back(Applied{d.origin.id, life, seq, command});
  lives_[d.origin.id].insert(life);
  if (d.origin == self_ && life == incarnation_) {
    auto it = waiting_.find(seq);
    if (it != waiting_.end()) {
      trigger(Executed(it->second, result), rsm_);
      waiting_.erase(it);
    }
  }
}

// "n1#3 put k v", or "n1.<lifeTag>#3 put k v" once more than one life of n1
// was applied here.
std::vector<std::string> ReplicatedKv::logLines() const {
  std::vector<std::string> lines;
  for (const auto& a : applied_) {
    lines.push_back(
        broadcastMessageName(a.origin, a.incarnation, a.seq, lives_.at(a.origin).size() > 1) + " " +
        a.command);
  }
  return lines;
}

void ReplicatedKv::onDescribe(const Describe& d) {
  std::vector<std::string> lines;
  if (d.what == "log") {
    const auto log = logLines();
    lines.push_back("applied " + std::to_string(log.size()));
    for (std::size_t i = 0; i < log.size(); ++i) {
      lines.push_back(std::to_string(i + 1) + " " + log[i]);
    }
  } else {
    lines.push_back(std::to_string(machine_.data().size()) + " keys");
    for (const auto& [k, v] : machine_.data()) lines.push_back(k + " = " + v);
  }
  trigger(Described(d.id, std::move(lines)), rsm_);
}

void ReplicatedKv::inspect(runtime::StateWriter& out) const {
  out.set("applied", static_cast<std::uint64_t>(applied_.size()));
  out.set("digest", machine_.digest());
  out.setList("log", logLines());
  for (const auto& [k, v] : machine_.data()) out.set("data." + k, v);
}

}  // namespace catslab::protocols
