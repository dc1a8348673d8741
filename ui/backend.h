// Backend: what runs a topology — the in-process SimulationBackend or the
// ProcessBackend (one catslab-node process per node). Both put their trace
// records into the same RunStore and report console traffic with the same
// signals, so the views never depend on which one runs.
// GUI thread only; implementations keep their own threads/processes.
#pragma once

#include <QObject>
#include <QStringList>
#include <optional>

#include "runtime/proto/topology.pb.h"

namespace catslab::ui::workload {
struct WorkloadSpec;
}

namespace catslab::ui {

class Backend : public QObject {
  Q_OBJECT
 public:
  using QObject::QObject;
  virtual QString name() const = 0;
  virtual bool isRunning() const = 0;
  virtual void stop() = 0;
  virtual void sendCommand(const QString& node, const QString& line) = 0;
  virtual void startNode(const QString& node) = 0;
  virtual void killNode(const QString& node) = 0;
  virtual void restartNode(const QString& node) = 0;
  virtual void setLinkDown(const QString& a, const QString& b, bool down) = 0;
  // Both directions unless oneWay (then a -> b only).
  virtual void setLinkModel(const QString& a, const QString& b,
                            const ::catslab::topology::LinkModel& model, bool oneWay = false) = 0;
  // Cuts side A off from side B (both ways unless oneWay); heal() ends every
  // cut. Backends that cannot cut say so with statusChanged.
  virtual void partition(const QStringList& sideA, const QStringList& sideB, bool oneWay = false) {
    Q_UNUSED(sideA);
    Q_UNUSED(sideB);
    Q_UNUSED(oneWay);
    emit statusChanged(tr("%1 cannot cut the network: partitions need the simulation").arg(name()));
  }
  virtual void heal() {
    emit statusChanged(
        tr("%1 cannot heal the network: partitions need the simulation").arg(name()));
  }
  // Request streams of the workload panel (workload/request_stream.h): at
  // most one per node; starting one on a node that has one replaces it.
  // Returns why it cannot start (nothing running, unknown node, bad spec).
  virtual std::optional<QString> startStream(const QString& node,
                                             const workload::WorkloadSpec& spec) = 0;
  virtual void stopStream(const QString& node) = 0;
  virtual QStringList streamingNodes() const = 0;

 signals:
  void consoleOutput(const QString& node, const QString& text, bool error);
  void commandSent(const QString& node, const QString& line, bool scripted);
  void nodeExited(const QString& node, const QString& status);
  void statusChanged(const QString& text);
  void runStarted();
  void runFinished(const QString& summary);
  void runFailed(const QString& reason);
  void streamsChanged();
  // An action from the canvas or a console was applied and recorded
  // (run_recording.h); `description` says what and when.
  void actionRecorded(const QString& description);
};

}  // namespace catslab::ui
