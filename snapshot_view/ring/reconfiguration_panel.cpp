#include "snapshot_view/ring/reconfiguration_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSignalBlocker>
#include <QTableView>
#include <QVBoxLayout>

#include "snapshot_view/ring/ring_models.h"
#include "snapshot_view/run_store.h"

namespace catslab::ui::ring {

ReconfigurationPanel::ReconfigurationPanel(QWidget* parent)
    : QWidget(parent), model_(new ViewHistoryModel(this)) {
  slice_ = new QComboBox;
  slice_->setToolTip(tr("The replication group (slice) to show; or click its segment on the ring"));
  progress_ = new QLabel;
  progress_->setWordWrap(true);
  progress_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  table_ = new QTableView;
  table_->setModel(model_);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Group:")));
  top->addWidget(slice_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(progress_);
  layout->addWidget(table_, 1);
  connect(slice_, &QComboBox::activated, this,
          [this](int i) { emit sliceChosen(slice_->itemData(i).toInt()); });
}

QString ReconfigurationPanel::progressText() const { return progress_->text(); }

void ReconfigurationPanel::show(const CatsHistory& history, int slices, int slice, int upTo) {
  {
    const QSignalBlocker block(slice_);
    if (slice_->count() != slices) {
      slice_->clear();
      for (int s = 0; s < slices; ++s) slice_->addItem(tr("group %1").arg(s), s);
    }
    slice_->setCurrentIndex(slice_->findData(slice));
  }
  std::vector<ViewStep> views = history.views(slice, upTo);
  QStringList lines;
  if (slices == 0) {
    lines << tr("No CATS groups at this moment: reconfiguration is shown for CATS runs.");
  } else if (views.empty()) {
    lines << tr("Group %1 has no view change in the trace up to this moment.").arg(slice);
  } else {
    const ViewStep& last = views.back();
    lines << tr("Group %1: %2 views so far, current <b>v%3</b> [%4].")
                 .arg(slice)
                 .arg(views.size())
                 .arg(last.vid)
                 .arg(last.members.join(QLatin1Char(' ')));
  }
  if (auto round = history.roundInProgress(slice, upTo)) {
    lines << tr("<span style='color:#8e44ad'><b>Paxos round under way</b>: %1 proposes v%2 [%3], "
                "ballot %4, phase <b>%5</b> (%6) since %7.</span>")
                 .arg(round->proposer)
                 .arg(round->vid)
                 .arg(round->proposal.join(QLatin1Char(' ')), round->ballot, round->phase,
                      round->phase == QStringLiteral("prepare")
                          ? tr("waiting for promises of a majority of the current view")
                          : tr("a majority promised; waiting for a majority to accept"),
                      formatTimeNs(round->sinceNs));
  }
  for (const Handoff& h : history.handoffs(slice, upTo)) {
    if (h.done()) continue;
    lines << tr("<span style='color:#e67e22'><b>Handoff</b>: %1 joining v%2 — %3</span>")
                 .arg(h.joiner)
                 .arg(h.vid)
                 .arg(h.needed == 0 ? tr("asked the previous members, no answer yet")
                                    : tr("%1 of %2 sources answered (%3), %4 keys received")
                                          .arg(h.received)
                                          .arg(h.needed)
                                          .arg(h.from.join(QLatin1Char(' ')))
                                          .arg(h.keys));
  }
  progress_->setText(lines.join(QStringLiteral("<br>")));
  model_->setViews(std::move(views));
  table_->resizeColumnsToContents();
  if (model_->rowCount() > 0) table_->scrollToBottom();
}

}  // namespace catslab::ui::ring
