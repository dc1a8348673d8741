// SimulationBackend: runs a topology (optionally with a scenario) in the
// deterministic simulator on a worker thread, with play, pause, step (one
// event), run-until-time and speed. The worker owns the sim::Simulation and
// is the only thread that touches it; it batches trace records and console
// lines and posts them to the GUI thread with queued calls, where they go
// into the RunStore. Every control call is itself a queued call into the
// worker. Same seed + topology + scenario => the same records as catslab-sim.
//
// With setProfile(Profile::Stress, workers) the next prepare() runs the
// system in the local stress profile instead: the work-stealing pool in real
// time, started at once (play only shows it; pause, step, run-until and
// speed do not apply to real time and are refused with a status message).
// Records reach the views in arrival order; node and link actions go to the
// simulation's loop thread, like scenario operations. Not reproducible.
// Node, link, partition and console actions on a deterministic run are
// applied at a virtual time chosen for them and recorded (run_recording.h),
// so the run can be saved as a scenario that catslab-sim replays exactly;
// so are the workload panel's request streams, which run on virtual time
// (workload/sim_stream.h).
// Owns its worker thread; stop() or the destructor joins it.
#pragma once

#include <QHash>
#include <QThread>
#include <memory>
#include <optional>

#include "runtime/sim/simulation.h"
#include "ui/backend.h"
#include "ui/run_recording.h"

namespace catslab::sim {
class Scenario;
}

namespace catslab::ui::workload {
struct SimStream;
}

namespace catslab::ui {

class RunStore;
class SimulationWorker;
struct SimBatch;

class SimulationBackend : public Backend {
  Q_OBJECT
 public:
  static constexpr double kFastest = 0;  // speed: run as fast as possible
  using Profile = ::catslab::sim::Profile;

  SimulationBackend(RunStore* store, QObject* parent = nullptr);
  ~SimulationBackend() override;

  // Prepares a run (clears the store). The scenario, when given, brings its
  // own operations and end; without one, every node starts at time 0 and
  // runs its script. Returns the error if the run cannot be built.
  std::optional<QString> prepare(const ::catslab::topology::Topology& topology,
                                 std::shared_ptr<const sim::Scenario> scenario, quint64 seed);
  void play();
  void pause();
  void step();                   // one event
  void runUntil(qint64 timeNs);  // pauses there
  void runToEnd();               // as fast as possible until the run ends
  void setSpeed(double factor);  // virtual seconds per real second; kFastest = no pacing
  bool isPlaying() const { return playing_; }
  bool isFinished() const { return finished_; }
  qint64 virtualTimeNs() const { return nowNs_; }
  void requestComponentTree();
  // Applies from the next prepare(); workers 0 = one per core.
  void setProfile(Profile profile, int workers = 0);
  Profile profile() const { return profile_; }
  bool isStress() const { return profile_ == Profile::Stress; }

  QString name() const override { return tr("Simulation"); }
  bool isRunning() const override { return prepared_; }
  void stop() override;
  void sendCommand(const QString& node, const QString& line) override;
  void startNode(const QString& node) override;
  void killNode(const QString& node) override;
  void restartNode(const QString& node) override;
  void setLinkDown(const QString& a, const QString& b, bool down) override;
  void setLinkModel(const QString& a, const QString& b, const ::catslab::topology::LinkModel& model,
                    bool oneWay = false) override;
  void partition(const QStringList& sideA, const QStringList& sideB, bool oneWay = false) override;
  void heal() override;
  std::optional<QString> startStream(const QString& node,
                                     const workload::WorkloadSpec& spec) override;
  void stopStream(const QString& node) override;
  QStringList streamingNodes() const override;
  // The actions applied to this run so far, in order, with their times.
  const std::vector<RecordedAction>& recordedActions() const { return recorded_; }
  // Every stream installed in this run, with the number of requests it made
  // when it was stopped (-1: still running).
  struct RecordedStream {
    std::shared_ptr<const workload::SimStream> stream;
    qint64 count = -1;
  };
  const std::vector<RecordedStream>& recordedStreams() const { return streams_; }

 signals:
  void playingChanged(bool playing);
  void timeAdvanced(qint64 virtualNs);
  void componentTreeReady(const QByteArray& json);

 private:
  friend class SimulationWorker;
  void deliver(std::shared_ptr<SimBatch> batch);  // GUI thread
  template <class F>
  void post(F&& fn);                         // runs fn(worker) on the worker thread
  bool refuseInStress(const QString& what);  // true (and a status) if stress
  void act(RecordedAction action);           // applies (and records) on the worker
  void onActionApplied(const RecordedAction& action, quint64 generation);  // GUI thread
  void onStreamInstalled(std::shared_ptr<workload::SimStream> stream, quint64 generation);
  void onStreamStopped(const workload::SimStream* stream, qint64 count, quint64 generation);

  RunStore* store_;
  QThread thread_;
  SimulationWorker* worker_ = nullptr;  // lives on thread_; deleted via deleteLater
  bool prepared_ = false;
  bool playing_ = false;
  bool finished_ = false;
  double speed_ = 1.0;
  qint64 nowNs_ = 0;
  Profile profile_ = Profile::Simulation;
  int workers_ = 0;
  std::vector<RecordedAction> recorded_;
  std::vector<RecordedStream> streams_;
  QHash<QString, std::shared_ptr<workload::SimStream>> running_;  // node → its stream
  int streamsAsked_ = 0;  // names the streams: gui-stream-1, …
  quint64 seed_ = 0;
  quint64 generation_ = 0;  // which prepare()d run recorded_ belongs to
};

}  // namespace catslab::ui
