// The "broadcast" stack: BasicBroadcast (BEB) with EagerReliableBroadcast and
// MajorityAckUrb on top of it, played from the console. Every delivery is
// printed and kept, in delivery order, for inspect() and "delivered".
// Stack parameter links=perfect puts PerfectLinks between the stack and the
// network (retransmission + duplicate elimination), for lossy links.
#include <algorithm>
#include <string>
#include <vector>

#include "protocols/broadcast/basic_broadcast.h"
#include "protocols/broadcast/eager_reliable_broadcast.h"
#include "protocols/broadcast/majority_ack_urb.h"
#include "protocols/broadcast/perfect_links.h"
#include "protocols/common/console_stack.h"
#include "protocols/common/node_set.h"
#include "runtime/stack_registry.h"

namespace catslab::protocols {
namespace {

std::string textOf(const PayloadPtr& payload) {
  auto text = payloadAs<TextPayload>(payload);
  return text ? text->text : payload->describe();
}

class BroadcastStack : public ConsoleStack {
 public:
  explicit BroadcastStack(const runtime::StackContext& context) {
    const auto all = allNodes(context);
    auto beb = create<BasicBroadcast>(context.self, all);
    auto rb = create<EagerReliableBroadcast>(context.self);
    auto urb = create<MajorityAckUrb>(context.self, all.size());
    if (wantsPerfectLinks(context.params)) {
      auto links = create<PerfectLinks>(context.self, perfectLinksOptions(context.params));
      wire(links);
      connect(links.positive<runtime::Network>(), beb.negative<runtime::Network>());
    } else {
      wireNetwork(beb);
    }
    connect(beb.positive<BestEffortBroadcast>(), rb.negative<BestEffortBroadcast>());
    connect(beb.positive<BestEffortBroadcast>(), urb.negative<BestEffortBroadcast>());
    beb_ = beb.positive<BestEffortBroadcast>();
    rb_ = rb.positive<ReliableBroadcast>();
    urb_ = urb.positive<UniformReliableBroadcast>();
    subscribe(beb_, [this](const BebDeliver& d) {
      if (payloadAs<TextPayload>(d.payload)) record("beb", d.source.id, textOf(d.payload));
    });
    subscribe(rb_, [this](const RbDeliver& d) { record("rb", d.source.id, textOf(d.payload)); });
    subscribe(urb_, [this](const UrbDeliver& d) { record("urb", d.source.id, textOf(d.payload)); });
  }

  // Delivered messages as sorted multisets: broadcast (unlike total order)
  // promises which messages are delivered, not in which order.
  void inspect(runtime::StateWriter& out) const override {
    const char* names[] = {"beb", "rb", "urb"};
    for (int i = 0; i < 3; ++i) {
      std::vector<std::string> sorted = delivered_[i];
      std::sort(sorted.begin(), sorted.end());
      out.setList(names[i], sorted);
    }
  }

 private:
  void record(const std::string& kind, const std::string& source, const std::string& text) {
    const int slot = kind == "beb" ? 0 : kind == "rb" ? 1 : 2;
    delivered_[slot].push_back(source + ": " + text);
    say(kind + "-deliver " + source + ": " + text);
  }

  bool handleCommand(const CommandLine& cmd, std::uint64_t id) override {
    const bool send =
        cmd.verb == "broadcast" || cmd.verb == "rb" || cmd.verb == "beb" || cmd.verb == "urb";
    if (send) {
      if (cmd.rest.empty()) {
        replyError("usage: " + cmd.verb + " <text>", id);
        return true;
      }
      auto payload = std::make_shared<const TextPayload>(cmd.rest);
      if (cmd.verb == "beb") {
        trigger(BebBroadcast(payload), beb_);
      } else if (cmd.verb == "urb") {
        trigger(UrbBroadcast(payload), urb_);
      } else {
        trigger(RbBroadcast(payload), rb_);
      }
      reply("ok", id);
    } else if (cmd.verb == "delivered" || cmd.verb == "state") {
      const char* names[] = {"beb", "rb", "urb"};
      for (int i = 0; i < 3; ++i) {
        std::string line =
            std::string(names[i]) + " delivered " + std::to_string(delivered_[i].size());
        for (const auto& d : delivered_[i]) line += " | " + d;
        reply(line, id);
      }
    } else {
      return false;
    }
    return true;
  }

  std::vector<std::string> helpLines() const override {
    return {"broadcast <text>  — reliable broadcast (eager RB); same as rb <text>",
            "beb <text>  — best-effort broadcast",
            "urb <text>  — uniform reliable broadcast (majority-ack)",
            "delivered  — what this node delivered, per abstraction, in order",
            "state  — same as delivered",
            perfectLinksHelp()};
  }

  runtime::Positive<BestEffortBroadcast> beb_;
  runtime::Positive<ReliableBroadcast> rb_;
  runtime::Positive<UniformReliableBroadcast> urb_;
  std::vector<std::string> delivered_[3];
};

const runtime::StackRegistry::Registration kBroadcastStack({
    "broadcast",
    "Best-effort, eager reliable and majority-ack uniform reliable broadcast; commands: "
    "broadcast, beb, urb, delivered; parameter links=perfect for lossy links",
    [](runtime::ComponentDefinition& parent, const runtime::StackContext& context) {
      return runtime::StackBuilder::createIn<BroadcastStack>(parent, "broadcast", context);
    },
});

}  // namespace
}  // namespace catslab::protocols
