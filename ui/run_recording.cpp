#include "ui/run_recording.h"

#include <google/protobuf/util/json_util.h>

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <cmath>

#include "runtime/sim/network_model.h"
#include "runtime/sim/scenario_file.h"

namespace catslab::ui {

using runtime::Result;
using runtime::Status;

namespace {
constexpr qint64 kMs = 1'000'000;
// Past the next whole millisecond: timers and constant latencies of whole
// milliseconds never land here.
constexpr qint64 kOffsetNs = 137'003;
}  // namespace

QString RecordedAction::describe() const {
  QString s = op;
  if (op == QStringLiteral("partition")) {
    s += QStringLiteral(" [%1] %2 [%3]")
             .arg(params.value(0), oneWay ? QStringLiteral("-/->") : QStringLiteral("|"),
                  params.value(1));
  } else if (op == QStringLiteral("link") && oneWay) {
    s += QStringLiteral(" %1 -> %2").arg(params.value(0), params.value(1));
  } else if (op == QStringLiteral("request")) {
    s += QStringLiteral(" %1: %2").arg(params.value(0), params.value(1));
  } else if (!params.isEmpty()) {
    s += QLatin1Char(' ') + params.join(QLatin1Char(' '));
  }
  if (timeNs >= 0)
    s += QStringLiteral(" at %1 s").arg(static_cast<double>(timeNs) / 1e9, 0, 'f', 6);
  return s;
}

QStringList nodesOf(const RecordedAction& a) {
  if (a.op == QStringLiteral("partition")) {
    QStringList ids;
    for (const QString& side : a.params) ids += side.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString& id : ids) id = id.trimmed();
    return ids;
  }
  if (a.op == QStringLiteral("request")) return a.params.mid(0, 1);
  return a.params;  // start, kill, restart: (node); link*: (a, b); heal: ()
}

Result<sim::Operation> operationFor(const RecordedAction& a) {
  using R = Result<sim::Operation>;
  const QString& op = a.op;
  int arity = 2;
  sim::Operation o;
  if (op == QStringLiteral("start")) {
    o = sim::Operation::startNode(), arity = 1;
  } else if (op == QStringLiteral("kill")) {
    o = sim::Operation::killNode(), arity = 1;
  } else if (op == QStringLiteral("restart")) {
    o = sim::Operation::restartNode(), arity = 1;
  } else if (op == QStringLiteral("partition")) {
    o = sim::Operation::partition(a.oneWay);
  } else if (op == QStringLiteral("heal")) {
    o = sim::Operation::heal(), arity = 0;
  } else if (op == QStringLiteral("link")) {
    if (!a.link) return R::failure("link: no link model");
    o = sim::Operation::setLink(sim::fromProto(*a.link), a.oneWay);
  } else if (op == QStringLiteral("link_down")) {
    o = sim::Operation::linkDown();
  } else if (op == QStringLiteral("link_up")) {
    o = sim::Operation::linkUp();
  } else if (op == QStringLiteral("request")) {
    o = sim::Operation::clientRequest();
  } else {
    return R::failure("unknown operation '" + op.toStdString() + "'");
  }
  if (a.params.size() != arity)
    return R::failure(op.toStdString() + " takes " + std::to_string(arity) + " parameter(s)");
  for (const QString& p : a.params)
    if (p.trimmed().isEmpty()) return R::failure(op.toStdString() + ": an empty parameter");
  return o;
}

qint64 actionTimeNs(qint64 nowNs) {
  return (std::max<qint64>(nowNs, 0) / kMs + 1) * kMs + kOffsetNs;
}

double exactMs(qint64 ns) {
  // Scenario files hold milliseconds as doubles and truncate ms * 1e6 to
  // nanoseconds: find the double that comes back as `ns`.
  double v = static_cast<double>(ns) / 1e6;
  for (int i = 0; i < 64 && sim::ms(v) < ns; ++i) v = std::nextafter(v, HUGE_VAL);
  for (int i = 0; i < 64 && sim::ms(v) > ns; ++i) v = std::nextafter(v, -HUGE_VAL);
  return v;
}

Result<scenario::Scenario> baseScenario(const QString& scenarioPath,
                                        const topology::Topology& topology) {
  using R = Result<scenario::Scenario>;
  scenario::Scenario base;
  if (scenarioPath.isEmpty()) {
    base.set_name(topology.name().empty() ? std::string("topology") : topology.name());
    *base.mutable_topology() = topology;
    return base;
  }
  QFile f(scenarioPath);
  if (!f.open(QIODevice::ReadOnly))
    return R::failure(scenarioPath.toStdString() + ": cannot open file");
  const std::string json = f.readAll().toStdString();
  if (!google::protobuf::util::JsonStringToMessage(json, &base).ok())
    return R::failure(scenarioPath.toStdString() + ": not a valid scenario");
  // The loaded scenario resolves topology_file exactly as the run did.
  auto loaded = sim::loadScenario(scenarioPath.toStdString());
  if (!loaded) return R::failure(loaded.error());
  base.clear_topology_file();
  if (loaded->topology()) *base.mutable_topology() = *loaded->topology();
  return base;
}

scenario::Scenario recordedScenario(scenario::Scenario base,
                                    const std::vector<RecordedAction>& actions, qint64 endNs) {
  for (const RecordedAction& a : actions) {
    scenario::Process* p = base.add_processes();
    p->set_name(a.process.toStdString());
    p->set_start_at_ms(exactMs(a.timeNs));
    p->mutable_inter_arrival_ms()->set_kind("constant");
    scenario::Raise* r = p->add_raise();
    r->set_count(1);
    scenario::Operation* op = r->mutable_operation();
    op->set_op(a.op.toStdString());
    op->set_one_way(a.oneWay);
    if (a.link) *op->mutable_link() = *a.link;
    for (const QString& param : a.params) {
      scenario::Distribution* d = op->add_params();
      d->set_kind("constant");
      d->set_text(param.toStdString());
    }
  }
  // A scenario that ends by itself keeps its end; the replay also stops
  // where the run was when it was saved.
  const double end = exactMs(endNs);
  if (!base.has_terminate_at_ms() || base.terminate_at_ms() > end) base.set_terminate_at_ms(end);
  if (!actions.empty()) {
    std::string text = base.description();
    if (!text.empty()) text += " ";
    text += "Recorded in CATS Lab: " + std::to_string(actions.size()) +
            " action(s) taken during the run.";
    base.set_description(text);
  }
  return base;
}

Status saveScenarioFile(const scenario::Scenario& scenario, const QString& path) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  if (!google::protobuf::util::MessageToJsonString(scenario, &json, options).ok())
    return Status::failure("cannot write the scenario as JSON");
  QSaveFile out(path);
  if (!out.open(QIODevice::WriteOnly) || out.write(QByteArray::fromStdString(json)) < 0 ||
      !out.commit())
    return Status::failure(path.toStdString() +
                           ": cannot write: " + out.errorString().toStdString());
  return Status::ok();
}

}  // namespace catslab::ui
