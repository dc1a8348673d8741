// The "paxos" stack: multi-instance Paxos over BEB, eager RB, the failure
// detector and Ω, played from the console. "propose <value>" proposes in
// instance 0 (single-decree); "propose <instance> <value>" in any instance.
// Stack parameters: retryMs (200), broken ("accept-ignores-promise" or
// "ignore-accepted-values": deliberately wrong variants for the tests).
#include <map>
#include <stdexcept>

#include "protocols/broadcast/basic_broadcast.h"
#include "protocols/broadcast/eager_reliable_broadcast.h"
#include "protocols/common/console_stack.h"
#include "protocols/common/node_set.h"
#include "protocols/common/params.h"
#include "protocols/fd/increasing_timeout_fd.h"
#include "protocols/omega/monarchical_eld.h"
#include "protocols/paxos/paxos.h"
#include "runtime/stack_registry.h"

namespace catslab::protocols {
namespace {

PaxosOptions optionsFrom(const runtime::StackContext& context) {
  PaxosOptions options;
  options.retry = paramMs(context.params, "retryMs", 200);
  auto broken = context.params.find("broken");
  if (broken != context.params.end()) {
    if (broken->second == "accept-ignores-promise") {
      options.brokenAcceptIgnoresPromise = true;
    } else if (broken->second == "ignore-accepted-values") {
      options.brokenIgnoreAcceptedValues = true;
    } else if (!broken->second.empty()) {
      throw std::invalid_argument("stack parameter 'broken': unknown variant '" + broken->second +
                                  "'");
    }
  }
  return options;
}

class PaxosConsoleStack : public ConsoleStack {
 public:
  explicit PaxosConsoleStack(const runtime::StackContext& context) {
    const auto all = allNodes(context);
    auto fd = create<IncreasingTimeoutFd>(context.self);
    auto eld = create<MonarchicalEld>(context.self, all);
    auto beb = create<BasicBroadcast>(context.self, all);
    auto rb = create<EagerReliableBroadcast>(context.self);
    auto paxos = create<Paxos>(context.self, all, optionsFrom(context));
    wire(fd);
    wireNetwork(beb);
    wire(paxos);
    connect(fd.positive<EventuallyPerfectFailureDetector>(),
            eld.negative<EventuallyPerfectFailureDetector>());
    connect(beb.positive<BestEffortBroadcast>(), rb.negative<BestEffortBroadcast>());
    connect(beb.positive<BestEffortBroadcast>(), paxos.negative<BestEffortBroadcast>());
    connect(rb.positive<ReliableBroadcast>(), paxos.negative<ReliableBroadcast>());
    connect(eld.positive<EventualLeaderDetector>(), paxos.negative<EventualLeaderDetector>());
    subscribe(eld.positive<EventualLeaderDetector>(),
              [this](const Leader& l) { leader_ = l.leader.id; });
    consensus_ = paxos.positive<Consensus>();
    subscribe(consensus_, [this](const Decide& d) {
      decided_[d.instance] = d.value;
      say("decided " + std::to_string(d.instance) + " " + d.value);
    });
  }

  void inspect(runtime::StateWriter& out) const override {
    out.set("leader", leader_);
    for (const auto& [instance, value] : decided_) {
      out.set("decided." + std::to_string(instance), value);
    }
  }

 private:
  bool handleCommand(const CommandLine& cmd, std::uint64_t id) override {
    if (cmd.verb == "propose") {
      if (cmd.args.empty()) {
        replyError("usage: propose [<instance>] <value>", id);
        return true;
      }
      std::uint64_t instance = 0;
      std::string value = cmd.rest;
      const auto& first = cmd.args[0];
      if (cmd.args.size() >= 2 && first.find_first_not_of("0123456789") == std::string::npos) {
        instance = std::stoull(first);
        value = cmd.rest.substr(cmd.rest.find(first) + first.size());
        value.erase(0, value.find_first_not_of(" \t"));
      }
      if (decided_.count(instance)) {
        reply("instance " + std::to_string(instance) + " already decided " + decided_[instance],
              id);
        return true;
      }
      trigger(Propose(instance, value), consensus_);
      reply("proposed " + std::to_string(instance) + " " + value, id);
    } else if (cmd.verb == "decided" || cmd.verb == "state") {
      if (cmd.verb == "state") reply("leader " + leader_, id);
      if (decided_.empty()) reply("nothing decided yet", id);
      for (const auto& [instance, value] : decided_) {
        reply("decided " + std::to_string(instance) + " " + value, id);
      }
    } else if (cmd.verb == "leader") {
      reply("leader " + leader_, id);
    } else {
      return false;
    }
    return true;
  }

  std::vector<std::string> helpLines() const override {
    return {"propose <value>  — propose in instance 0 (single-decree consensus)",
            "propose <instance> <value>  — propose in any instance",
            "decided  — the decisions this node learnt", "leader  — whom Ω trusts",
            "state  — leader and decisions"};
  }

  runtime::Positive<Consensus> consensus_;
  std::string leader_;
  std::map<std::uint64_t, std::string> decided_;
};

const runtime::StackRegistry::Registration kPaxosStack({
    "paxos",
    "Multi-instance Paxos consensus over BEB/RB and Ω; commands: propose, decided, leader",
    [](runtime::ComponentDefinition& parent, const runtime::StackContext& context) {
      return runtime::StackBuilder::createIn<PaxosConsoleStack>(parent, "paxos", context);
    },
});

}  // namespace
}  // namespace catslab::protocols
