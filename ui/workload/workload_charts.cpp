#include "ui/workload/workload_charts.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>

#include "snapshot_view/run_store.h"
#include "ui/workload/workload_model.h"

namespace catslab::ui::workload {

namespace {
const QColor kPalette[] = {QColor(0x1e, 0x88, 0xe5), QColor(0x43, 0xa0, 0x47),
                           QColor(0x8e, 0x24, 0xaa), QColor(0xfb, 0x8c, 0x00),
                           QColor(0x00, 0x89, 0x7b), QColor(0x6d, 0x4c, 0x41),
                           QColor(0x37, 0x47, 0x4f), QColor(0xd8, 0x1b, 0x60)};
const QColor kDown(0xe5, 0x39, 0x35, 46);
const QColor kPartition(0x7e, 0x57, 0xc2, 46);

void attach(QChart* chart, QAbstractSeries* s, QValueAxis* x, QValueAxis* y) {
  chart->addSeries(s);
  s->attachAxis(x);
  s->attachAxis(y);
}
}  // namespace

WorkloadCharts::WorkloadCharts(WorkloadModel* model, RunStore* store, QWidget* parent)
    : QWidget(parent), model_(model), store_(store) {
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  ops_ = makePlot(tr("Operations per second"), tr("ok ops/s"));
  latency_ = makePlot(tr("Latency p50 (solid) and p99 (dashed)"), tr("ms"));
  for (QChart* c : {ops_.chart, latency_.chart}) {
    auto* view = new QChartView(c, this);  // takes the chart
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(320, 200);
    row->addWidget(view);
  }
  connect(model_, &WorkloadModel::refreshed, this, &WorkloadCharts::rebuild);
  connect(store_, &RunStore::currentChanged, this, [this] {
    moveCursor(ops_);
    moveCursor(latency_);
  });
  rebuild();
}

WorkloadCharts::Plot WorkloadCharts::makePlot(const QString& title, const QString& yTitle) {
  Plot p{new QChart, new QValueAxis, new QValueAxis};
  p.chart->setTitle(title);
  p.chart->legend()->setAlignment(Qt::AlignRight);
  p.chart->setMargins(QMargins(4, 4, 4, 4));
  p.x->setTitleText(tr("time (s)"));
  p.x->setLabelFormat(QStringLiteral("%.0f"));
  p.y->setTitleText(yTitle);
  p.y->setLabelFormat(QStringLiteral("%.0f"));
  p.chart->addAxis(p.x, Qt::AlignBottom);
  p.chart->addAxis(p.y, Qt::AlignLeft);
  return p;
}

void WorkloadCharts::setNodeFilter(const QString& filter) {
  filter_ = filter;
  rebuild();
}

QStringList WorkloadCharts::seriesNames() const {
  QStringList names;
  for (QChart* c : {ops_.chart, latency_.chart})
    for (QAbstractSeries* s : c->series())
      if (!s->name().isEmpty()) names << s->name();
  return names;
}

void WorkloadCharts::rebuild() {
  for (Plot* p : {&ops_, &latency_}) {
    p->chart->removeAllSeries();
    p->cursor = nullptr;
  }
  const LatencyWindows& windows = model_->windows();
  const double windowS = static_cast<double>(windows.windowNs()) / 1e9;
  QStringList shown;  // "" stands for all nodes together
  if (filter_.isEmpty()) {
    shown = model_->nodes();
  } else {
    shown = {filter_ == QStringLiteral("*") ? QString() : filter_};
  }
  struct Lines {
    QString name;
    QColor colour;
    QList<QPointF> ops, p50, p99;
  };
  std::vector<Lines> lines;
  QList<QPointF> failures;
  double opsTop = 1, msTop = 1;
  int k = 0;
  for (const QString& node : shown) {
    Lines l{node.isEmpty() ? tr("all nodes") : node, kPalette[k++ % 8], {}, {}, {}};
    for (const Window& w : windows.windows(node.toStdString())) {
      const double mid = static_cast<double>(w.startNs) / 1e9 + windowS / 2;
      l.ops << QPointF(mid, w.opsPerSecond);
      opsTop = std::max(opsTop, w.opsPerSecond);
      if (w.failed > 0) {
        failures << QPointF(mid, w.failed / windowS);
        opsTop = std::max(opsTop, w.failed / windowS);
      }
      if (w.ok == 0) continue;
      l.p50 << QPointF(mid, static_cast<double>(w.p50Ns) / 1e6);
      l.p99 << QPointF(mid, static_cast<double>(w.p99Ns) / 1e6);
      msTop = std::max(msTop, static_cast<double>(w.p99Ns) / 1e6);
    }
    lines.push_back(std::move(l));
  }
  const double xMax = std::max(1.0, static_cast<double>(model_->endNs()) / 1e9);
  ops_.x->setRange(0, xMax);
  ops_.y->setRange(0, opsTop * 1.1);
  ops_.y->applyNiceNumbers();
  latency_.x->setRange(0, xMax);
  latency_.y->setRange(0, msTop * 1.1);
  latency_.y->applyNiceNumbers();
  shaded_ = 0;
  shadeFaults(ops_, xMax);
  shadeFaults(latency_, xMax);
  for (const Lines& l : lines) {
    auto* ops = new QLineSeries;
    ops->setName(l.name);
    ops->append(l.ops);
    ops->setPen(QPen(l.colour, 2));
    attach(ops_.chart, ops, ops_.x, ops_.y);
    auto* p50 = new QLineSeries;
    p50->setName(l.name + tr(" p50"));
    p50->append(l.p50);
    p50->setPen(QPen(l.colour, 2));
    attach(latency_.chart, p50, latency_.x, latency_.y);
    auto* p99 = new QLineSeries;
    p99->setName(l.name + tr(" p99"));
    p99->append(l.p99);
    p99->setPen(QPen(l.colour, 1.5, Qt::DashLine));
    attach(latency_.chart, p99, latency_.x, latency_.y);
    // One legend entry per node is enough: the title says which line is which.
    latency_.chart->legend()->markers(p99).first()->setVisible(false);
  }
  failureMarks_ = static_cast<int>(failures.size());
  if (!failures.isEmpty()) {
    auto* failed = new QScatterSeries;
    failed->setName(tr("failed/s"));
    failed->setMarkerSize(9);
    failed->setColor(QColor(0xd3, 0x2f, 0x2f));
    failed->setBorderColor(Qt::white);
    failed->append(failures);
    attach(ops_.chart, failed, ops_.x, ops_.y);
  }
  moveCursor(ops_);
  moveCursor(latency_);
}

void WorkloadCharts::shadeFaults(Plot& plot, double xMax) {
  bool downNamed = false, partitionNamed = false;
  for (const FaultPeriod& f : model_->faults().periods()) {
    const double from = static_cast<double>(f.startNs) / 1e9;
    const double to = f.endNs < 0 ? xMax : static_cast<double>(f.endNs) / 1e9;
    auto* upper = new QLineSeries;
    upper->append(from, plot.y->max());
    upper->append(std::max(to, from + 0.02), plot.y->max());
    auto* lower = new QLineSeries;
    lower->append(from, 0);
    lower->append(std::max(to, from + 0.02), 0);
    auto* area = new QAreaSeries(upper, lower);
    upper->setParent(area);
    lower->setParent(area);
    const bool down = f.kind == FaultPeriod::Kind::NodeDown;
    area->setColor(down ? kDown : kPartition);
    area->setBorderColor(Qt::transparent);
    bool& named = down ? downNamed : partitionNamed;
    area->setName(down ? tr("node down") : tr("partition"));
    attach(plot.chart, area, plot.x, plot.y);
    // One legend entry per kind of fault.
    if (named) plot.chart->legend()->markers(area).first()->setVisible(false);
    named = true;
    if (&plot == &ops_) ++shaded_;
  }
}

void WorkloadCharts::moveCursor(Plot& plot) {
  if (plot.cursor) {
    plot.chart->removeSeries(plot.cursor);
    delete plot.cursor;
    plot.cursor = nullptr;
  }
  if (store_->recordCount() == 0 || store_->follow()) return;  // live: the right edge
  plot.cursor = new QLineSeries;
  const double t = static_cast<double>(store_->currentTimeNs()) / 1e9;
  plot.cursor->append(t, 0);
  plot.cursor->append(t, plot.y->max());
  QPen pen(QColor(0x90, 0x90, 0x90));
  pen.setStyle(Qt::DashLine);
  plot.cursor->setPen(pen);
  attach(plot.chart, plot.cursor, plot.x, plot.y);
  plot.chart->legend()->markers(plot.cursor).first()->setVisible(false);
}

}  // namespace catslab::ui::workload
