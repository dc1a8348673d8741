// fuzz_make_corpus: writes the seed corpora of the frame, codecs and trace
// fuzz targets from real runs, so that the fuzzers start from what our
// encoder and recorder produce rather than from nothing.
//
//   build/tests/fuzz_make_corpus OUT_DIR SCENARIO.json...
//
// Each scenario runs for a few virtual seconds in the simulator (seed 1)
// with every message passed through its wire codec; the first two messages
// of each wire type become
//   OUT_DIR/frame/<type>-<n>   a piece-size byte, a hello frame, the frame
//   OUT_DIR/codecs/<type>-<n>  the wire name, a newline, the payload
// and the first records and client operations of each run's trace become
// OUT_DIR/trace/<example>-<scenario>.trace.
// Not a test; rerun it when codecs change (docs/reliability.md).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "runtime/net/frame.h"
#include "runtime/sim/scenario_file.h"
#include "runtime/sim/simulation.h"
#include "runtime/sim/trace_file.h"

namespace {

namespace fs = std::filesystem;
using namespace catslab;

constexpr int kPerType = 2;
constexpr int kTraceRecords = 60;
constexpr std::int64_t kRunNs = 5'000'000'000;

void writeFile(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error(path.string() + ": cannot write");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s OUT_DIR SCENARIO.json...\n", argv[0]);
    return 2;
  }
  const fs::path out = argv[1];
  std::map<std::string, int> seen;  // wire type -> messages written
  for (int i = 2; i < argc; ++i) {
    auto scenario = sim::loadScenario(argv[i]);
    if (!scenario) {
      std::fprintf(stderr, "%s\n", scenario.error().c_str());
      return 2;
    }
    std::string trace;
    int records = 0;
    sim::SimulationOptions options;
    options.seed = 1;
    options.trackState = true;
    int clientOps = 0;
    options.traceSink = [&](const trace::Record& r) {
      // The first records, and the first client operations after them
      // (what the linearizability checker reads).
      if (records++ < kTraceRecords || (r.has_client_op() && clientOps++ < kTraceRecords))
        sim::appendRecord(trace, r);
    };
    sim::Simulation simulation(options);
    simulation.setMessageCopy(
        [&](const runtime::Message& m) -> std::shared_ptr<const runtime::Message> {
          const runtime::MessageCodec* codec = runtime::Serializers::find(m.typeId());
          if (!codec) throw std::logic_error("no codec for " + m.typeName());
          const std::string payload = codec->encode(m);
          int& count = seen[codec->name];
          if (count < kPerType) {
            ++count;
            const std::string suffix = "-" + std::to_string(count);
            auto frame = net::encodeMessage(m);
            if (!frame) throw std::logic_error(frame.error());
            writeFile(out / "frame" / (codec->name + suffix),
                      std::string(1, '\xff') + net::helloFrame(m.source) + *frame);
            writeFile(out / "codecs" / (codec->name + suffix), codec->name + "\n" + payload);
          }
          auto copy = codec->decode(m.source, m.destination, payload);
          if (!copy) throw std::logic_error(copy.error());
          return *copy;
        });
    const runtime::Status installed = scenario->install(simulation);
    if (!installed) {
      std::fprintf(stderr, "%s: %s\n", argv[i], installed.error().c_str());
      return 2;
    }
    simulation.runFor(kRunNs);
    const fs::path source = argv[i];
    writeFile(
        out / "trace" /
            (source.parent_path().filename().string() + "-" + source.stem().string() + ".trace"),
        trace);
  }
  std::printf("%zu wire types written to %s\n", seen.size(), out.c_str());
  return 0;
}
