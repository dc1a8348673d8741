// catslab: the CATS Lab desktop app (docs/gui.md).
//
//   catslab [--topology FILE] [--scenario FILE] [--seed S] [--simulate | --launch] [--until T]
//           [--trace FILE] [--select NODE] [--at T] [--screenshot OUT.png]
//           [--view topology|spacetime|ring|reconfiguration|key|quorum|operations|workload|
//                   examples [--example ID]]
//           [--group S] [--key K] [--op N [--phase P]] [--workload SPEC]
//   catslab --diff LEFT.trace RIGHT.trace [--ignore-time] [--screenshot OUT.png]
//
// Without --topology it opens the bundled ping3 example. --simulate runs the
// topology (or the scenario) in the simulator; --until T (seconds of virtual
// time) runs there and pauses. --launch runs it as local catslab-node
// processes instead ("Launch locally"; --until T: seconds of real time since
// the launch, default 3). --screenshot renders the window offscreen
// when everything above is done, writes OUT.png and exits (docs and tests).
// --trace opens a recorded run; --view brings a centre view to the front
// (reconfiguration and key: the ring tab with that panel); --group picks the
// CATS group the reconfiguration panel shows, --key the key to inspect (or,
// with --view operations, the only key whose operations are shown); --op N
// selects the run's N-th client operation (in invocation order, as the
// Operations tab numbers them): the timeline moves to its answer and the
// ring draws its quorum in its last phase, or in phase P with --phase (--view
// ring or quorum: with the quorum panel);
// --at T selects the event at T seconds (the timeline moves there and the
// space-time diagram colours its causal past and future; the operations view
// selects the operation there, and without --at shows the first
// linearizability violation, if any). --diff opens the run diff of two trace
// files at their first divergence. --workload SPEC starts request streams
// as the run starts ("node=n1,rate=20,reads=0.9,keys=100,value=16,
// dist=zipf,s=0.99", every field optional, all nodes without node=);
// --view workload brings the Workload dock to the front (shot on its own);
// --view examples opens File → Examples (shot on its own), with --example ID
// ("cats/partition") selecting that example.
// Exit codes: 0 fine, 2 bad arguments or an input file that cannot be used.
#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QTimer>
#include <cstdio>
#include <functional>
#include <optional>

#include "snapshot_view/operations/operations_view.h"
#include "snapshot_view/ring/ring_view.h"
#include "snapshot_view/run_diff_view.h"
#include "snapshot_view/run_store.h"
#include "ui/examples_dialog.h"
#include "ui/main_window.h"
#include "ui/process_backend.h"
#include "ui/simulation_backend.h"
#include "ui/workload/workload_controller.h"
#include "ui/workload/workload_model.h"

namespace {
int fail(const QString& message) {
  std::fprintf(stderr, "catslab: %s\n", qPrintable(message));
  return 2;
}
// Once `ready` says so, lets the views settle for a moment, saves `widget`
// as a PNG and exits (2 if the file cannot be written).
void grabAndExit(QWidget* widget, const QString& out, std::function<bool()> ready) {
  auto* poll = new QTimer(qApp);
  QObject::connect(poll, &QTimer::timeout, qApp, [poll, widget, out, ready] {
    if (!ready()) return;
    poll->stop();
    QTimer::singleShot(600, qApp, [widget, out] {
      if (!widget->grab().save(out)) {
        std::fprintf(stderr, "catslab: cannot write %s\n", qPrintable(out));
        QApplication::exit(2);
        return;
      }
      std::printf("wrote %s\n", qPrintable(out));
      QApplication::exit(0);
    });
  });
  poll->start(50);
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("CATS Lab"));
  QApplication::setOrganizationName(QStringLiteral("CATS Lab"));
  QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
  QApplication::setDesktopFileName(QStringLiteral("org.catslab.CatsLab"));

