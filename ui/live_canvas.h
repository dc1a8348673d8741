// LiveCanvas: paints a run onto the topology canvas — node colours from the
// snapshot at the RunStore's cursor (up, down, crashed), and messages
// animated along links as records arrive or as the user steps forward
// (drops end in a red cross). Animations can be turned off; they are capped
// per batch so a fast simulation does not flood the scene.
// Does not own the store or scene. GUI thread only.
#pragma once

#include <QObject>

namespace catslab::ui {

class RunStore;
class TopologyScene;

class LiveCanvas : public QObject {
  Q_OBJECT
 public:
  static constexpr int kMaxAnimationsPerBatch = 24;
  LiveCanvas(RunStore* store, TopologyScene* scene, QObject* parent = nullptr);
  void setAnimationsEnabled(bool on);

 private:
  void onCurrentChanged(int index);
  void animateRange(int first, int last);

  RunStore* store_;
  TopologyScene* scene_;
  int lastIndex_ = -1;
};

}  // namespace catslab::ui
