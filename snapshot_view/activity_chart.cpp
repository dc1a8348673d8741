#include "snapshot_view/activity_chart.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include "snapshot_view/run_store.h"

namespace catslab::ui {

namespace tr = ::catslab::trace;

ActivityChart::ActivityChart(RunStore* store, QWidget* parent) : QWidget(parent), store_(store) {
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  chart_ = new QChart;
  chart_->setTitle(tr("Messages per second"));
  chart_->legend()->setAlignment(Qt::AlignRight);
  chart_->setMargins(QMargins(4, 4, 4, 4));
  x_ = new QValueAxis;
  x_->setTitleText(tr("time (s)"));
  x_->setLabelFormat(QStringLiteral("%.0f"));
  y_ = new QValueAxis;
  y_->setLabelFormat(QStringLiteral("%.0f"));
  chart_->addAxis(x_, Qt::AlignBottom);
  chart_->addAxis(y_, Qt::AlignLeft);
  view_ = new QChartView(chart_, this);  // takes ownership of the chart
  view_->setRenderHint(QPainter::Antialiasing);
  view_->setMinimumHeight(160);
  v->addWidget(view_);
  throttle_ = new QTimer(this);
  throttle_->setSingleShot(true);
  throttle_->setInterval(250);
  connect(throttle_, &QTimer::timeout, this, &ActivityChart::rebuild);
  connect(store_, &RunStore::recordsAppended, this, &ActivityChart::scheduleRebuild);
  connect(store_, &RunStore::cleared, this, [this] {
    sent_.clear();
    drops_.clear();
    folded_ = 0;
    rebuild();
  });
  connect(store_, &RunStore::currentChanged, this, &ActivityChart::moveCursorLine);
  rebuild();
}

QVector<int> ActivityChart::sentPerSecond(const QString& node) const { return sent_.value(node); }

void ActivityChart::scheduleRebuild() {
  if (!throttle_->isActive()) throttle_->start();
}

void ActivityChart::rebuild() {
  auto bump = [](QVector<int>& v, int bucket) {
    if (v.size() <= bucket) v.resize(bucket + 1);
    ++v[bucket];
  };
  for (; folded_ < store_->recordCount(); ++folded_) {
    const tr::Record& r = store_->record(folded_);
    if (!r.has_message()) continue;
    const int bucket = static_cast<int>(r.time_ns() / 1'000'000'000);
    if (r.message().kind() == tr::MESSAGE_SENT) {
      bump(sent_[QString::fromStdString(r.message().from())], bucket);
      bump(sent_[QString()], bucket);
    } else if (r.message().kind() == tr::MESSAGE_DROPPED) {
      bump(drops_, bucket);
    }
  }
  chart_->removeAllSeries();
  cursor_ = nullptr;
  const int seconds = static_cast<int>(store_->endTimeNs() / 1'000'000'000) + 1;
  int top = 1;
  auto addSeries = [&](const QString& name, const QVector<int>& counts, const QColor& colour,
                       qreal width) {
    auto* s = new QLineSeries;
    s->setName(name);
    for (int i = 0; i < seconds; ++i) {
      const int c = i < counts.size() ? counts[i] : 0;
      // Each bucket is drawn at its middle: counts over [i, i+1) s.
      s->append(i + 0.5, c);
      top = std::max(top, c);
    }
    chart_->addSeries(s);
    s->attachAxis(x_);
    s->attachAxis(y_);
    QPen pen(colour);
    pen.setWidthF(width);
    s->setPen(pen);
  };
  static const QColor palette[] = {QColor(0x1e, 0x88, 0xe5), QColor(0x43, 0xa0, 0x47),
                                   QColor(0x8e, 0x24, 0xaa), QColor(0xfb, 0x8c, 0x00),
                                   QColor(0x00, 0x89, 0x7b), QColor(0x6d, 0x4c, 0x41)};
  int k = 0;
  for (auto it = sent_.cbegin(); it != sent_.cend(); ++it) {
    if (it.key().isEmpty()) continue;
    addSeries(it.key(), it.value(), palette[k++ % 6], 1.5);
  }
  addSeries(tr("total"), sent_.value(QString()), QColor(0x37, 0x47, 0x4f), 2.5);
  addSeries(tr("drops"), drops_, QColor(0xe5, 0x39, 0x35), 2);
  x_->setRange(0, std::max(1, seconds));
  y_->setRange(0, top * 1.15);
  moveCursorLine();
}

void ActivityChart::moveCursorLine() {
  if (cursor_) {
    chart_->removeSeries(cursor_);
    delete cursor_;
    cursor_ = nullptr;
  }
  if (store_->recordCount() == 0) return;
  cursor_ = new QLineSeries;
  const double t = store_->currentTimeNs() / 1e9;
  cursor_->append(t, 0);
  cursor_->append(t, y_->max());
  cursor_->setName(tr("now"));
  chart_->addSeries(cursor_);
  cursor_->attachAxis(x_);
  cursor_->attachAxis(y_);
  QPen pen(QColor(0x90, 0x90, 0x90));
  pen.setStyle(Qt::DashLine);
  cursor_->setPen(pen);
}

}  // namespace catslab::ui
