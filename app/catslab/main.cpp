// catslab: the CATS Lab desktop app (docs/gui.md).
//
//   catslab [--topology FILE] [--scenario FILE] [--seed S] [--simulate] [--until T]
//           [--select NODE] [--screenshot OUT.png]
//
// Without --topology it opens the bundled ping3 example. --simulate runs the
// topology (or the scenario) in the simulator; --until T (seconds of virtual
// time) runs there and pauses. --screenshot renders the window offscreen
// when everything above is done, writes OUT.png and exits (docs and tests).
// Exit codes: 0 fine, 2 bad arguments or an input file that cannot be used.
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>

#include "snapshot_view/run_store.h"
#include "ui/main_window.h"
#include "ui/simulation_backend.h"

namespace {
int fail(const QString& message) {
  std::fprintf(stderr, "catslab: %s\n", qPrintable(message));
  return 2;
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
  const QCommandLineOption until(
      QStringLiteral("until"),
      QStringLiteral("Run the simulation to T seconds of virtual time, then pause."),
      QStringLiteral("T"));
  const QCommandLineOption select(QStringLiteral("select"), QStringLiteral("Select this node."),
                                  QStringLiteral("NODE"));
  const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                      QStringLiteral("Save the window as PNG and exit."),
                                      QStringLiteral("OUT.png"));
  cli.addOptions({topology, scenario, seed, simulate, until, select, screenshot});
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

  catslab::ui::MainWindow window;
  if (cli.isSet(topology)) {
    if (auto e = window.openTopology(cli.value(topology))) return fail(*e);
  } else if (!cli.isSet(scenario)) {
    window.openBundledExample();
  }
  if (cli.isSet(select)) window.selectNode(cli.value(select));
  window.show();

  auto* sim = window.simulation();
  const bool run = cli.isSet(simulate) || cli.isSet(scenario) || cli.isSet(until);
  if (run) {
    if (auto e = window.simulate(cli.value(scenario), seedValue)) return fail(*e);
    if (untilSeconds >= 0) {
      sim->pause();
      sim->runUntil(static_cast<qint64>(untilSeconds * 1e9));
    }
  }

  if (cli.isSet(screenshot)) {
    const QString out = cli.value(screenshot);
    // Wait until the run reached the asked time (or ended), then let the
    // views settle for a moment and grab the window.
    auto* poll = new QTimer(&app);
    QObject::connect(poll, &QTimer::timeout, &app, [&, poll, out] {
      const bool reached =
          !run || sim->isFinished() ||
          (untilSeconds >= 0 && sim->virtualTimeNs() >= untilSeconds * 1e9 && !sim->isPlaying()) ||
          (untilSeconds < 0 && sim->virtualTimeNs() >= 3e9);
      if (!reached) return;
      poll->stop();
      if (run) sim->pause();
      QTimer::singleShot(600, &app, [&window, out] {
        if (!window.grab().save(out)) {
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
  return QApplication::exec();
}
