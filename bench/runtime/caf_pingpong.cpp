// catslab-bench-caf: the ping-pong of catslab-bench written on the C++ Actor
// Framework (CAF 0.17), so the two runtimes can be compared on the same
// machine with the same workload and the same output line:
//
//   catslab-bench-caf pingpong --round-trips N --pairs P --pipeline K
//                              [--workers W] [--batch B]
//
// P independent pinger/ponger actor pairs; each pinger keeps K pings in
// flight until it has completed N round trips. --batch is CAF's
// scheduler.max-throughput (messages an actor handles per turn).
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "bench/runtime/bench_args.h"
#include "bench/runtime/bench_report.h"
#include "caf/all.hpp"

namespace catslab::bench {
namespace {

using PingAtom = caf::atom_constant<caf::atom("ping")>;
using PongAtom = caf::atom_constant<caf::atom("pong")>;

caf::behavior ponger(caf::event_based_actor* self) {
  return {[self](PingAtom, std::int64_t seq) {
    self->send(caf::actor_cast<caf::actor>(self->current_sender()), PongAtom::value, seq);
  }};
}

struct PingerState {
  std::int64_t sent = 0;
  std::int64_t received = 0;
};

caf::behavior pinger(caf::stateful_actor<PingerState>* self, caf::actor partner,
                     std::int64_t roundTrips, std::int64_t pipeline) {
  auto& s = self->state;
  while (s.sent < roundTrips && s.sent < pipeline) self->send(partner, PingAtom::value, s.sent++);
  return {[self, partner, roundTrips](PongAtom, std::int64_t) {
    auto& st = self->state;
    if (st.sent < roundTrips) self->send(partner, PingAtom::value, st.sent++);
    if (++st.received == roundTrips) {
      self->send_exit(partner, caf::exit_reason::user_shutdown);
      self->quit();
    }
  }};
}

int usage(const std::string& message) {
  std::fprintf(stderr,
               "catslab-bench-caf: %s\n"
               "usage: catslab-bench-caf pingpong --round-trips N --pairs P --pipeline K "
               "[--workers W] [--batch B]\n",
               message.c_str());
  return 2;
}

}  // namespace
}  // namespace catslab::bench

int main(int argc, char** argv) {
  namespace cb = catslab::bench;
  if (argc < 2 || std::string(argv[1]) != "pingpong") return cb::usage("only 'pingpong' exists");
  cb::Args args("pingpong", argc, argv, 2);
  const std::int64_t roundTrips = args.integer("round-trips", 100000, 1, 1'000'000'000'000);
  const std::int64_t pairs = args.integer("pairs", 1, 1, 4096);
  const std::int64_t pipeline = args.integer("pipeline", 1, 1, 1'000'000);
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::int64_t workers = args.integer("workers", 0, 0, 1024);
  const std::int64_t batch = args.integer("batch", 32, 1, 1'000'000);
  if (auto status = args.check(); !status) return cb::usage(status.error());
  if (workers == 0) workers = cores;

  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", static_cast<std::size_t>(workers));
  cfg.set("scheduler.max-throughput", static_cast<std::size_t>(batch));
  double seconds = 0;
  double cpuBegin = 0;
  double cpuSeconds = 0;
  {
    caf::actor_system system{cfg};
    cpuBegin = cb::processCpuSeconds();
    const auto begin = std::chrono::steady_clock::now();
    for (std::int64_t p = 0; p < pairs; ++p) {
      auto partner = system.spawn(cb::ponger);
      system.spawn(cb::pinger, partner, roundTrips, pipeline);
    }
    system.await_all_actors_done();
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - begin;
    seconds = elapsed.count();
    cpuSeconds = cb::processCpuSeconds() - cpuBegin;
  }
  const double messages = 2.0 * static_cast<double>(roundTrips) * static_cast<double>(pairs);
  cb::Report report("pingpong");
  report.add("pairs", pairs)
      .add("pipeline", pipeline)
      .add("round_trips", roundTrips)
      .add("scheduler", "caf")
      .add("workers", workers)
      .add("batch", batch)
      .add("seconds", seconds, 6)
      .add("msgs_per_sec", messages / seconds, 0)
      .add("cpu_seconds", cpuSeconds, 6)
      .add("msgs_per_cpu_sec", messages / cpuSeconds, 0);
  if (pipeline == 1) report.add("rtt_mean_ns", seconds * 1e9 / static_cast<double>(roundTrips), 0);
  report.print();
  return 0;
}
