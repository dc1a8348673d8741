#include "snapshot_view/spacetime/spacetime_model.h"

#include <algorithm>

namespace catslab::ui::spacetime {

namespace tr = ::catslab::trace;

void SpaceTimeModel::clear() { *this = SpaceTimeModel(); }

int SpaceTimeModel::lane(const std::string& node) {
  const QString name = QString::fromStdString(node);
  if (const auto it = laneIds_.constFind(name); it != laneIds_.constEnd()) return *it;
  const int id = static_cast<int>(lanes_.size());
  lanes_ << name;
  laneIds_.insert(name, id);
  laneEvents_.emplace_back();
  liveness_.emplace_back();
  return id;
}

int SpaceTimeModel::type(const std::string& name) {
  const QString t = QString::fromStdString(name);
  if (const auto it = typeIds_.constFind(t); it != typeIds_.constEnd()) return *it;
  const int id = static_cast<int>(types_.size());
  types_ << t;
  typeIds_.insert(t, id);
  return id;
}

int SpaceTimeModel::addEvent(int record, int laneId, std::int64_t t, EventKind kind) {
  const int id = static_cast<int>(events_.size());
  std::vector<int>& onLane = laneEvents_[laneId];
  events_.push_back(Event{record, laneId, static_cast<int>(onLane.size()), t, kind});
  onLane.push_back(id);
  eventOfRecord_[record] = id;
  return id;
}

void SpaceTimeModel::append(const tr::Record& r, int recordIndex) {
  if (static_cast<int>(eventOfRecord_.size()) <= recordIndex) {
    eventOfRecord_.resize(recordIndex + 1, -1);
    messageOfRecord_.resize(recordIndex + 1, -1);
  }
  const std::int64_t t = r.time_ns();
  if (events_.empty() && messages_.empty()) firstNs_ = t;
  lastNs_ = std::max(lastNs_, t);
  if (r.has_message()) return onMessage(r, recordIndex);
  if (r.node().empty() || r.has_header() || r.has_tree()) return;
  const int l = lane(r.node());
  switch (r.body_case()) {
    case tr::Record::kNodeUp:
      liveness_[l].emplace_back(t, true);
      addEvent(recordIndex, l, t, EventKind::NodeUp);
      return;
    case tr::Record::kNodeDown:
      liveness_[l].emplace_back(t, false);
      addEvent(recordIndex, l, t, r.node_down().crashed() ? EventKind::Crash : EventKind::NodeDown);
      return;
    case tr::Record::kClientOp:
      return onClientOp(r, recordIndex, l);
    case tr::Record::kLog: {
      const std::string& level = r.log().level();
      const QString text = QString::fromStdString(r.log().text());
      if (level == "command") {
        Operation op;
        op.lane = l;
        op.startNs = t;
        op.label = text;
        op.startEvent = addEvent(recordIndex, l, t, EventKind::Command);
        const int id = static_cast<int>(operations_.size());
        events_[op.startEvent].operation = id;
        operations_.push_back(std::move(op));
        // A command nobody answered stays open-ended.
        openCommands_.insert(l, id);
        return;
      }
      const bool answer = level == "console" || level == "console-error";
      const auto open = openCommands_.constFind(l);
      if (answer && open != openCommands_.constEnd()) {
        Operation& op = operations_[*open];
        op.endNs = t;
        op.answer = text;
        op.outcome = level == "console" ? Operation::Outcome::Ok : Operation::Outcome::Failed;
        op.endEvent = addEvent(recordIndex, l, t, EventKind::Answer);
        events_[op.endEvent].operation = *open;
        openCommands_.erase(open);
        return;
      }
      addEvent(recordIndex, l, t, EventKind::Log);
      return;
    }
    default:
      addEvent(recordIndex, l, t, EventKind::State);
  }
}

void SpaceTimeModel::onMessage(const tr::Record& r, int recordIndex) {
  const tr::MessageEvent& m = r.message();
  const std::int64_t t = r.time_ns();
  const int from = lane(m.from());
  const int to = lane(m.to());
  const QPair<int, quint64> key(from, m.message_id());
  if (m.kind() == tr::MESSAGE_SENT) {
    Message msg;
    msg.fromLane = from;
    msg.toLane = to;
    msg.type = type(m.type());
    msg.sendNs = t;
    msg.sendRecord = recordIndex;
    const int id = static_cast<int>(messages_.size());
    msg.sendEvent = addEvent(recordIndex, from, t, EventKind::Send);
    events_[msg.sendEvent].message = id;
    messages_.push_back(msg);
    messageOfRecord_[recordIndex] = id;
    openMessages_.insert(key, id);
    inFlight_.insert(id);
    return;
  }
  int id = openMessages_.contains(key) ? openMessages_.take(key) : -1;
  if (id < 0) {
    // The send is not in this trace (it started mid-run): a stub that
    // starts where it ends, so the delivery still shows.
    Message msg;
    msg.fromLane = from;
    msg.toLane = to;
    msg.type = type(m.type());
    msg.sendNs = t;
    id = static_cast<int>(messages_.size());
    messages_.push_back(msg);
  } else {
    inFlight_.erase(id);
  }
  Message& msg = messages_[id];
  msg.endNs = t;
  msg.endRecord = recordIndex;
  msg.dropped = m.kind() == tr::MESSAGE_DROPPED;
  maxFlightNs_ = std::max(maxFlightNs_, t - msg.sendNs);
  messageOfRecord_[recordIndex] = id;
  if (!msg.dropped) {
    msg.endEvent = addEvent(recordIndex, to, t, EventKind::Deliver);
    events_[msg.endEvent].message = id;
  }
}

void SpaceTimeModel::onClientOp(const tr::Record& r, int recordIndex, int laneId) {
  const tr::ClientOp& c = r.client_op();
  const QPair<QString, quint64> key(QString::fromStdString(c.client()), c.op_id());
  const std::int64_t t = r.time_ns();
  if (c.phase() == tr::ClientOp::INVOKE) {
    Operation op;
    op.lane = laneId;
    op.startNs = t;
    op.opId = c.op_id();
    op.label = QString::fromStdString(c.op());
    if (!c.key().empty()) op.label += QLatin1Char(' ') + QString::fromStdString(c.key());
    if (!c.value().empty()) op.label += QLatin1Char(' ') + QString::fromStdString(c.value());
    const int id = static_cast<int>(operations_.size());
    op.startEvent = addEvent(recordIndex, laneId, t, EventKind::OpInvoke);
    events_[op.startEvent].operation = id;
    operations_.push_back(std::move(op));
    openOps_.insert(key, id);
    return;
  }
  const int id = openOps_.contains(key) ? openOps_.take(key) : -1;
  const int ev = addEvent(recordIndex, laneId, t, EventKind::OpComplete);
  if (id < 0) return;  // its invocation is not in this trace
  Operation& op = operations_[id];
  op.endNs = t;
  op.endEvent = ev;
  op.answer = QString::fromStdString(c.value());
  op.outcome = c.phase() == tr::ClientOp::OK     ? Operation::Outcome::Ok
               : c.phase() == tr::ClientOp::FAIL ? Operation::Outcome::Failed
                                                 : Operation::Outcome::Unknown;
  events_[ev].operation = id;
}

int SpaceTimeModel::eventOfRecord(int record) const {
  return record >= 0 && record < static_cast<int>(eventOfRecord_.size()) ? eventOfRecord_[record]
                                                                         : -1;
}

int SpaceTimeModel::messageOfRecord(int record) const {
  return record >= 0 && record < static_cast<int>(messageOfRecord_.size())
             ? messageOfRecord_[record]
             : -1;
}

std::pair<int, int> SpaceTimeModel::laneRange(int laneId, std::int64_t t0, std::int64_t t1) const {
  const std::vector<int>& on = laneEvents_[laneId];
  const auto time = [this](int e) { return events_[e].timeNs; };
  const auto lo = std::partition_point(on.begin(), on.end(), [&](int e) { return time(e) < t0; });
  const auto hi = std::partition_point(lo, on.end(), [&](int e) { return time(e) <= t1; });
  return {static_cast<int>(lo - on.begin()), static_cast<int>(hi - on.begin())};
}

void SpaceTimeModel::messagesInWindow(std::int64_t t0, std::int64_t t1,
                                      std::vector<int>& out) const {
  out.clear();
  // Messages are in send order; one that crosses t0 was sent at most
  // maxFlight before it.
  const auto sent = [](const Message& m, std::int64_t t) { return m.sendNs < t; };
  auto it = std::lower_bound(messages_.begin(), messages_.end(), t0 - maxFlightNs_, sent);
  for (; it != messages_.end() && it->sendNs <= t1; ++it) {
    if (it->endNs < 0 || it->endNs >= t0) out.push_back(static_cast<int>(it - messages_.begin()));
  }
  // Still in flight and sent long before the window: they cross it too.
  for (int id : inFlight_) {
    const Message& m = messages_[id];
    if (m.sendNs >= t0 - maxFlightNs_) break;
    out.push_back(id);
  }
}

}  // namespace catslab::ui::spacetime
