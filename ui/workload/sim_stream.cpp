#include "ui/workload/sim_stream.h"

#include <algorithm>

#include "runtime/sim/scenario.h"
#include "runtime/sim/simulation.h"
#include "ui/run_recording.h"

namespace catslab::ui::workload {

namespace {
// Recorded actions sit at +137.003 µs (run_recording.cpp); streams take
// 331.001 µs + index × 7.919 µs, which stays below the next millisecond for
// 80 streams and then wraps around to other odd offsets.
constexpr std::int64_t kFirstOffsetNs = 331'001;
constexpr std::int64_t kOffsetStepNs = 7'919;

void fire(sim::Simulation& s, const std::shared_ptr<SimStream>& stream) {
  if (stream->stopped.load()) return;
  const Request r = stream->stream.next();
  // As Scenario's Run::fire does, so a replay logs the same warning.
  static const sim::Operation request = sim::Operation::clientRequest();
  const runtime::Status done = request.run(s, {stream->node, r.line});
  if (!done && s.recorder())
    s.recorder()->log("", "warning",
                      stream->process + ": " + request.name + " failed: " + done.error());
  stream->issued.fetch_add(1);
  const std::int64_t period = stream->spec.periodNs();
  s.schedule(s.now() + period, [stream](sim::Simulation& on) { fire(on, stream); });
}
}  // namespace

std::int64_t streamStartNs(std::int64_t nowNs, int index) {
  std::int64_t offset = (kFirstOffsetNs + static_cast<std::int64_t>(index) * kOffsetStepNs) % kMs;
  if (offset == 137'003) offset += 2;  // never a recorded action's time
  return (std::max<std::int64_t>(nowNs, 0) / kMs + 1) * kMs + offset;
}

void installStream(sim::Simulation& sim, std::shared_ptr<SimStream> stream) {
  // The start event only schedules the first request, as a process's start does.
  sim.schedule(stream->startNs, [stream](sim::Simulation& s) {
    const std::int64_t period = stream->spec.periodNs();
    s.schedule(s.now() + period, [stream](sim::Simulation& on) { fire(on, stream); });
  });
}

std::uint64_t requestsBefore(const SimStream& stream, std::int64_t endNs) {
  const std::int64_t first = stream.startNs + stream.spec.periodNs();
  if (endNs <= first) return 0;
  return static_cast<std::uint64_t>((endNs - first - 1) / stream.spec.periodNs() + 1);
}

scenario::Process streamProcess(const SimStream& stream, std::uint64_t count) {
  scenario::Process p;
  p.set_name(stream.process);
  p.set_start_at_ms(exactMs(stream.startNs));
  p.mutable_inter_arrival_ms()->set_kind("constant");
  p.mutable_inter_arrival_ms()->set_value(exactMs(stream.spec.periodNs()));
  scenario::Raise* r = p.add_raise();
  r->set_count(static_cast<std::uint32_t>(count));
  scenario::Operation* op = r->mutable_operation();
  op->set_op("request");
  scenario::Distribution* node = op->add_params();
  node->set_kind("constant");
  node->set_text(stream.node);
  scenario::Distribution* lines = op->add_params();
  lines->set_kind("sequence");
  RequestStream again(stream.spec, stream.seed, stream.node);
  for (std::uint64_t i = 0; i < count; ++i) lines->add_values(again.next().line);
  return p;
}

}  // namespace catslab::ui::workload
