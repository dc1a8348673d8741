// Snapshots rebuilt from the trace equal the live system at that point; the
// SnapshotStore seeks, steps and diffs correctly and keeps its memory bound;
// traces survive a file round trip.
#include <QTemporaryDir>
#include <QTest>

#include "runtime/sim/scenario_file.h"
#include "runtime/sim/snapshot_store.h"
#include "runtime/sim/trace_file.h"

using namespace catslab;

namespace {

std::string source(const std::string& rel) {
  return qEnvironmentVariable("CATSLAB_SOURCE_DIR").toStdString() + "/" + rel;
}

// Runs the churn example until `stopNs` with a store attached.
std::unique_ptr<sim::Simulation> churnUntil(std::uint64_t seed, std::int64_t stopNs,
                                            sim::SnapshotStore& store) {
  auto sc = sim::loadScenario(source("resources/scenarios/churn.json"));
  if (!sc) return nullptr;
  sim::SimulationOptions o;
  o.seed = seed;
  o.traceSink = store.sink();
  auto s = std::make_unique<sim::Simulation>(o);
  if (!sc->install(*s)) return nullptr;
  s->runUntil(stopNs);
  return s;
}

}  // namespace

class tst_snapshots : public QObject {
  Q_OBJECT
 private slots:
  void reconstructionEqualsLiveStateAtRandomPoints() {
    runtime::Random pick(2024);
    for (int round = 0; round < 3; ++round) {
      const std::int64_t stop = sim::ms(pick.uniform(300, 5000));
      sim::SnapshotStore store(sim::SnapshotStore::Options{.keyframeEvery = 64});
      auto s = churnUntil(round + 1, stop, store);
      QVERIFY(s);
      const sim::GlobalState live = s->snapshot();
      QVERIFY(!live.nodes.empty());
      const sim::GlobalState folded = store.atTime(stop);
      QCOMPARE(folded.nodes.size(), live.nodes.size());
      for (const auto& [id, node] : live.nodes) {
        const sim::NodeState* f = folded.node(id);
        QVERIFY2(f, id.c_str());
        QCOMPARE(f->up, node.up);
        QVERIFY2(f->state == node.state, id.c_str());
      }
      QVERIFY(folded.inFlight == live.inFlight);
    }
  }
  void seekingMatchesFoldingFromTheStart() {
    sim::SnapshotStore store(sim::SnapshotStore::Options{.keyframeEvery = 50});
    auto s = churnUntil(4, sim::seconds(3), store);
    QVERIFY(s);
    QVERIFY(store.keyframes() > 10);
    runtime::Random pick(9);
    for (int i = 0; i < 20; ++i) {
      const std::uint64_t n = pick.below(store.endIndex());
      sim::GlobalState slow;
      for (std::uint64_t k = 0; k < n; ++k) sim::applyRecord(slow, store.record(k));
      slow.records = n;
      sim::GlobalState fast = store.at(n);
      QVERIFY(fast.nodes == slow.nodes);
      QVERIFY(fast.inFlight == slow.inFlight);
      // One step forward and back returns to the same state.
      sim::GlobalState moved = fast;
      if (store.forward(moved)) {
        QCOMPARE(moved.records, n + 1);
        QVERIFY(store.backward(moved));
        QVERIFY(moved.nodes == fast.nodes);
      }
    }
  }
  void diffShowsWhatChanged() {
    sim::SnapshotStore store;
    auto s = churnUntil(1, sim::seconds(2), store);
    QVERIFY(s);
    const auto before = store.atTime(sim::ms(200));
    const auto after = store.atTime(sim::ms(1900));
    const auto d = sim::diff(before, after);
    QVERIFY(!d.empty());
    bool sentChanged = false;
    for (const auto& e : d) sentChanged |= e.key == "ping.sent";
    QVERIFY(sentChanged);
    QVERIFY(sim::diff(after, after).empty());
  }
  void memoryBoundKeepsRecentHistory() {
    sim::SnapshotStore::Options o;
    o.keyframeEvery = 16;
    o.maxKeyframes = 32;
    o.maxRecords = 2000;
    sim::SnapshotStore bounded(o);
    sim::SnapshotStore full;
    sim::SimulationOptions so;
    so.seed = 3;
    so.traceSink = [&](const trace::Record& r) {
      bounded.append(r);
      full.append(r);
    };
    auto sc = sim::loadScenario(source("resources/scenarios/churn.json"));
    QVERIFY(sc);
    sim::Simulation s(so);
    QVERIFY(sc->install(s));
    s.runUntil(sim::seconds(4));
    QVERIFY(full.endIndex() > 5000);
    QCOMPARE(bounded.endIndex(), full.endIndex());
    QVERIFY(bounded.endIndex() - bounded.firstIndex() <= 2000 + bounded.keyframeEvery());
    QVERIFY(bounded.keyframes() <= 32);
    QVERIFY(bounded.firstIndex() > 0);
    const std::uint64_t n = bounded.endIndex() - 500;
    QVERIFY(bounded.at(n).nodes == full.at(n).nodes);
    QCOMPARE(bounded.at(0).records, bounded.firstIndex());  // clamped
  }
  void traceFileRoundTrip() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("t.trace").toStdString();
    sim::SnapshotStore live;
    auto s = churnUntil(6, sim::seconds(2), live);
    QVERIFY(s);
    QVERIFY(live.writeTo(path));
    auto loaded = sim::SnapshotStore::fromFile(path);
    QVERIFY2(loaded, loaded.error().c_str());
    QCOMPARE(loaded->endIndex(), live.endIndex());
    QVERIFY(loaded->latest().nodes == live.latest().nodes);
    auto reader = sim::TraceFileReader::open(path);
    QVERIFY(reader);
    QCOMPARE((*reader)->header().format(), std::string("catslab-trace/1"));
    QCOMPARE((*reader)->header().seed(), std::uint64_t{6});
  }
  void truncatedTraceNamesRecordAndOffset() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("t.trace").toStdString();
    sim::SnapshotStore live;
    QVERIFY(churnUntil(6, sim::ms(300), live));
    QVERIFY(live.writeTo(path));
    QFile f(QString::fromStdString(path));
    QVERIFY(f.resize(f.size() - 3));
    auto loaded = sim::SnapshotStore::fromFile(path);
    QVERIFY(!loaded);
    QVERIFY2(QString::fromStdString(loaded.error()).contains("truncated record"),
             loaded.error().c_str());
    QVERIFY(QString::fromStdString(loaded.error()).startsWith(QString::fromStdString(path)));
  }
};

QTEST_MAIN(tst_snapshots)
#include "tst_snapshots.moc"
