// ClientOps: where a component reports its client operations — the
// invocation and the completion of a get, put, read, write... as
// trace.proto ClientOp records, which the linearizability checker
// (catslab-check) and the app's operations view read.
//
// A per-runtime service, like a log sink: the component calls
//   core().runtime().service<runtime::ClientOps>().report(path(), op);
// and the host (the simulation, catslab-node) connects the sink to its
// TraceRecorder before the components start. Protocol code thus never
// reaches the recorder; with no sink the reports are dropped.
// Thread safety: setSink before the runtime starts; report from any thread
// (the sink must be thread-safe; TraceRecorder is).
#pragma once

#include <functional>
#include <string>

#include "runtime/proto/trace.pb.h"

namespace catslab::runtime {

class Runtime;

class ClientOps {
 public:
  // `path` is the reporting component's path ("/n1/cats"), so a host can
  // tell the node.
  using Sink = std::function<void(const std::string& path, const trace::ClientOp& op)>;

  explicit ClientOps(Runtime&) {}
  void setSink(Sink sink) { sink_ = std::move(sink); }
  void report(const std::string& path, const trace::ClientOp& op) const {
    if (sink_) sink_(path, op);
  }

 private:
  Sink sink_;
};

}  // namespace catslab::runtime
