// catslab-bench-spacetime: how fluid the space-time diagram stays on a big
// run, for docs/gui.md ("Space-time diagram").
//
//   catslab-bench-spacetime [--records N] [--nodes K] [--write-trace FILE]
//
// Builds a synthetic run (default 100,000 records on 8 nodes: messages of
// four types with 1-20 ms flights, 2% lost, a state change per delivery),
// then measures: building the diagram from the records, vector clocks, and
// painting a 1400×700 canvas (median of 15 frames) with the whole run in
// view, zoomed to 1% and 0.01% of it, with an event's causal past and
// future coloured, and one hit test (a click). --write-trace also saves the
// run as a trace file, to open in catslab (File → Open Trace…) and feel it.
// Run it offscreen: QT_QPA_PLATFORM=offscreen.
#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/sim/trace_file.h"
#include "snapshot_view/run_store.h"
#include "snapshot_view/spacetime/spacetime_canvas.h"
#include "snapshot_view/spacetime/spacetime_view.h"
#include "tests/snapshot_view/trace_builder.h"

using namespace catslab::ui;

namespace {

double medianFrameMs(spacetime::SpaceTimeCanvas* canvas, QImage& image) {
  std::vector<double> ms;
  for (int i = 0; i < 15; ++i) {
    QElapsedTimer t;
    t.start();
    canvas->render(&image);
    ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  int records = 100'000, nodes = 8;
  std::string tracePath;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--records") && i + 1 < argc) {
      records = std::atoi(argv[++i]);
    } else if (!std::strcmp(argv[i], "--nodes") && i + 1 < argc) {
      nodes = std::atoi(argv[++i]);
    } else if (!std::strcmp(argv[i], "--write-trace") && i + 1 < argc) {
      tracePath = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: catslab-bench-spacetime [--records N] [--nodes K] "
                   "[--write-trace FILE]\n");
      return 2;
    }
  }
  if (records < 100 || nodes < 2) {
    std::fprintf(stderr, "catslab-bench-spacetime: need --records >= 100 and --nodes >= 2\n");
    return 2;
  }

  auto run = trace_builder::synthetic(records, nodes);
  if (!tracePath.empty()) {
    auto writer = catslab::sim::TraceFileWriter::open(tracePath);
    if (!writer) {
      std::fprintf(stderr, "catslab-bench-spacetime: %s\n", writer.error().c_str());
      return 2;
    }
    catslab::trace::Record header;
    header.mutable_header()->set_format(catslab::sim::kTraceFormat);
    header.mutable_header()->set_scenario("synthetic space-time benchmark");
    header.mutable_header()->set_profile("simulation");
    (*writer)->write(header);
    for (auto r : run) {
      r.set_seq(r.seq() + 1);
      (*writer)->write(r);
    }
    if (auto s = (*writer)->close(); !s) {
      std::fprintf(stderr, "catslab-bench-spacetime: %s\n", s.error().c_str());
      return 2;
    }
    std::printf("wrote %s (%d records)\n", tracePath.c_str(), records);
  }

  RunStore store;
  store.append(run);
  QElapsedTimer t;
  t.start();
  spacetime::SpaceTimeView view(&store);
  const double buildMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
  view.resize(1400, 760);
  view.show();
  QApplication::processEvents();
  spacetime::SpaceTimeCanvas* canvas = view.canvas();
  canvas->resize(1400, 700);
  QApplication::processEvents();
  QImage image(canvas->size(), QImage::Format_ARGB32_Premultiplied);

  t.restart();
  const auto& clocks = view.clocks();
  const double clockMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
  (void)clocks;

  std::printf("space-time diagram, %d records on %d nodes (%zu events, %zu messages)\n", records,
              nodes, view.model().events().size(), view.model().messages().size());
  std::printf("  build diagram from records   %8.1f ms\n", buildMs);
  std::printf("  vector clocks (all events)   %8.1f ms\n", clockMs);

  canvas->fit();
  const auto& vp = canvas->viewport();
  const std::int64_t left = vp.leftNs();
  const double span = static_cast<double>(vp.rightNs() - vp.leftNs());
  struct Case {
    const char* name;
    double fraction;
  } cases[] = {{"whole run in view", 1.0}, {"1% of the run", 0.01}, {"0.01% of the run", 1e-4}};
  for (const Case& c : cases) {
    canvas->viewport().setTimeWindow(
        left + static_cast<std::int64_t>(span * (0.5 - c.fraction / 2)),
        span * c.fraction / vp.plot().width());
    const double frame = medianFrameMs(canvas, image);
    std::printf("  paint, %-22s %8.2f ms/frame (%d marks)\n", c.name, frame,
                canvas->lastPaintedItems());
  }
  // Select an event in the middle: causal past and future coloured.
  store.select(records / 2);
  canvas->fit();
  const double causal = medianFrameMs(canvas, image);
  std::printf("  paint, whole run + causality %8.2f ms/frame\n", causal);
  t.restart();
  const int hit = canvas->recordAt(canvas->viewport().plot().center());
  std::printf("  hit test (a click)           %8.3f ms (record %d)\n",
              static_cast<double>(t.nsecsElapsed()) / 1e6, hit);
  return 0;
}
