#include "ui/workload/workload_controller.h"

#include <QAbstractItemModel>
#include <QDockWidget>
#include <QMainWindow>

#include "topology_editor/topology_document.h"
#include "ui/process_backend.h"
#include "ui/run_controller.h"
#include "ui/simulation_backend.h"
#include "ui/workload/workload_model.h"
#include "ui/workload/workload_panel.h"

namespace catslab::ui::workload {

WorkloadController::WorkloadController(QMainWindow* window, TopologyDocument* doc, RunStore* store,
                                       RunController* run)
    : QObject(window), doc_(doc), run_(run) {
  model_ = new WorkloadModel(store, this);
  panel_ = new WorkloadPanel(model_, store);
  dock_ = new QDockWidget(tr("Workload"), window);
  dock_->setObjectName(QStringLiteral("workloadDock"));
  dock_->setWidget(panel_);
  window->addDockWidget(Qt::BottomDockWidgetArea, dock_);
  if (auto* charts = window->findChild<QDockWidget*>(QStringLiteral("chartsDock")))
    window->tabifyDockWidget(charts, dock_);
  // The consoles stay in front until the user (or --view workload) asks for the dock.
  if (auto* consoles = window->findChild<QDockWidget*>(QStringLiteral("consolesDock")))
    consoles->raise();

  connect(panel_, &WorkloadPanel::startRequested, this,
          [this](const QString& node, const WorkloadSpec& spec) {
            if (auto e = start(node, spec)) panel_->showMessage(*e, true);
          });
  connect(panel_, &WorkloadPanel::stopRequested, this, &WorkloadController::stop);
  for (Backend* b :
       {static_cast<Backend*>(run_->simulation()), static_cast<Backend*>(run_->processes())})
    connect(b, &Backend::streamsChanged, this, &WorkloadController::updateStreams);
  QAbstractItemModel* nodes = doc_->model();
  connect(doc_, &TopologyDocument::documentReset, this, &WorkloadController::updateNodes);
  connect(nodes, &QAbstractItemModel::rowsInserted, this, &WorkloadController::updateNodes);
  connect(nodes, &QAbstractItemModel::rowsRemoved, this, &WorkloadController::updateNodes);
  connect(nodes, &QAbstractItemModel::dataChanged, this, &WorkloadController::updateNodes);
  updateNodes();
}

std::optional<QString> WorkloadController::start(const QString& node, const WorkloadSpec& spec) {
  Backend* backend = run_->activeBackend();
  if (!backend) return tr("Nothing is running: press Simulate or Launch locally first.");
  const QStringList targets = node.isEmpty() ? doc_->model()->nodeIds() : QStringList{node};
  if (targets.isEmpty()) return tr("The topology has no nodes.");
  panel_->setSpec(spec);  // the form shows what runs (also when started from the command line)
  // The table's column is narrow: rate and key distribution; the form has the rest.
  const QString brief = QStringLiteral("%1/s %2")
                            .arg(spec.ratePerSecond)
                            .arg(spec.keys == KeyDistribution::Zipf ? tr("zipf") : tr("uniform"));
  for (const QString& n : targets) {
    described_.insert(n, brief);
    if (auto e = backend->startStream(n, spec)) {
      described_.remove(n);
      return tr("%1: %2").arg(n, *e);
    }
  }
  return std::nullopt;
}

void WorkloadController::stop(const QString& node) {
  for (Backend* b :
       {static_cast<Backend*>(run_->simulation()), static_cast<Backend*>(run_->processes())}) {
    for (const QString& n : b->streamingNodes())
      if (node.isEmpty() || n == node) b->stopStream(n);
  }
}

void WorkloadController::show() {
  dock_->show();
  dock_->raise();
}

void WorkloadController::updateStreams() {
  QStringList streaming = run_->simulation()->streamingNodes();
  streaming += run_->processes()->streamingNodes();
  QMap<QString, QString> running;
  for (const QString& n : streaming) running.insert(n, described_.value(n));
  model_->setStreams(running);
  panel_->setStreaming(streaming);
}

void WorkloadController::updateNodes() { panel_->setNodes(doc_->model()->nodeIds()); }

}  // namespace catslab::ui::workload
