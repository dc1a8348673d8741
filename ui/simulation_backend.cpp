#include "ui/simulation_backend.h"

#include <QPointer>
#include <QTimer>
#include <future>
#include <map>
#include <mutex>

#include "runtime/runtime.h"
#include "runtime/sim/scenario.h"
#include "runtime/sim/simulation.h"
#include "snapshot_view/run_store.h"
#include "ui/workload/sim_stream.h"

namespace catslab::ui {

namespace tr = ::catslab::trace;

// What the worker hands to the GUI thread after each slice of the run.
struct SimBatch {
  std::vector<tr::Record> records;
  std::vector<std::pair<QString, QString>> lines;  // node, output line
  qint64 nowNs = 0;
  bool playing = false;
  bool finished = false;
  QString summary;
  QString error;
};

// Lives on the backend's worker thread and is the only code that touches
// the Simulation. All its methods run on that thread.
class SimulationWorker : public QObject {
 public:
  explicit SimulationWorker(SimulationBackend* backend) : backend_(backend) {
    timer_ = new QTimer(this);
    timer_->setInterval(kTickMs);
    connect(timer_, &QTimer::timeout, this, &SimulationWorker::tick);
  }

  QString setup(const topology::Topology& topology, std::shared_ptr<const sim::Scenario> scenario,
                quint64 seed, sim::Profile profile, int workers) {
    sim_.reset();
    // The installed run points into the scenario: keep it while the run lives.
    scenario_ = scenario;
    outputSeen_.clear();
    actions_ = 0;
    finished_ = false;
    summary_.clear();
    stress_ = profile == sim::Profile::Stress;
    sim::SimulationOptions o;
    o.seed = seed;
    o.profile = profile;
    o.workers = workers;
    // Stress: records come from every worker thread, in arrival order.
    o.traceSink = [this](const tr::Record& r) {
      std::lock_guard lock(pendingMutex_);
      pending_.push_back(r);
    };
    o.name = scenario ? scenario->name()
                      : (topology.name().empty() ? std::string("topology") : topology.name());
    sim_ = std::make_unique<sim::Simulation>(std::move(o));
    // Exactly what Scenario::run does, so the trace equals catslab-sim's.
    runtime::Status s = onController([&](sim::Simulation& on) {
      if (scenario) return scenario->install(on);
      if (auto loaded = on.loadTopology(topology); !loaded) return loaded;
      on.startAll();
      return runtime::Status::ok();
    });
    if (!s) {
      sim_.reset();
      return QString::fromStdString(s.error());
    }
    hasEnd_ = scenario != nullptr;
    // Real time does not wait for Play: keep the views fed from the start.
    if (stress_) timer_->start();
    flush();
    return {};
  }