  QCommandLineParser cli;
  cli.setApplicationDescription(
      QStringLiteral("CATS Lab: draw, run and replay distributed systems."));
  cli.addHelpOption();
  cli.addVersionOption();
  const QCommandLineOption topology(
      QStringLiteral("topology"), QStringLiteral("Topology file to open."), QStringLiteral("FILE"));
  const QCommandLineOption scenario(QStringLiteral("scenario"),
                                    QStringLiteral("Scenario file to simulate."),
                                    QStringLiteral("FILE"));
  const QCommandLineOption seed(QStringLiteral("seed"),
                                QStringLiteral("Simulation seed (default 1)."), QStringLiteral("S"),
                                QStringLiteral("1"));
  const QCommandLineOption simulate(QStringLiteral("simulate"),
                                    QStringLiteral("Start the simulation at once."));
  const QCommandLineOption launch(
      QStringLiteral("launch"),
      QStringLiteral("Launch the topology as local catslab-node processes at once."));
  const QCommandLineOption until(
      QStringLiteral("until"),
      QStringLiteral("Run the simulation to T seconds of virtual time, then pause (with "
                     "--launch: T seconds of real time since the launch)."),
      QStringLiteral("T"));
  const QCommandLineOption select(QStringLiteral("select"), QStringLiteral("Select this node."),
                                  QStringLiteral("NODE"));
  const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                      QStringLiteral("Save the window as PNG and exit."),
                                      QStringLiteral("OUT.png"));
  const QCommandLineOption trace(QStringLiteral("trace"),
                                 QStringLiteral("Trace file of a recorded run to browse."),
                                 QStringLiteral("FILE"));
  const QCommandLineOption view(
      QStringLiteral("view"),
      QStringLiteral(
          "Centre view to show: topology, spacetime, ring, reconfiguration, key, quorum or "
          "operations; workload (the Workload dock) or examples (File → Examples)."),
      QStringLiteral("NAME"));
  const QCommandLineOption group(
      QStringLiteral("group"),
      QStringLiteral("CATS group (slice) the ring's reconfiguration panel shows."),
      QStringLiteral("S"));
  const QCommandLineOption key(
      QStringLiteral("key"),
      QStringLiteral(
          "Key to show in the ring's key inspector, or the only key the operations view shows."),
      QStringLiteral("K"));
  const QCommandLineOption op(
      QStringLiteral("op"),
      QStringLiteral("Select the run's N-th client operation (1 = the first invoked): the ring "
                     "draws its quorum, the operations view shows its phases."),
      QStringLiteral("N"));
  const QCommandLineOption phase(
      QStringLiteral("phase"),
      QStringLiteral(
          "With --op: the quorum phase the ring draws (1 = the first; default: the last)."),
      QStringLiteral("P"));
  const QCommandLineOption example(
      QStringLiteral("example"),
      QStringLiteral("With --view examples: the example to select, e.g. cats/partition."),
      QStringLiteral("ID"));
  const QCommandLineOption at(
      QStringLiteral("at"),
      QStringLiteral("Select the event at T seconds (moves the timeline there)."),
      QStringLiteral("T"));
  const QCommandLineOption diff(
      QStringLiteral("diff"),
      QStringLiteral("Compare two trace files (given as arguments) at their first divergence."));
  const QCommandLineOption ignoreTime(QStringLiteral("ignore-time"),
                                      QStringLiteral("With --diff: compare only what happened."));
  const QCommandLineOption workload(
      QStringLiteral("workload"),
      QStringLiteral("Start request streams with the run: node=N (default: all nodes), rate=R, "
                     "reads=F, dels=F, keys=K, value=BYTES, dist=uniform|zipf, s=EXPONENT."),
      QStringLiteral("SPEC"));
  cli.addOptions({topology, scenario, seed, simulate, launch, until, trace, select, view, group,
                  key, op, phase, at, diff, ignoreTime, workload, example, screenshot});
  cli.addPositionalArgument(QStringLiteral("traces"),
                            QStringLiteral("With --diff: LEFT.trace RIGHT.trace"));
  cli.process(app);

  bool ok = true;
  const quint64 seedValue = cli.value(seed).toULongLong(&ok);
  if (!ok)
    return fail(
        QStringLiteral("--seed needs a non-negative integer, got '%1'").arg(cli.value(seed)));
  double untilSeconds = -1;
  if (cli.isSet(until)) {
    untilSeconds = cli.value(until).toDouble(&ok);
    if (!ok || untilSeconds < 0)
      return fail(QStringLiteral("--until needs seconds >= 0, got '%1'").arg(cli.value(until)));
  }

  double atSeconds = -1;
  if (cli.isSet(at)) {
    atSeconds = cli.value(at).toDouble(&ok);
    if (!ok || atSeconds < 0)
      return fail(QStringLiteral("--at needs seconds >= 0, got '%1'").arg(cli.value(at)));
  }

  int opNumber = 0;
  if (cli.isSet(op)) {
    opNumber = cli.value(op).toInt(&ok);
    if (!ok || opNumber < 1)
      return fail(
          QStringLiteral("--op needs an operation number >= 1, got '%1'").arg(cli.value(op)));
  }

  int phaseNumber = 0;
  if (cli.isSet(phase)) {
    phaseNumber = cli.value(phase).toInt(&ok);
    if (!ok || phaseNumber < 1 || opNumber == 0)
      return fail(QStringLiteral("--phase needs --op and a phase number >= 1, got '%1'")
                      .arg(cli.value(phase)));
  }

  if (cli.isSet(diff)) {
    const QStringList files = cli.positionalArguments();
    if (files.size() != 2)
      return fail(QStringLiteral("--diff needs two trace files, got %1").arg(files.size()));
    auto* diffView = new catslab::ui::RunDiffView;
    diffView->setAttribute(Qt::WA_DeleteOnClose);
    diffView->setIgnoreTime(cli.isSet(ignoreTime));
    if (auto e = diffView->load(files[0], files[1])) return fail(*e);
    diffView->show();
    if (cli.isSet(screenshot)) grabAndExit(diffView, cli.value(screenshot), [] { return true; });
    return QApplication::exec();
  }
  if (!cli.positionalArguments().isEmpty())
    return fail(QStringLiteral("unexpected argument '%1' (trace files go with --trace or --diff)")
                    .arg(cli.positionalArguments().first()));

  catslab::ui::MainWindow window;
  if (cli.isSet(topology)) {
    if (auto e = window.openTopology(cli.value(topology))) return fail(*e);
  } else if (!cli.isSet(scenario)) {
    window.openBundledExample();
  }
  if (cli.isSet(trace)) {
    if (auto e = window.openTrace(cli.value(trace))) return fail(*e);
  }
  if (cli.isSet(select)) window.selectNode(cli.value(select));
  if (cli.isSet(example) && cli.value(view) != QStringLiteral("examples"))
    return fail(QStringLiteral("--example goes with --view examples"));
  if (cli.isSet(view)) {
    if (auto e = window.showView(cli.value(view))) return fail(*e);
  }
  auto* examples = window.findChild<catslab::ui::ExamplesDialog*>();
  if (examples && cli.isSet(example) && !examples->selectExample(cli.value(example)))
    return fail(QStringLiteral("--example: no example '%1' in %2")
                    .arg(cli.value(example), catslab::ui::examplesDir()));
  if (cli.isSet(group)) {
    const int slice = cli.value(group).toInt(&ok);
    if (!ok || slice < 0)
      return fail(
          QStringLiteral("--group needs a group number >= 0, got '%1'").arg(cli.value(group)));
    window.ringView()->selectSlice(slice);
  }
  if (cli.isSet(key)) {
    if (cli.value(key).trimmed().isEmpty()) return fail(QStringLiteral("--key needs a key"));
    window.ringView()->inspectKey(cli.value(key).trimmed());
  }
  window.show();

  // node=N picks the node; the rest is the stream's spec.
  QString streamNode;
  std::optional<catslab::ui::workload::WorkloadSpec> streamSpec;
  if (cli.isSet(workload)) {
    QStringList items = cli.value(workload).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (qsizetype i = items.size() - 1; i >= 0; --i) {
      if (!items[i].trimmed().startsWith(QStringLiteral("node="))) continue;
      streamNode = items.takeAt(i).trimmed().mid(5);
    }
    auto parsed =
        catslab::ui::workload::WorkloadSpec::parse(items.join(QLatin1Char(',')).toStdString());
    if (!parsed)
      return fail(QStringLiteral("--workload: %1").arg(QString::fromStdString(parsed.error())));
    streamSpec = *parsed;
  }

  auto* sim = window.simulation();
  const bool launched = cli.isSet(launch);
  if (launched && (cli.isSet(simulate) || cli.isSet(scenario) || cli.isSet(trace)))
    return fail(
        QStringLiteral("--launch runs the topology: not with --simulate, --scenario "
                       "or --trace"));
  const bool run = !launched && (cli.isSet(simulate) || cli.isSet(scenario) || cli.isSet(until));
  if (streamSpec && !run && !launched)
    return fail(QStringLiteral("--workload needs a run (--simulate, --until, --launch)"));
  if (launched) {
    if (auto e = window.launchLocally()) return fail(*e);
    if (streamSpec) {
      if (auto e = window.workload()->start(streamNode, *streamSpec))
        return fail(QStringLiteral("--workload: %1").arg(*e));
    }
  }
  if (run) {
    if (auto e = window.simulate(cli.value(scenario), seedValue)) return fail(*e);
    if (streamSpec) {
      if (auto e = window.workload()->start(streamNode, *streamSpec))
        return fail(QStringLiteral("--workload: %1").arg(*e));
    }
    if (untilSeconds >= 0) {
      sim->pause();
      sim->runUntil(static_cast<qint64>(untilSeconds * 1e9));
    }
  }

  auto* store = window.runStore();
  auto reached = [&, run, launched] {
    const bool done =
        launched ? window.processes()->elapsedNs() >= (untilSeconds < 0 ? 3.0 : untilSeconds) * 1e9
                 : !run || sim->isFinished() ||
                       (untilSeconds >= 0 && sim->virtualTimeNs() >= untilSeconds * 1e9 &&
                        !sim->isPlaying()) ||
                       (untilSeconds < 0 && sim->virtualTimeNs() >= 3e9);
    if (!done) return false;
    if (run) sim->pause();
    window.workload()->model()->refresh();
    auto* ops = window.operationsView();
    const bool showOps = cli.value(view) == QStringLiteral("operations");
    if (showOps) ops->checkNow();
    if (showOps && cli.isSet(key) && !ops->setKey(cli.value(key))) {
      std::fprintf(stderr, "catslab: --key %s: the run has no operation on that key\n",
                   qPrintable(cli.value(key)));
      QApplication::exit(2);
      return false;
    }
    if (opNumber > 0) {
      if (opNumber > ops->model().count()) {
        std::fprintf(stderr, "catslab: --op %d: the run has %d client operations\n", opNumber,
                     ops->model().count());
        QApplication::exit(2);
        return false;
      }
      ops->selectOperation(opNumber - 1);
      const int phases = static_cast<int>(ops->model().at(opNumber - 1).phases.size());
      if (phaseNumber > phases) {
        std::fprintf(stderr, "catslab: --phase %d: operation %d has %d recorded phase(s)\n",
                     phaseNumber, opNumber, phases);
        QApplication::exit(2);
        return false;
      }
      if (phaseNumber > 0) window.ringView()->selectPhase(phaseNumber - 1);
      if (cli.value(view) == QStringLiteral("ring"))
        window.ringView()->showPanel(QStringLiteral("quorum"));
    }
    if (atSeconds >= 0) {
      store->select(store->indexAtTime(static_cast<qint64>(atSeconds * 1e9)));
    } else if (showOps && opNumber == 0) {
      ops->jumpToViolation();  // a violation, if any, is what to look at first
    }
    return true;
  };
  if (cli.isSet(screenshot)) {
    // The ring views are shot on their own, at a size that shows them whole.
    const QString v = cli.value(view);
    QWidget* shot = &window;
    if (v == QStringLiteral("ring") || v == QStringLiteral("reconfiguration") ||
        v == QStringLiteral("key") || v == QStringLiteral("quorum")) {
      window.resize(1800, 1100);
      shot = window.ringView();
    } else if (examples) {
      shot = examples;
    } else if (v == QStringLiteral("operations")) {
      // Room for the selected operation's phase table under the diagram.
      window.resize(1400, 1060);
    } else if (v == QStringLiteral("workload")) {
      // The dock alone, tall enough for its charts.
      window.resize(1500, 1100);
      window.resizeDocks({window.workload()->dock()}, {600}, Qt::Vertical);
      shot = window.workload()->dock();
    }
    grabAndExit(shot, cli.value(screenshot), reached);
  } else if (atSeconds >= 0 || opNumber > 0) {
    // Without a screenshot, select the event once the run got there.
    auto* poll = new QTimer(&app);
    QObject::connect(poll, &QTimer::timeout, &app, [poll, reached] {
      if (reached()) poll->stop();
    });
    poll->start(50);
  }
  return QApplication::exec();
}
