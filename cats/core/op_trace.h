// What the coordinator records of each client operation for the trace: its
// invocation and completion as trace.proto ClientOp records (the
// linearizability checker and the app's operations view read them) and,
// on the completion, its quorum phases — the view each phase used, the
// nodes asked, who replied with which view id, refusals, resends, whether
// a consistent quorum formed.
//
// Plain values kept inside the coordinator's Operation while it runs;
// reported through ComponentDefinition::reportClientOp, so the component
// never sees the recorder. Bounded: at most kMaxPhases phases per operation
// (older ones are dropped and counted) and one reply per node per phase.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cats/kv_port.h"
#include "runtime/clock.h"

namespace catslab::trace {
class ClientOp;
}

namespace catslab::cats {

struct ReplyNote {
  std::string node;
  std::uint64_t vid = 0;  // the view id the reply carried
  std::string answer;     // "absent", "3.n2#7.4 'v'", "ack", "refused: joining in v5 [...]"
  bool counted = false;   // counted toward the quorum
  bool refused = false;
  runtime::Duration at{0};
};

struct PhaseNote {
  std::string name;  // "read", "write", "write-back"
  std::uint64_t vid = 0;
  std::vector<std::string> members;
  std::vector<std::string> asked;
  std::vector<ReplyNote> replies;
  std::uint32_t majority = 0;
  bool quorum = false;
  std::uint32_t resends = 0;
  runtime::Duration started{0};
  runtime::Duration ended{-1};

  void reply(ReplyNote r);  // replaces the node's earlier reply in this phase
};

struct OpTrace {
  static constexpr std::size_t kMaxPhases = 12;
  std::uint64_t id = 0;  // trace op_id, unique across nodes and restarts
  std::string client;    // "n1/c3", "n1/console"
  std::vector<PhaseNote> phases;
  std::uint32_t dropped = 0;

  PhaseNote& begin(PhaseNote phase);
  PhaseNote* current() { return phases.empty() ? nullptr : &phases.back(); }
};

// The op_id of a node's operation: the upper half names the node and its
// incarnation, the lower half counts its operations.
std::uint64_t traceOpId(const std::string& node, std::uint64_t incarnation,
                        std::uint64_t operation);

const char* verbOf(KvKind kind);  // "get", "put", "del"

trace::ClientOp invokeRecord(const OpTrace& t, KvKind kind, const std::string& key,
                             const std::string& value);
// `result` is a get's value when found; `found` false reads nil.
trace::ClientOp completionRecord(const OpTrace& t, KvKind kind, const std::string& key,
                                 KvStatus status, bool found, const std::string& result,
                                 const std::string& reason, std::uint32_t group);

}  // namespace catslab::cats
