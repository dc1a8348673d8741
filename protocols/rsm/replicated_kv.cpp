#include "protocols/rsm/replicated_kv.h"

namespace catslab::protocols {

ReplicatedKv::ReplicatedKv(runtime::Address self) : self_(std::move(self)) {
  subscribe(rsm_, &ReplicatedKv::onExecute);
  subscribe(tob_, &ReplicatedKv::onTobDeliver);
  subscribe(rsm_, &ReplicatedKv::onDescribe);
}

// The command travels as "<local sequence> <command>", so that the submitting
// replica recognises its own commands when they come back in order.
void ReplicatedKv::onExecute(const Execute& e) {
  std::string why;
  if (!KvStateMachine::validCommand(e.command, &why)) {
    trigger(Executed(e.id, "error: " + why), rsm_);
    return;
  }
  waiting_[++submitted_] = e.id;
  trigger(TobBroadcast(std::to_string(submitted_) + " " + e.command), tob_);
}

void ReplicatedKv::onTobDeliver(const TobDeliver& d) {
  const auto space = d.text.find(' ');
  if (space == std::string::npos) return;  // not ours
  const std::string command = d.text.substr(space + 1);
  const std::string result = machine_.apply(command);
  applied_.push_back(d.origin.id + "#" + d.text.substr(0, space) + " " + command);
  if (d.origin == self_) {
    auto it = waiting_.find(std::stoull(d.text.substr(0, space)));
    if (it != waiting_.end()) {
      trigger(Executed(it->second, result), rsm_);
      waiting_.erase(it);
    }
  }
}

void ReplicatedKv::onDescribe(const Describe& d) {
  std::vector<std::string> lines;
  if (d.what == "log") {
    lines.push_back("applied " + std::to_string(applied_.size()));
    for (std::size_t i = 0; i < applied_.size(); ++i) {
      lines.push_back(std::to_string(i + 1) + " " + applied_[i]);
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
  out.setList("log", applied_);
  for (const auto& [k, v] : machine_.data()) out.set("data." + k, v);
}

}  // namespace catslab::protocols
