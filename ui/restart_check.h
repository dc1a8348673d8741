// RestartCheck: tells the user why a restarted node stays suspected.
//
// One-hop membership (protocols/onehop, under every CATS node) tells a
// node's lives apart by its incarnation, the wall-clock time at which the
// component started. The other nodes remember a removed node's last
// (incarnation, heartbeat) and take it back only with something newer. A
// new life begins later than the old one unless the machine's clock was set
// back in between (by hand, or a large NTP step); then every other node
// ignores it for good: it is up, thinks it is in the ring, and the Ring tab
// shows it suspected with no end. The check reads the trace records of a
// launch and, when a node's new incarnation is not above the newest of its
// earlier lives' (the one the others keep), returns a one-line explanation
// with what to do, once per life.
//
// Only one-hop incarnations count (a state key "<prefix>incarnation" whose
// prefix also has "membershipSize"); other protocols' incarnations are
// different things. Plain value, not thread-safe.
#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <optional>

#include "runtime/proto/trace.pb.h"

namespace catslab::ui {

class RestartCheck {
 public:
  // Takes the next record of the run; returns what to tell the user when it
  // shows a restarted node that the others will keep ignoring.
  std::optional<QString> add(const ::catslab::trace::Record& record);
  void clear() { nodes_.clear(); }

 private:
  struct Node {
    QSet<QString> oneHopPrefixes;         // prefixes that have membershipSize
    QHash<QString, quint64> incarnation;  // this life's, by prefix
    QHash<QString, quint64> newest;       // the newest earlier life's, by prefix
    bool told = false;                    // this life was explained already
  };
  QHash<QString, Node> nodes_;
};

}  // namespace catslab::ui
