#include "ui/workload/workload_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <cmath>

#include "ui/workload/workload_charts.h"
#include "ui/workload/workload_model.h"

namespace catslab::ui::workload {

namespace {
QSpinBox* spin(int lo, int hi, const QString& suffix, const QString& tip) {
  auto* s = new QSpinBox;
  s->setRange(lo, hi);
  s->setSuffix(suffix);
  s->setToolTip(tip);
  return s;
}
}  // namespace

WorkloadPanel::WorkloadPanel(WorkloadModel* model, RunStore* store, QWidget* parent)
    : QWidget(parent) {
  node_ = new QComboBox;
  node_->setToolTip(tr("Stream to this node, or one stream to each node"));
  rate_ = spin(1, 1000, tr(" /s"), tr("Requests per second to each node (one every whole ms)"));
  reads_ = spin(0, 100, tr(" % get"), tr("Share of reads"));
  dels_ = spin(0, 100, tr(" % del"), tr("Share of deletes; puts take the rest"));
  keys_ = spin(1, 1'000'000, tr(" keys"), tr("Keys k0 … k(n-1)"));
  value_ = spin(1, 4096, tr(" B"), tr("Bytes of a put's value"));
  dist_ = new QComboBox;
  dist_->addItem(tr("uniform keys"));
  dist_->addItem(tr("Zipf keys"));
  dist_->setToolTip(tr("Zipf: key k(r) with weight 1/(r+1)^s, so k0 is the hottest"));
  skew_ = new QDoubleSpinBox;
  skew_->setRange(0.01, 10);
  skew_->setSingleStep(0.1);
  skew_->setPrefix(tr("s = "));
  skew_->setToolTip(tr("The Zipf exponent: the larger, the hotter the hot keys"));
  start_ = new QPushButton(tr("Start"));
  start_->setToolTip(tr("Start the stream (replaces the node's running one)"));
  stop_ = new QPushButton(tr("Stop"));
  stop_->setToolTip(tr("Stop the chosen node's stream, or every stream"));
  show_ = new QComboBox;
  show_->setToolTip(tr("Which nodes the charts draw"));
  message_ = new QLabel;
  message_->setWordWrap(true);
  message_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* form = new QGridLayout;
  form->setContentsMargins(4, 4, 4, 0);
  int c = 0;
  for (QWidget* w :
       std::initializer_list<QWidget*>{new QLabel(tr("Stream to")), node_, rate_, reads_, dels_,
                                       keys_, value_, dist_, skew_, start_, stop_})
    form->addWidget(w, 0, c++);
  form->addWidget(new QLabel(tr("Charts")), 1, 0);
  form->addWidget(show_, 1, 1);
  form->addWidget(message_, 1, 2, 1, c - 2);
  form->setColumnStretch(c, 1);

  table_ = new QTableView;
  table_->setModel(model);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  charts_ = new WorkloadCharts(model, store);
  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(table_);
  split->addWidget(charts_);
  split->setStretchFactor(1, 3);
  split->setSizes({540, 960});

  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  v->addLayout(form);
  v->addWidget(split, 1);

  setSpec({});
  setNodes({});
  setStreaming({});
  connect(dist_, &QComboBox::currentIndexChanged, this,
          [this](int i) { skew_->setEnabled(i == 1); });
  connect(start_, &QPushButton::clicked, this, [this] {
    const WorkloadSpec s = spec();
    if (auto valid = s.validate(); !valid)
      return showMessage(QString::fromStdString(valid.error()), true);
    emit startRequested(target(), s);
  });
  connect(stop_, &QPushButton::clicked, this, [this] { emit stopRequested(target()); });
  connect(show_, &QComboBox::currentIndexChanged, this,
          [this] { charts_->setNodeFilter(show_->currentData().toString()); });
  // Clicking a node's row shows only that node in the charts.
  connect(table_, &QTableView::clicked, this, [this](const QModelIndex& index) {
    const int i = show_->findText(index.siblingAtColumn(0).data().toString());
    show_->setCurrentIndex(i >= 0 ? i : 1);
  });
}

WorkloadSpec WorkloadPanel::spec() const {
  WorkloadSpec s;
  s.ratePerSecond = rate_->value();
  s.readFraction = reads_->value() / 100.0;
  s.deleteFraction = dels_->value() / 100.0;
  s.keyCount = keys_->value();
  s.valueSize = value_->value();
  s.keys = dist_->currentIndex() == 1 ? KeyDistribution::Zipf : KeyDistribution::Uniform;
  s.zipfExponent = skew_->value();
  return s;
}

void WorkloadPanel::setSpec(const WorkloadSpec& s) {
  rate_->setValue(static_cast<int>(std::lround(s.ratePerSecond)));
  reads_->setValue(static_cast<int>(std::lround(s.readFraction * 100)));
  dels_->setValue(static_cast<int>(std::lround(s.deleteFraction * 100)));
  keys_->setValue(s.keyCount);
  value_->setValue(s.valueSize);
  dist_->setCurrentIndex(s.keys == KeyDistribution::Zipf ? 1 : 0);
  skew_->setValue(s.zipfExponent);
  skew_->setEnabled(s.keys == KeyDistribution::Zipf);
}

QString WorkloadPanel::target() const { return node_->currentData().toString(); }

void WorkloadPanel::setNodes(const QStringList& nodes) {
  const QString was = target();
  const QString shown = show_->currentData().toString();
  node_->clear();
  node_->addItem(tr("all nodes"), QString());
  show_->blockSignals(true);
  show_->clear();
  show_->addItem(tr("every node"), QString());
  show_->addItem(tr("all nodes together"), QStringLiteral("*"));
  for (const QString& n : nodes) {
    node_->addItem(n, n);
    show_->addItem(n, n);
  }
  node_->setCurrentIndex(std::max(0, node_->findData(was)));
  show_->setCurrentIndex(std::max(0, show_->findData(shown)));
  show_->blockSignals(false);
}

void WorkloadPanel::setStreaming(const QStringList& nodes) {
  stop_->setEnabled(!nodes.isEmpty());
  if (nodes.isEmpty()) return showMessage(tr("No stream runs. Simulate or launch, then Start."));
  showMessage(tr("Streaming to %1").arg(nodes.join(QStringLiteral(", "))));
}

void WorkloadPanel::showMessage(const QString& text, bool error) {
  message_->setText(text);
  message_->setStyleSheet(error ? QStringLiteral("color: #c62828") : QString());
}

}  // namespace catslab::ui::workload
