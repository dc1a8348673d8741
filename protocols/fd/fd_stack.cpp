// The "fd" stack: an IncreasingTimeoutFd monitoring every other node, played
// from the console. Parameters: initialDelayMs (100), deltaMs (50).
#include <algorithm>
#include <set>

#include "protocols/common/console_stack.h"
#include "protocols/common/node_set.h"
#include "protocols/common/params.h"
#include "protocols/fd/increasing_timeout_fd.h"
#include "runtime/stack_registry.h"

namespace catslab::protocols {
namespace {

class FdStack : public ConsoleStack {
 public:
  explicit FdStack(const runtime::StackContext& context) : all_(allNodes(context)) {
    FdOptions options;
    options.initialDelay = paramMs(context.params, "initialDelayMs", 100);
    options.delta = paramMs(context.params, "deltaMs", 50);
    fdComponent_ = create<IncreasingTimeoutFd>(context.self, options);
    wire(fdComponent_);
    fd_ = fdComponent_.positive<EventuallyPerfectFailureDetector>();
    self_ = context.self;
    subscribe(fd_, [this](const Suspect& s) {
      suspects_.insert(s.node.id);
      say("suspect " + s.node.id);
    });
    subscribe(fd_, [this](const Restore& r) {
      suspects_.erase(r.node.id);
      say("restore " + r.node.id);
    });
  }

  void inspect(runtime::StateWriter& out) const override {
    out.set("suspects", joinIds(suspects_));
  }

 private:
  void onStart() override {
    for (const auto& node : all_) {
      if (!(node == self_)) trigger(StartMonitoring(node), fd_);
    }
  }

  bool handleCommand(const CommandLine& cmd, std::uint64_t id) override {
    if (cmd.verb == "suspects" || cmd.verb == "state") {
      reply("suspects " + joinIds(suspects_), id);
    } else if (cmd.verb == "monitor" || cmd.verb == "unmonitor") {
      if (cmd.args.size() != 1) {
        replyError("usage: " + cmd.verb + " <node-id>", id);
        return true;
      }
      auto it = std::find_if(all_.begin(), all_.end(),
                             [&](const auto& a) { return a.id == cmd.args[0]; });
      if (it == all_.end()) {
        replyError("unknown node '" + cmd.args[0] + "'", id);
        return true;
      }
      if (cmd.verb == "monitor") {
        trigger(StartMonitoring(*it), fd_);
      } else {
        suspects_.erase(it->id);
        trigger(StopMonitoring(*it), fd_);
      }
      reply("ok", id);
    } else {
      return false;
    }
    return true;
  }

  std::vector<std::string> helpLines() const override {
    return {"suspects  — the processes currently suspected",
            "monitor <id> / unmonitor <id>  — start or stop monitoring a node",
            "state  — same as suspects"};
  }

  runtime::Positive<EventuallyPerfectFailureDetector> fd_;  // the child's provided port
  runtime::Component<IncreasingTimeoutFd> fdComponent_;
  std::vector<runtime::Address> all_;
  runtime::Address self_;
  std::set<std::string> suspects_;
};

const runtime::StackRegistry::Registration kFdStack({
    "fd",
    "Eventually perfect failure detector (increasing timeouts); commands: suspects, monitor, "
    "unmonitor",
    [](runtime::ComponentDefinition& parent, const runtime::StackContext& context) {
      return runtime::StackBuilder::createIn<FdStack>(parent, "fd", context);
    },
});

}  // namespace
}  // namespace catslab::protocols