  void play(double speed) {
    if (stress_) {
      if (sim_ && !finished_) timer_->start();
      flush();
      return;
    }
    speed_ = speed;
    untilNs_ = -1;
    toEnd_ = false;
    if (sim_ && !finished_) timer_->start();
    flush();
  }
  void pause() {
    timer_->stop();
    flush();
  }
  void setSpeed(double speed) { speed_ = speed; }
  void stepOne() {
    timer_->stop();
    if (sim_ && !finished_ && !sim_->step()) finish();
    flush();
  }
  void runUntil(qint64 t) {
    untilNs_ = t;
    toEnd_ = false;
    if (sim_ && !finished_) timer_->start();
  }
  void runToEnd() {
    toEnd_ = true;
    untilNs_ = -1;
    if (sim_ && !finished_) timer_->start();
  }
  void stop() {
    timer_->stop();
    sim_.reset();
  }
  // A node, link, partition or console action. Deterministic runs apply it
  // at actionTimeNs() as an event, as a scenario's operation would run (a
  // failure is logged the same way), and report it back for the recording;
  // paused, they run up to it so it shows at once. Stress runs apply it now.
  void apply(RecordedAction action, sim::Operation op, quint64 generation) {
    if (!sim_ || finished_) return;
    // A scenario names only declared nodes: refuse what could not be replayed.
    for (const QString& id : nodesOf(action)) {
      if (sim_->hasNode(id.toStdString())) continue;
      QPointer<SimulationBackend> backend = backend_;
      const QString why = tr("Not done: %1 names no node '%2'").arg(action.op, id);
      QMetaObject::invokeMethod(
          backend_,
          [backend, why] {
            if (backend) emit backend->statusChanged(why);
          },
          Qt::QueuedConnection);
      return;
    }
    std::vector<std::string> args;
    for (const QString& p : action.params) args.push_back(p.toStdString());
    if (stress_) {
      sim_->schedule(sim_->now(), [op, args](sim::Simulation& s) { (void)op.run(s, args); });
      return flush();
    }
    action.timeNs = actionTimeNs(sim_->now());
    action.process = QStringLiteral("gui-%1").arg(++actions_);
    sim_->schedule(
        action.timeNs, [op, args, name = action.process.toStdString()](sim::Simulation& s) {
          const runtime::Status done = op.run(s, args);
          if (!done && s.recorder())
            s.recorder()->log("", "warning", name + ": " + op.name + " failed: " + done.error());
        });
    if (!timer_->isActive()) {
      sim_->runUntil(action.timeNs);
      if (sim_->stopped()) finish();
    }
    QPointer<SimulationBackend> backend = backend_;
    QMetaObject::invokeMethod(
        backend_,
        [backend, action, generation] {
          if (backend) backend->onActionApplied(action, generation);
        },
        Qt::QueuedConnection);
    flush();
  }
  // A request stream: installed at a time of its own (sim_stream.h) and
  // reported back, or refused when the run has no such node.
  void startStream(std::shared_ptr<workload::SimStream> stream, int index, quint64 generation) {
    QPointer<SimulationBackend> backend = backend_;
    if (!sim_ || finished_ || !sim_->hasNode(stream->node)) {
      const QString node = QString::fromStdString(stream->node);
      const QString why = !sim_ || finished_
                              ? tr("Not started: the run is over")
                              : tr("Not started: the run has no node '%1'").arg(node);
      QMetaObject::invokeMethod(
          backend_,
          [backend, why, node, generation] {
            if (!backend || generation != backend->generation_) return;
            backend->running_.remove(node);
            emit backend->statusChanged(why);
            emit backend->streamsChanged();
          },
          Qt::QueuedConnection);
      return;
    }
    stream->startNs = stress_ ? sim_->now() : workload::streamStartNs(sim_->now(), index);
    workload::installStream(*sim_, stream);
    QMetaObject::invokeMethod(
        backend_,
        [backend, stream, generation] {
          if (backend) backend->onStreamInstalled(stream, generation);
        },
        Qt::QueuedConnection);
  }
  // Stopped here, between two events, the count of requests is exact.
  void stopStream(std::shared_ptr<workload::SimStream> stream, quint64 generation) {
    stream->stopped.store(true);
    const auto count = static_cast<qint64>(stream->issued.load());
    QPointer<SimulationBackend> backend = backend_;
    QMetaObject::invokeMethod(
        backend_,
        [backend, stream, count, generation] {
          if (backend) backend->onStreamStopped(stream.get(), count, generation);
        },
        Qt::QueuedConnection);
  }
  bool isStress() const { return stress_; }
  QByteArray describe() const {
    return sim_ ? QByteArray::fromStdString(sim_->runtime().describeJson()) : QByteArray();
  }

 private:
  static constexpr int kTickMs = 33;
  static constexpr int kStepsPerFastTick = 4000;
  static constexpr qint64 kUntilSliceNs = 250'000'000;

  void tick() {
    if (!sim_ || finished_) return timer_->stop();
    if (stress_) {
      // The system runs on its own threads; the tick only collects.
      if (sim_->stopped()) finish();
      return flush();
    }
    if (toEnd_ || (speed_ == SimulationBackend::kFastest && untilNs_ < 0)) {
      for (int i = 0; i < kStepsPerFastTick; ++i) {
        if (!sim_->step()) {
          // Without a scenario nothing ends the run; idle just means wait.
          if (hasEnd_ || sim_->stopped())
            finish();
          else
            timer_->stop();
          break;
        }
      }
    } else {
      // Run-until goes as fast as it can in slices that keep the GUI fed;
      // plain play is paced by the speed factor.
      const double speed = speed_ == SimulationBackend::kFastest ? 50.0 : speed_;
      const qint64 slice =
          untilNs_ >= 0 ? kUntilSliceNs : static_cast<qint64>(kTickMs * 1e6 * speed);
      qint64 target = sim_->now() + slice;
      if (untilNs_ >= 0 && target >= untilNs_) target = untilNs_;
      sim_->runUntil(target);
      if (sim_->stopped()) finish();
      if (untilNs_ >= 0 && sim_->now() >= untilNs_) {
        untilNs_ = -1;
        timer_->stop();
      }
    }
    flush();
  }

