// The "abd" stack: the ABD atomic register over best-effort broadcast, played
// from the console: "write <value>", "read". Each answer carries the id of
// the command it answers, so a script can match invocations and responses.
// Stack parameters: retransmitMs (150), broken ("read-without-write-back" or
// "write-without-query": deliberately wrong variants for the tests).
#include <map>
#include <stdexcept>

#include "protocols/abd/abd.h"
#include "protocols/broadcast/basic_broadcast.h"
#include "protocols/common/console_stack.h"
#include "protocols/common/node_set.h"
#include "protocols/common/params.h"
#include "runtime/stack_registry.h"

namespace catslab::protocols {
namespace {

AbdOptions optionsFrom(const runtime::StackContext& context) {
  AbdOptions options;
  options.retransmit = paramMs(context.params, "retransmitMs", 150);
  auto broken = context.params.find("broken");
  if (broken != context.params.end()) {
    if (broken->second == "read-without-write-back") {
      options.brokenReadWithoutWriteBack = true;
    } else if (broken->second == "write-without-query") {
      options.brokenWriteWithoutQuery = true;
    } else if (!broken->second.empty()) {
      throw std::invalid_argument("stack parameter 'broken': unknown variant '" + broken->second +
                                  "'");
    }
  }
  return options;
}

class AbdStack : public ConsoleStack {
 public:
  explicit AbdStack(const runtime::StackContext& context) {
    const auto all = allNodes(context);
    auto beb = create<BasicBroadcast>(context.self, all);
    auto abd = create<Abd>(context.self, all, optionsFrom(context));
    wireNetwork(beb);
    wire(abd);
    connect(beb.positive<BestEffortBroadcast>(), abd.negative<BestEffortBroadcast>());
    register_ = abd.positive<AtomicRegister>();
    subscribe(register_, [this](const ReadResponse& r) {
      ++completed_;
      last_ = r.value;
      reply("read -> " + (r.value.empty() ? std::string("(nil)") : r.value), take(r.id));
    });
    subscribe(register_, [this](const WriteResponse& w) {
      ++completed_;
      reply("write ok", take(w.id));
    });
  }

  void inspect(runtime::StateWriter& out) const override {
    out.set("outstanding", static_cast<std::uint64_t>(consoleIds_.size()));
    out.set("completed", completed_);
    out.set("lastRead", last_);
  }

 private:
  std::uint64_t take(std::uint64_t op) {
    auto it = consoleIds_.find(op);
    if (it == consoleIds_.end()) return 0;
    const auto id = it->second;
    consoleIds_.erase(it);
    return id;
  }

  bool handleCommand(const CommandLine& cmd, std::uint64_t id) override {
    if (cmd.verb == "read") {
      consoleIds_[++ops_] = id;
      trigger(ReadRequest(ops_), register_);
    } else if (cmd.verb == "write") {
      if (cmd.rest.empty()) {
        replyError("usage: write <value>", id);
        return true;
      }
      consoleIds_[++ops_] = id;
      trigger(WriteRequest(ops_, cmd.rest), register_);
    } else if (cmd.verb == "state") {
      reply("outstanding " + std::to_string(consoleIds_.size()) + " completed " +
                std::to_string(completed_) + " last read " + last_,
            id);
    } else {
      return false;
    }
    return true;
  }

  std::vector<std::string> helpLines() const override {
    return {"write <value>  — write the register (answers 'write ok')",
            "read  — read the register (answers 'read -> <value>')",
            "state  — operations outstanding and completed"};
  }

  runtime::Positive<AtomicRegister> register_;
  std::map<std::uint64_t, std::uint64_t> consoleIds_;  // operation id -> console command id
  std::uint64_t ops_ = 0;
  std::uint64_t completed_ = 0;
  std::string last_;
};

const runtime::StackRegistry::Registration kAbdStack({
    "abd",
    "ABD multi-writer multi-reader atomic register; commands: read, write",
    [](runtime::ComponentDefinition& parent, const runtime::StackContext& context) {
      return runtime::StackBuilder::createIn<AbdStack>(parent, "abd", context);
    },
});

}  // namespace
}  // namespace catslab::protocols
