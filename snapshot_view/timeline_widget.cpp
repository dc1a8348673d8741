#include "snapshot_view/timeline_widget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include "snapshot_view/run_store.h"

namespace catslab::ui {

TimelineWidget::TimelineWidget(RunStore* store, QWidget* parent) : QWidget(parent), store_(store) {
  auto* h = new QHBoxLayout(this);
  h->setContentsMargins(6, 2, 6, 2);
  auto* title = new QLabel(tr("<b>Time</b>"), this);
  back_ = new QToolButton(this);
  back_->setIcon(style()->standardIcon(QStyle::SP_MediaSeekBackward));
  back_->setToolTip(tr("Step back one event (Alt+Left)"));
  back_->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
  forward_ = new QToolButton(this);
  forward_->setIcon(style()->standardIcon(QStyle::SP_MediaSeekForward));
  forward_->setToolTip(tr("Step forward one event (Alt+Right)"));
  forward_->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setObjectName(QStringLiteral("timelineSlider"));
  slider_->setToolTip(tr("Drag to travel through the recorded snapshots of the run"));
  live_ = new QToolButton(this);
  live_->setText(tr("Live"));
  live_->setCheckable(true);
  live_->setToolTip(tr("Follow the newest event as the run goes on"));
  jump_ = new QLineEdit(this);
  jump_->setPlaceholderText(tr("jump to s"));
  jump_->setToolTip(tr("Type a time in seconds and press Enter"));
  jump_->setMaximumWidth(90);
  position_ = new QLabel(this);
  position_->setMinimumWidth(220);
  h->addWidget(title);
  h->addWidget(back_);
  h->addWidget(slider_, 1);
  h->addWidget(forward_);
  h->addWidget(live_);
  h->addWidget(jump_);
  h->addWidget(position_);

  connect(back_, &QToolButton::clicked, store_, &RunStore::stepBack);
  connect(forward_, &QToolButton::clicked, store_, &RunStore::stepForward);
  connect(live_, &QToolButton::toggled, store_, &RunStore::setFollow);
  connect(slider_, &QSlider::valueChanged, this, [this](int v) {
    if (v != store_->current()) store_->setCurrent(v);
  });
  connect(jump_, &QLineEdit::returnPressed, this, &TimelineWidget::jumpToTypedTime);
  connect(store_, &RunStore::recordsAppended, this, &TimelineWidget::refresh);
  connect(store_, &RunStore::cleared, this, &TimelineWidget::refresh);
  connect(store_, &RunStore::currentChanged, this, &TimelineWidget::refresh);
  connect(store_, &RunStore::followChanged, this, &TimelineWidget::refresh);
  refresh();
}

void TimelineWidget::jumpToTypedTime() {
  bool ok = false;
  const double s = jump_->text().trimmed().remove(QLatin1Char('s')).toDouble(&ok);
  if (!ok || s < 0) {
    jump_->setStyleSheet(QStringLiteral("border: 2px solid #e53935;"));
    jump_->setToolTip(tr("'%1' is not a time in seconds").arg(jump_->text()));
    return;
  }
  jump_->setStyleSheet(QString());
  store_->seekTime(static_cast<std::int64_t>(s * 1e9));
}

void TimelineWidget::refresh() {
  const QSignalBlocker block(slider_);
  const QSignalBlocker blockLive(live_);
  const int n = store_->recordCount();
  slider_->setRange(0, std::max(0, n - 1));
  slider_->setValue(std::max(0, store_->current()));
  slider_->setEnabled(n > 0);
  back_->setEnabled(store_->current() > 0);
  forward_->setEnabled(store_->current() < n - 1);
  live_->setChecked(store_->follow());
  position_->setText(n == 0 ? tr("no run yet — Simulate or Launch")
                            : tr("event %1 of %2 at %3")
                                  .arg(store_->current() + 1)
                                  .arg(n)
                                  .arg(formatTimeNs(store_->currentTimeNs())));
}

}  // namespace catslab::ui
