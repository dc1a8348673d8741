// The "tob" stack: consensus-based uniform total-order broadcast (TobService),
// played from the console: "broadcast <text>", "delivered".
// Stack parameters: retryMs (200), Paxos's retry delay; links=perfect puts
// PerfectLinks between the whole service and the network (lossy links).
#include <string>
#include <vector>

#include "protocols/broadcast/perfect_links.h"
#include "protocols/common/console_stack.h"
#include "protocols/common/node_set.h"
#include "protocols/common/params.h"
#include "protocols/tob/tob_service.h"
#include "runtime/stack_registry.h"

namespace catslab::protocols {
namespace {

class TobStack : public ConsoleStack {
 public:
  explicit TobStack(const runtime::StackContext& context) {
    PaxosOptions options;
    options.retry = paramMs(context.params, "retryMs", 200);
    auto service = create<TobService>(context.self, allNodes(context), options);
    if (wantsPerfectLinks(context.params)) {
      auto links = create<PerfectLinks>(context.self, perfectLinksOptions(context.params));
      wire(links);
      connect(links.positive<runtime::Network>(), service.negative<runtime::Network>());
      wireTimer(service);
    } else {
      wire(service);
    }
    tob_ = service.positive<TotalOrderBroadcast>();
    subscribe(tob_, [this](const TobDeliver& d) {
      delivered_.push_back(d.origin.id + ": " + d.text);
      say("tob-deliver " + std::to_string(delivered_.size()) + " " + d.origin.id + ": " + d.text);
    });
  }

  void inspect(runtime::StateWriter& out) const override { out.setList("delivered", delivered_); }

 private:
  bool handleCommand(const CommandLine& cmd, std::uint64_t id) override {
    if (cmd.verb == "broadcast") {
      if (cmd.rest.empty()) {
        replyError("usage: broadcast <text>", id);
        return true;
      }
      trigger(TobBroadcast(cmd.rest), tob_);
      reply("ok", id);
    } else if (cmd.verb == "delivered" || cmd.verb == "state") {
      reply("delivered " + std::to_string(delivered_.size()), id);
      for (std::size_t i = 0; i < delivered_.size(); ++i) {
        reply(std::to_string(i + 1) + " " + delivered_[i], id);
      }
    } else {
      return false;
    }
    return true;
  }

  std::vector<std::string> helpLines() const override {
    return {"broadcast <text>  — total-order broadcast",
            "delivered  — what this node delivered, in order", "state  — same as delivered",
            "parameter retryMs (200): Paxos retry delay", perfectLinksHelp()};
  }

  runtime::Positive<TotalOrderBroadcast> tob_;
  std::vector<std::string> delivered_;
};

const runtime::StackRegistry::Registration kTobStack({
    "tob",
    "Uniform total-order broadcast over Paxos; commands: broadcast, delivered; parameter "
    "links=perfect for lossy links",
    [](runtime::ComponentDefinition& parent, const runtime::StackContext& context) {
      return runtime::StackBuilder::createIn<TobStack>(parent, "tob", context);
    },
});

}  // namespace
}  // namespace catslab::protocols
