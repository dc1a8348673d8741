// TimelineWidget: time travel over a RunStore — a slider over the recorded
// snapshots (one position per record), step back / forward one event, a
// "jump to time" field, a Live toggle that follows new records, and the
// position as "record i of n at t s". GUI thread only.
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSlider;
class QToolButton;

namespace catslab::ui {

class RunStore;

class TimelineWidget : public QWidget {
  Q_OBJECT
 public:
  explicit TimelineWidget(RunStore* store, QWidget* parent = nullptr);
  QSlider* slider() const { return slider_; }

 private:
  void refresh();
  void jumpToTypedTime();

  RunStore* store_;
  QSlider* slider_;
  QToolButton* back_;
  QToolButton* forward_;
  QToolButton* live_;
  QLineEdit* jump_;
  QLabel* position_;
};

}  // namespace catslab::ui