  void finish() {
    timer_->stop();
    finished_ = true;
    const bool ok = sim_->finish();  // stress: halts the system first
    const QString checks = hasEnd_ ? (ok ? QStringLiteral(", all checks passed")
                                         : QStringLiteral(", some checks FAILED"))
                                   : QString();
    if (stress_) {
      summary_ = QStringLiteral("stress run of seed %1 (not reproducible): %2 events, %3 s%4")
                     .arg(sim_->seed())
                     .arg(sim_->events())
                     .arg(sim_->now() / 1e9, 0, 'f', 3)
                     .arg(checks);
    } else {
      summary_ = QStringLiteral("%1 events, %2 s virtual time%3")
                     .arg(sim_->events())
                     .arg(sim_->now() / 1e9, 0, 'f', 3)
                     .arg(checks);
    }
  }

  // Runs `fn` where node calls belong: here (simulation profile) or on the
  // loop thread (stress), waiting for its result.
  template <class F>
  runtime::Status onController(F&& fn) {
    if (!stress_) return fn(*sim_);
    std::promise<runtime::Status> done;
    sim_->schedule(0, [&](sim::Simulation& on) { done.set_value(fn(on)); });
    return done.get_future().get();
  }

  void flush() {
    auto batch = std::make_shared<SimBatch>();
    {
      std::lock_guard lock(pendingMutex_);
      batch->records.swap(pending_);
    }
    if (sim_) {
      for (const std::string& id : sim_->nodeIds()) {
        const std::vector<std::string> lines = sim_->output(id);
        std::size_t& seen = outputSeen_[id];
        for (; seen < lines.size(); ++seen)
          batch->lines.emplace_back(QString::fromStdString(id),
                                    QString::fromStdString(lines[seen]));
      }
      batch->nowNs = sim_->now();
    }
    batch->playing = timer_->isActive();
    batch->finished = finished_;
    batch->summary = summary_;
    QPointer<SimulationBackend> backend = backend_;
    QMetaObject::invokeMethod(
        backend_,
        [backend, batch] {
          if (backend) backend->deliver(batch);
        },
        Qt::QueuedConnection);
  }

