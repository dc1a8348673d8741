// The "omega" stack: MonarchicalEld over IncreasingTimeoutFd, played from the
// console. Parameters: initialDelayMs (100), deltaMs (50).
#include <set>

#include "protocols/common/console_stack.h"
#include "protocols/common/node_set.h"
#include "protocols/common/params.h"
#include "protocols/fd/increasing_timeout_fd.h"
#include "protocols/omega/monarchical_eld.h"
#include "runtime/stack_registry.h"

namespace catslab::protocols {
namespace {

class OmegaStack : public ConsoleStack {
 public:
  explicit OmegaStack(const runtime::StackContext& context) {
    FdOptions options;
    options.initialDelay = paramMs(context.params, "initialDelayMs", 100);
    options.delta = paramMs(context.params, "deltaMs", 50);
    auto fd = create<IncreasingTimeoutFd>(context.self, options);
    auto eld = create<MonarchicalEld>(context.self, allNodes(context));
    wire(fd);
    connect(fd.positive<EventuallyPerfectFailureDetector>(),
            eld.negative<EventuallyPerfectFailureDetector>());
    subscribe(fd.positive<EventuallyPerfectFailureDetector>(),
              [this](const Suspect& s) { suspects_.insert(s.node.id); });
    subscribe(fd.positive<EventuallyPerfectFailureDetector>(),
              [this](const Restore& r) { suspects_.erase(r.node.id); });
    subscribe(eld.positive<EventualLeaderDetector>(), [this](const Leader& l) {
      leader_ = l.leader.id;
      say("leader " + leader_);
    });
  }

  void inspect(runtime::StateWriter& out) const override {
    out.set("leader", leader_);
    out.set("suspects", joinIds(suspects_));
  }

 private:
  bool handleCommand(const CommandLine& cmd, std::uint64_t id) override {
    if (cmd.verb == "leader") {
      reply("leader " + leader_, id);
    } else if (cmd.verb == "suspects") {
      reply("suspects " + joinIds(suspects_), id);
    } else if (cmd.verb == "state") {
      reply("leader " + leader_ + " suspects " + joinIds(suspects_), id);
    } else {
      return false;
    }
    return true;
  }

  std::vector<std::string> helpLines() const override {
    return {"leader  — the process this node trusts as leader",
            "suspects  — the processes its failure detector suspects", "state  — both"};
  }

  std::string leader_;
  std::set<std::string> suspects_;
};

const runtime::StackRegistry::Registration kOmegaStack({
    "omega",
    "Eventual leader election (monarchical, over the failure detector); commands: leader, "
    "suspects",
    [](runtime::ComponentDefinition& parent, const runtime::StackContext& context) {
      return runtime::StackBuilder::createIn<OmegaStack>(parent, "omega", context);
    },
});

}  // namespace
}  // namespace catslab::protocols
