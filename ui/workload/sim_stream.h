// SimStream: a request stream (request_stream.h) driven by a simulation's
// own clock, so a simulated run with streams stays deterministic: the same
// seed and the same clicks give the same trace.
//
// A stream behaves exactly like a scenario process with a constant
// inter-arrival time: a start event at startNs, then one request every
// period, each raised with the same code a scenario's `request` operation
// runs (a request to a node that is down fails and logs the same warning).
// That is what lets "Save Run as Scenario…" write the stream as such a
// process (streamProcess) and catslab-sim replay it record for record.
// Its times keep clear of everything else: the start is at the next whole
// millisecond plus an offset of its own (streamStartNs), and the period is a
// whole number of milliseconds, so no timer, message, recorded action or
// other stream ever shares a time with it and the order of events cannot
// depend on when the user clicked.
//
// The stream is shared between the GUI thread (which keeps it to record it)
// and the simulation's thread (which runs it); the GUI reads startNs only
// once the simulation's thread reported the stream installed, and only the
// atomics change after that.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "runtime/proto/scenario.pb.h"
#include "ui/workload/request_stream.h"

namespace catslab::sim {
class Simulation;
}

namespace catslab::ui::workload {

struct SimStream {
  SimStream(std::string processName, std::string nodeId, WorkloadSpec workload,
            std::uint64_t streamSeed)
      : process(std::move(processName)),
        node(std::move(nodeId)),
        spec(workload),
        seed(streamSeed),
        stream(workload, streamSeed, node) {}

  const std::string process;  // "gui-stream-3": its name in warnings and in a saved scenario
  const std::string node;
  const WorkloadSpec spec;
  const std::uint64_t seed;
  std::int64_t startNs = -1;  // set by the simulation's thread before installStream()
  RequestStream stream;       // the simulation's thread only
  std::atomic<bool> stopped{false};
  std::atomic<std::uint64_t> issued{0};
};

// The start time of the stream numbered `index` asked for at `nowNs`: the
// next whole millisecond plus an offset that no other stream, recorded action
// or whole-millisecond timer uses.
std::int64_t streamStartNs(std::int64_t nowNs, int index);
// Schedules the stream into `sim` (from the simulation's controlling thread).
void installStream(sim::Simulation& sim, std::shared_ptr<SimStream> stream);
// The requests a stream made before `endNs` when it was not stopped.
std::uint64_t requestsBefore(const SimStream& stream, std::int64_t endNs);
// The scenario process that replays the stream's first `count` requests.
::catslab::scenario::Process streamProcess(const SimStream& stream, std::uint64_t count);

}  // namespace catslab::ui::workload
