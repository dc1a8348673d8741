// The "rsm" stack: a replicated key-value map (ReplicatedKv over TobService),
// played from the console: "put <k> <v>", "get <k>", "del <k>", "incr <k>"
// (each answered when this replica applies it, with the command's id), and
// "log" / "state". Stack parameter: retryMs (200), Paxos's retry delay.
#include <map>
#include <string>
#include <vector>

#include "protocols/common/console_stack.h"
#include "protocols/common/node_set.h"
#include "protocols/common/params.h"
#include "protocols/rsm/replicated_kv.h"
#include "protocols/tob/tob_service.h"
#include "runtime/stack_registry.h"

namespace catslab::protocols {
namespace {

class RsmStack : public ConsoleStack {
 public:
  explicit RsmStack(const runtime::StackContext& context) {
    PaxosOptions options;
    options.retry = paramMs(context.params, "retryMs", 200);
    auto service = create<TobService>(context.self, allNodes(context), options);
    kv_ = create<ReplicatedKv>(context.self);
    wire(service);
    connect(service.positive<TotalOrderBroadcast>(), kv_.negative<TotalOrderBroadcast>());
    rsm_ = kv_.positive<ReplicatedStateMachine>();
    subscribe(rsm_, [this](const Executed& e) {
      auto it = consoleIds_.find(e.id);
      const std::uint64_t consoleId = it == consoleIds_.end() ? 0 : it->second;
      if (it != consoleIds_.end()) consoleIds_.erase(it);
      if (e.result.rfind("error: ", 0) == 0) {
        trigger(runtime::ConsoleOutput(e.result, true, consoleId), console_);
      } else {
        reply(e.result, consoleId);
      }
    });
    subscribe(rsm_, [this](const Described& d) {
      for (const auto& line : d.lines) reply(line, d.id);
    });
  }

  void inspect(runtime::StateWriter& out) const override {
    out.set("outstanding", static_cast<std::uint64_t>(consoleIds_.size()));
  }

 private:
  bool handleCommand(const CommandLine& cmd, std::uint64_t id) override {
    if (cmd.verb == "put" || cmd.verb == "get" || cmd.verb == "del" || cmd.verb == "incr") {
      consoleIds_[++ops_] = id;
      trigger(Execute(ops_, cmd.verb + " " + cmd.rest), rsm_);
    } else if (cmd.verb == "state" || cmd.verb == "log") {
      // The replica answers in its own context (it may run on another thread).
      trigger(Describe(id, cmd.verb), rsm_);
    } else {
      return false;
    }
    return true;
  }

  std::vector<std::string> helpLines() const override {
    return {"put <key> <value>  — set a key (replicated, answered 'ok')",
            "get <key>  — read a key (ordered like every other command)",
            "del <key>  — remove a key",
            "incr <key>  — add one to a counter, answers the new value",
            "state  — this replica's map",
            "log  — the commands this replica applied, in order"};
  }

  runtime::Component<ReplicatedKv> kv_;
  runtime::Positive<ReplicatedStateMachine> rsm_;
  std::map<std::uint64_t, std::uint64_t> consoleIds_;
  std::uint64_t ops_ = 0;
};

const runtime::StackRegistry::Registration kRsmStack({
    "rsm",
    "Replicated key-value map over total-order broadcast; commands: put, get, del, incr, state, "
    "log",
    [](runtime::ComponentDefinition& parent, const runtime::StackContext& context) {
      return runtime::StackBuilder::createIn<RsmStack>(parent, "rsm", context);
    },
});

}  // namespace
}  // namespace catslab::protocols
