#include "protocols/linearizability/history/trace_reader.h"

#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/util/delimited_message_util.h>

#include <unordered_map>

#include "runtime/proto/trace.pb.h"

namespace catslab::checker {

namespace {

bool parseOpName(const std::string& name, OpKind& kind) {
  if (name == "read" || name == "get") {
    kind = OpKind::Read;
  } else if (name == "write" || name == "put" || name == "del") {
    kind = OpKind::Write;  // a delete writes nil (its record carries no value)
  } else if (name == "cas") {
    kind = OpKind::Cas;
  } else {
    return false;
  }
  return true;
}

}  // namespace

Result<History> readTraceHistory(std::istream& in, const std::string& name) {
  using catslab::trace::ClientOp;
  History history;
  history.timeUnit = "ns";
  google::protobuf::io::IstreamInputStream stream(&in);
  std::unordered_map<std::uint64_t, std::size_t> open;     // op_id -> op index
  std::unordered_map<std::uint64_t, std::int64_t> closed;  // op_id -> record
  catslab::trace::Record record;
  for (std::int64_t index = 0;; ++index) {
    std::int64_t offset = stream.ByteCount();
    bool cleanEof = false;
    record.Clear();  // parsing merges into the message
    if (!google::protobuf::util::ParseDelimitedFromZeroCopyStream(&record, &stream, &cleanEof)) {
      if (cleanEof) break;
      return Error{name + ": record " + std::to_string(index) + " (byte " + std::to_string(offset) +
                   "): not a length-delimited catslab.trace.Record (truncated or corrupt)"};
    }
    if (!record.has_client_op()) continue;
    const ClientOp& c = record.client_op();
    auto fail = [&](const std::string& field, const std::string& reason) {
      return Error{name + ": record " + std::to_string(index) + " (byte " + std::to_string(offset) +
                   "): field " + field + ": " + reason};
    };
    const std::string id = std::to_string(c.op_id());
    if (c.phase() == ClientOp::INVOKE) {
      if (open.count(c.op_id()) != 0 || closed.count(c.op_id()) != 0)
        return fail("op_id", "op_id " + id + " is invoked twice");
      Operation op;
      if (!parseOpName(c.op(), op.kind))
        return fail(
            "op", "unknown operation '" + c.op() + "' (expected read, write, cas, get, put, del)");
      op.client = c.client().empty() ? record.node() : c.client();
      op.key = c.key();
      if (op.kind != OpKind::Read) op.value = c.value();
      op.expected = c.expected();
      op.invokeAt = index;
      op.invokeTime = record.time_ns();
      op.origin = name + ":record " + std::to_string(index);
      open.emplace(c.op_id(), history.ops.size());
      history.ops.push_back(std::move(op));
      continue;
    }
    auto it = open.find(c.op_id());
    if (it == open.end()) {
      if (closed.count(c.op_id()) != 0)
        return fail("op_id", "op_id " + id + " completes twice (first at record " +
                                 std::to_string(closed[c.op_id()]) + ")");
      return fail("op_id", "op_id " + id + " completes without an INVOKE");
    }
    Operation& op = history.ops[it->second];
    OpKind kind;
    if (!c.op().empty() && (!parseOpName(c.op(), kind) || kind != op.kind))
      return fail("op", "completion says '" + c.op() + "' but op_id " + id + " invoked " +
                            toString(op.kind));
    op.completeTime = record.time_ns();
    switch (c.phase()) {
      case ClientOp::OK:
        op.outcome = Outcome::Ok;
        op.completeAt = index;
        if (op.kind == OpKind::Read) op.value = c.value();
        break;
      case ClientOp::FAIL:
        op.outcome = Outcome::Fail;
        op.completeAt = index;
        break;
      default:  // INFO or an unknown future phase: outcome unknown
        op.outcome = Outcome::Unknown;
        break;
    }
    closed.emplace(c.op_id(), index);
    open.erase(it);
  }
  return history;
}

}  // namespace catslab::checker