  SimulationBackend* backend_;
  QTimer* timer_;
  std::shared_ptr<const sim::Scenario> scenario_;
  std::unique_ptr<sim::Simulation> sim_;
  std::mutex pendingMutex_;  // the trace sink runs on workers in stress
  std::vector<tr::Record> pending_;
  std::map<std::string, std::size_t> outputSeen_;
  double speed_ = 1.0;
  qint64 untilNs_ = -1;
  bool toEnd_ = false;
  bool hasEnd_ = false;
  bool finished_ = false;
  bool stress_ = false;
  int actions_ = 0;  // actions applied in this run (names their processes)
  QString summary_;
};

SimulationBackend::SimulationBackend(RunStore* store, QObject* parent)
    : Backend(parent), store_(store) {
  thread_.setObjectName(QStringLiteral("simulation"));
  worker_ = new SimulationWorker(this);  // parentless: it moves to the thread
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  thread_.start();
}

SimulationBackend::~SimulationBackend() {
  post([](SimulationWorker& w) { w.stop(); });
  thread_.quit();
  thread_.wait();
}

template <class F>
void SimulationBackend::post(F&& fn) {
  SimulationWorker* w = worker_;
  QMetaObject::invokeMethod(
      w, [w, fn = std::forward<F>(fn)]() mutable { fn(*w); }, Qt::QueuedConnection);
}

std::optional<QString> SimulationBackend::prepare(const topology::Topology& topology,
                                                  std::shared_ptr<const sim::Scenario> scenario,
                                                  quint64 seed) {
  store_->clear(isStress() ? tr("stress run, seed %1").arg(seed)
                           : tr("simulation, seed %1").arg(seed));
  recorded_.clear();
  streams_.clear();
  const bool hadStreams = !running_.isEmpty();
  running_.clear();
  seed_ = seed;
  ++generation_;  // actions of the previous run still on their way are dropped
  finished_ = false;
  playing_ = false;
  nowNs_ = 0;
  // Build on the worker (the simulation belongs to that thread) and wait for
  // the verdict: building is quick, and the caller needs to know at once.
  QString error;
  SimulationWorker* w = worker_;
  const Profile profile = profile_;
  const int workers = workers_;
  QMetaObject::invokeMethod(
      w,
      [w, &error, topology, scenario, seed, profile, workers] {
        error = w->setup(topology, scenario, seed, profile, workers);
      },
      Qt::BlockingQueuedConnection);
  prepared_ = error.isEmpty();
  if (!prepared_) {
    emit runFailed(error);
    return error;
  }
  emit runStarted();
  if (hadStreams) emit streamsChanged();
  if (isStress())
    emit statusChanged(
        tr("Stress run (seed %1, not reproducible) — running in real time").arg(seed));
  else
    emit statusChanged(tr("Simulation ready (seed %1) — press Play or Step").arg(seed));
  return std::nullopt;
}

void SimulationBackend::setProfile(Profile profile, int workers) {
  profile_ = profile;
  workers_ = workers;
}

bool SimulationBackend::refuseInStress(const QString& what) {
  if (!isStress() || !prepared_) return false;
  emit statusChanged(
      tr("%1: a stress run goes in real time and cannot be paused or stepped").arg(what));
  return true;
}

void SimulationBackend::play() {
  if (!prepared_ || finished_) return;
  const double speed = speed_;
  post([speed](SimulationWorker& w) { w.play(speed); });
  playing_ = true;
  emit playingChanged(true);
}

void SimulationBackend::pause() {
  if (refuseInStress(tr("Pause"))) return;
  post([](SimulationWorker& w) { w.pause(); });
}

void SimulationBackend::step() {
  if (refuseInStress(tr("Step"))) return;
  post([](SimulationWorker& w) { w.stepOne(); });
}

void SimulationBackend::runUntil(qint64 timeNs) {
  if (refuseInStress(tr("Run until"))) return;
  post([timeNs](SimulationWorker& w) { w.runUntil(timeNs); });
  playing_ = true;
  emit playingChanged(true);
}

void SimulationBackend::runToEnd() {
  if (refuseInStress(tr("Run to end"))) return;
  post([](SimulationWorker& w) { w.runToEnd(); });
  playing_ = true;
  emit playingChanged(true);
}

void SimulationBackend::setSpeed(double factor) {
  speed_ = factor;
  post([factor](SimulationWorker& w) { w.setSpeed(factor); });
}

void SimulationBackend::requestComponentTree() {
  QPointer<SimulationBackend> self = this;
  post([self](SimulationWorker& w) {
    const QByteArray json = w.describe();
    QMetaObject::invokeMethod(
        self,
        [self, json] {
          if (self) emit self->componentTreeReady(json);
        },
        Qt::QueuedConnection);
  });
}

void SimulationBackend::stop() {
  if (!prepared_) return;
  post([](SimulationWorker& w) { w.stop(); });
  if (!running_.isEmpty()) {
    running_.clear();
    emit streamsChanged();
  }
  prepared_ = false;
  playing_ = false;
  emit playingChanged(false);
  emit runFinished(tr("simulation stopped"));
}

void SimulationBackend::sendCommand(const QString& node, const QString& line) {
  emit commandSent(node, line, false);
  act({.op = QStringLiteral("request"), .params = {node, line}});
}

void SimulationBackend::startNode(const QString& node) {
  act({.op = QStringLiteral("start"), .params = {node}});
}

void SimulationBackend::killNode(const QString& node) {
  act({.op = QStringLiteral("kill"), .params = {node}});
}

void SimulationBackend::restartNode(const QString& node) {
  act({.op = QStringLiteral("restart"), .params = {node}});
}

void SimulationBackend::setLinkDown(const QString& a, const QString& b, bool down) {
  act({.op = down ? QStringLiteral("link_down") : QStringLiteral("link_up"), .params = {a, b}});
}

void SimulationBackend::setLinkModel(const QString& a, const QString& b,
                                     const topology::LinkModel& model, bool oneWay) {
  act({.op = QStringLiteral("link"), .params = {a, b}, .oneWay = oneWay, .link = model});
}

void SimulationBackend::partition(const QStringList& sideA, const QStringList& sideB, bool oneWay) {
  act({.op = QStringLiteral("partition"),
       .params = {sideA.join(QLatin1Char(',')), sideB.join(QLatin1Char(','))},
       .oneWay = oneWay});
}

void SimulationBackend::heal() { act({.op = QStringLiteral("heal")}); }

void SimulationBackend::act(RecordedAction action) {
  auto op = operationFor(action);
  if (!op) return emit statusChanged(tr("Not done: %1").arg(QString::fromStdString(op.error())));
  if (!prepared_) return emit statusChanged(tr("Nothing is running: press Simulate first."));
  post([action = std::move(action), op = std::move(*op), generation = generation_](
           SimulationWorker& w) mutable { w.apply(std::move(action), std::move(op), generation); });
}

void SimulationBackend::onActionApplied(const RecordedAction& action, quint64 generation) {
  if (generation != generation_) return;
  recorded_.push_back(action);
  emit actionRecorded(action.describe());
  emit statusChanged(tr("Applied and recorded: %1").arg(action.describe()));
}

std::optional<QString> SimulationBackend::startStream(const QString& node,
                                                      const workload::WorkloadSpec& spec) {
  if (!prepared_ || finished_) return tr("nothing is running: press Simulate first");
  if (auto valid = spec.validate(); !valid) return QString::fromStdString(valid.error());
  stopStream(node);
  const int index = streamsAsked_++;
  const std::string process = "gui-stream-" + std::to_string(index + 1);
  auto stream = std::make_shared<workload::SimStream>(process, node.toStdString(), spec,
                                                      runtime::Random::derive(seed_, process));
  running_.insert(node, stream);
  post([stream, index, generation = generation_](SimulationWorker& w) {
    w.startStream(stream, index, generation);
  });
  emit streamsChanged();
  return std::nullopt;
}

void SimulationBackend::stopStream(const QString& node) {
  auto stream = running_.take(node);
  if (!stream) return;
  post([stream, generation = generation_](SimulationWorker& w) {
    w.stopStream(stream, generation);
  });
  emit streamsChanged();
}

QStringList SimulationBackend::streamingNodes() const {
  QStringList ids = running_.keys();
  ids.sort();
  return ids;
}

void SimulationBackend::onStreamInstalled(std::shared_ptr<workload::SimStream> stream,
                                          quint64 generation) {
  if (generation != generation_) return;
  streams_.push_back({stream, -1});
  emit statusChanged(tr("Streaming to %1 from %2: %3")
                         .arg(QString::fromStdString(stream->node), formatTimeNs(stream->startNs),
                              QString::fromStdString(stream->spec.describe())));
}

void SimulationBackend::onStreamStopped(const workload::SimStream* stream, qint64 count,
                                        quint64 generation) {
  if (generation != generation_) return;
  for (RecordedStream& r : streams_)
    if (r.stream.get() == stream) r.count = count;
  emit statusChanged(tr("Stopped the stream to %1 after %2 request(s)")
                         .arg(QString::fromStdString(stream->node))
                         .arg(count));
}

void SimulationBackend::deliver(std::shared_ptr<SimBatch> batch) {
  if (!prepared_) return;  // a late batch of a stopped run
  if (!batch->records.empty()) store_->append(std::move(batch->records));
  for (const auto& [node, line] : batch->lines) {
    const bool error = line.startsWith(QStringLiteral("error"));
    emit consoleOutput(node, line, error);
  }
  nowNs_ = batch->nowNs;
  emit timeAdvanced(nowNs_);
  if (playing_ != batch->playing) {
    playing_ = batch->playing;
    emit playingChanged(playing_);
    if (!playing_ && !batch->finished)
      emit statusChanged(tr("Paused at %1 — Play, Step, or drag the timeline to look back")
                             .arg(formatTimeNs(nowNs_)));
  }
  if (batch->finished && !finished_) {
    finished_ = true;
    emit runFinished(batch->summary);
    emit statusChanged(tr("Simulation finished: %1").arg(batch->summary));
  }
}

}  // namespace catslab::ui
