// Recording a simulation's faults and console requests as a scenario.
//
// Every node, link, partition and console action taken on a running
// deterministic simulation (from the canvas's context menus or a console)
// becomes a RecordedAction: a scenario operation (scenario.proto's `op`
// names) that the simulation applies at a virtual time chosen for it, with
// the same code a scenario's operation runs. "Save Run as Scenario…" writes
// the scenario the run started from (its topology embedded) plus one process
// per action that raises it once at that time, ending where the run was:
// `catslab-sim --scenario saved.json --seed S` then replays the same trace.
//
// Why the action time is not simply "now": a scenario operation at time T
// runs before the events already queued for T and after those that come
// later, while a click lands between two events. So an action is applied at
// the next whole millisecond plus an odd offset (actionTimeNs), a time at
// which no timer or round latency puts another event; the GUI then runs to
// it, so the effect shows at once even when paused.
// Plain values and stateless functions; thread-safe.
#pragma once

#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "runtime/proto/scenario.pb.h"
#include "runtime/proto/topology.pb.h"
#include "runtime/result.h"
#include "runtime/sim/scenario.h"

namespace catslab::ui {

struct RecordedAction {
  qint64 timeNs = -1;    // when the simulation applies it (set by the backend)
  QString process{};     // its process in the saved scenario ("gui-3")
  QString op{};          // start kill restart partition heal link link_down link_up request
  QStringList params{};  // node ids, "n1,n2" groups, or a console line
  bool oneWay = false;   // partition: block side A -> B only; link: set a -> b only
  std::optional<::catslab::topology::LinkModel> link{};  // op "link"

  QString describe() const;  // "kill n3 at 1.000137 s"
};

// The node ids `action` names (every id of a partition's sides).
QStringList nodesOf(const RecordedAction& action);
// The simulator operation that `action` names (the same code a scenario runs).
::catslab::runtime::Result<sim::Operation> operationFor(const RecordedAction& action);
// The virtual time at which an action asked for at `nowNs` is applied.
qint64 actionTimeNs(qint64 nowNs);
// A number of milliseconds that a scenario file turns back into exactly `ns`.
double exactMs(qint64 ns);

// The scenario a run started from, as a file would hold it: the scenario file
// at `scenarioPath` (its topology embedded, since the copy may be saved
// elsewhere) or, without one, `topology` with every node started at 0.
::catslab::runtime::Result<::catslab::scenario::Scenario> baseScenario(
    const QString& scenarioPath, const ::catslab::topology::Topology& topology);
// `base` plus one process per action, terminating at `endNs`.
::catslab::scenario::Scenario recordedScenario(::catslab::scenario::Scenario base,
                                               const std::vector<RecordedAction>& actions,
                                               qint64 endNs);
::catslab::runtime::Status saveScenarioFile(const ::catslab::scenario::Scenario& scenario,
                                            const QString& path);

}  // namespace catslab::ui
