// SpaceTimeModel: the space-time (Lamport) diagram of a run, built from its
// trace records — one lane per node, the node's events on it in time order,
// messages as (send → delivery | drop) pairs, client operations as spans
// from invocation to answer, and each lane's up/down periods. No Qt widgets:
// the view, the tests and the benchmark all read this.
//
// What becomes what:
//   sent / delivered          → an event on the sender's / receiver's lane,
//                               paired by (sender, message_id)
//   dropped                   → ends its message with a drop mark; not an
//                               event of any lane (the receiver never saw it)
//   log "command" → the next  → an operation: a console command and its
//   log "console[-error]"       answer on the same node
//   client_op invoke → ok/    → an operation, paired by (client, op_id);
//   fail/info                   CATS operations come this way, and later
//                               their quorum messages will hang off them
//   node up / down / crash, state changes, other logs → lane events
// Records must be appended in time order (every trace is).
// Not thread-safe; the GUI thread owns it.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "runtime/proto/trace.pb.h"

namespace catslab::ui::spacetime {

enum class EventKind : std::uint8_t {
  Send,
  Deliver,
  NodeUp,
  NodeDown,
  Crash,
  State,
  Log,
  Command,
  Answer,
  OpInvoke,
  OpComplete,
};

struct Event {
  int record;    // index of the trace record in the run
  int lane;      // lane (node) it happens on
  int position;  // its place in the lane, from 0
  std::int64_t timeNs;
  EventKind kind;
  int message = -1;    // messages() index for Send / Deliver
  int operation = -1;  // operations() index for Command/Answer/OpInvoke/OpComplete
};

struct Message {
  int sendEvent = -1;  // events() index; -1 if the send was not recorded
  int endEvent = -1;   // delivery event; -1 when dropped or still in flight
  int sendRecord = -1;
  int endRecord = -1;  // delivery or drop record; -1 while in flight
  int fromLane = -1;
  int toLane = -1;
  int type = -1;  // types() index
  std::int64_t sendNs = 0;
  std::int64_t endNs = -1;  // -1 while in flight
  bool dropped = false;
};

struct Operation {
  enum class Outcome : std::uint8_t { Pending, Ok, Failed, Unknown };
  int lane = -1;
  int startEvent = -1;
  int endEvent = -1;  // -1 while no answer came
  std::int64_t startNs = 0;
  std::int64_t endNs = -1;
  QString label;   // the command line, or "put k v"
  QString answer;  // first answer line / result
  Outcome outcome = Outcome::Pending;
  std::uint64_t opId = 0;  // client_op op_id (0 for console commands)
};

class SpaceTimeModel {
 public:
  void clear();
  // Adds the run's record number `recordIndex` (records come in order).
  void append(const ::catslab::trace::Record& record, int recordIndex);

  int laneCount() const { return static_cast<int>(lanes_.size()); }
  const QStringList& lanes() const { return lanes_; }  // in order of first appearance
  int laneOf(const QString& node) const { return laneIds_.value(node, -1); }
  const QStringList& types() const { return types_; }

  const std::vector<Event>& events() const { return events_; }
  const std::vector<int>& laneEvents(int lane) const { return laneEvents_[lane]; }
  const std::vector<Message>& messages() const { return messages_; }        // by send time
  const std::vector<Operation>& operations() const { return operations_; }  // by start
  // Each lane's liveness changes as (time, up), in time order; before the
  // first change a lane counts as up (traces may start mid-run).
  const std::vector<std::pair<std::int64_t, bool>>& liveness(int lane) const {
    return liveness_[lane];
  }
  std::int64_t firstTimeNs() const { return firstNs_; }
  std::int64_t lastTimeNs() const { return lastNs_; }
  // Longest flight of any delivered or dropped message (for window queries).
  std::int64_t maxFlightNs() const { return maxFlightNs_; }

  // The event a record became, or -1 (drops, headers, trees).
  int eventOfRecord(int record) const;
  // The message a sent / delivered / dropped record belongs to, or -1.
  int messageOfRecord(int record) const;

  // Positions [begin, end) in laneEvents(lane) with time in [t0, t1].
  std::pair<int, int> laneRange(int lane, std::int64_t t0, std::int64_t t1) const;
  // Messages whose arrow crosses [t0, t1] (sent by t1, not ended before t0).
  void messagesInWindow(std::int64_t t0, std::int64_t t1, std::vector<int>& out) const;

 private:
  int lane(const std::string& node);
  int type(const std::string& name);
  int addEvent(int record, int lane, std::int64_t t, EventKind kind);
  void onMessage(const ::catslab::trace::Record& r, int recordIndex);
  void onClientOp(const ::catslab::trace::Record& r, int recordIndex, int laneId);

  QStringList lanes_;
  QHash<QString, int> laneIds_;
  QStringList types_;
  QHash<QString, int> typeIds_;
  std::vector<Event> events_;
  std::vector<std::vector<int>> laneEvents_;
  std::vector<std::vector<std::pair<std::int64_t, bool>>> liveness_;
  std::vector<Message> messages_;
  std::vector<Operation> operations_;
  std::vector<int> eventOfRecord_;                // by record index, -1 for none
  std::vector<int> messageOfRecord_;              // by record index, -1 for none
  QHash<QPair<int, quint64>, int> openMessages_;  // (from lane, id) → message
  QHash<int, int> openCommands_;                  // lane → operation awaiting its answer
  QHash<QPair<QString, quint64>, int> openOps_;   // (client, op_id) → operation
  std::set<int> inFlight_;                        // messages not ended yet
  std::int64_t firstNs_ = 0;
  std::int64_t lastNs_ = 0;
  std::int64_t maxFlightNs_ = 0;
};

}  // namespace catslab::ui::spacetime
