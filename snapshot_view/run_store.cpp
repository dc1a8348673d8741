#include "snapshot_view/run_store.h"

#include <algorithm>

#include "snapshot_view/qt_text.h"

namespace catslab::ui {

namespace tr = ::catslab::trace;

namespace {

void insertSorted(QStringList& list, const QString& value) {
  if (value.isEmpty()) return;
  const auto it = std::lower_bound(list.begin(), list.end(), value);
  if (it == list.end() || *it != value) list.insert(it, value);
}
}  // namespace

QString formatTimeNs(std::int64_t ns) {
  return QString::number(static_cast<double>(ns) / 1e9, 'f', 3) + QStringLiteral(" s");
}

QString recordKind(const tr::Record& r) {
  switch (r.body_case()) {
    case tr::Record::kHeader:
      return QStringLiteral("header");
    case tr::Record::kNodeUp:
      return QStringLiteral("node up");
    case tr::Record::kNodeDown:
      return r.node_down().crashed() ? QStringLiteral("crash") : QStringLiteral("node down");
    case tr::Record::kMessage:
      switch (r.message().kind()) {
        case tr::MESSAGE_SENT:
          return QStringLiteral("sent");
        case tr::MESSAGE_DELIVERED:
          return QStringLiteral("delivered");
        default:
          return QStringLiteral("dropped");
      }
    case tr::Record::kClientOp:
      return QStringLiteral("client op");
    case tr::Record::kState:
      return QStringLiteral("state");
    case tr::Record::kLog:
      return QStringLiteral("log");
    case tr::Record::kTree:
      return QStringLiteral("components");
    default:
      return QStringLiteral("?");
  }
}

QString recordSummary(const tr::Record& r) {
  switch (r.body_case()) {
    case tr::Record::kHeader:
      return QStringLiteral("%1 run '%2' seed %3")
          .arg(qs(r.header().profile()), qs(r.header().scenario()))
          .arg(r.header().seed());
    case tr::Record::kNodeUp:
      return QStringLiteral("%1 up at %2 (%3)")
          .arg(qs(r.node()), qs(r.node_up().address()), qs(r.node_up().stack()));
    case tr::Record::kNodeDown:
      return QStringLiteral("%1 %2 %3")
          .arg(qs(r.node()),
               r.node_down().crashed() ? QStringLiteral("crashed:") : QStringLiteral("stopped:"),
               qs(r.node_down().reason()));
    case tr::Record::kMessage: {
      const tr::MessageEvent& m = r.message();
      QString s = qs(m.from()) + QStringLiteral(" → ") + qs(m.to()) + QStringLiteral("  ") +
                  qs(m.summary().empty() ? m.type() : m.summary());
      if (m.kind() == tr::MESSAGE_DROPPED)
        s += QStringLiteral("  (") + qs(m.drop_reason()) + QLatin1Char(')');
      return s;
    }
    case tr::Record::kClientOp: {
      const tr::ClientOp& op = r.client_op();
      static const char* phases[] = {"invoke", "ok", "fail", "info"};
      return QStringLiteral("%1 %2 %3 %4 %5")
          .arg(qs(op.client()), QString::fromLatin1(phases[op.phase() & 3]), qs(op.op()),
               qs(op.key()), qs(op.value()));
    }
    case tr::Record::kState: {
      QStringList parts;
      for (const tr::StateEntry& e : r.state().entries())
        parts << (e.removed() ? QString(qs(e.key()) + QStringLiteral(" removed"))
                              : QString(qs(e.key()) + QLatin1Char('=') + qs(e.value())));
      return parts.join(QStringLiteral(", "));
    }
    case tr::Record::kLog:
      return QLatin1Char('[') + qs(r.log().level()) + QStringLiteral("] ") + qs(r.log().text());
    case tr::Record::kTree:
      return QStringLiteral("component tree (%1 bytes)").arg(r.tree().json().size());
    default:
      return {};
  }
}

RunStore::RunStore(QObject* parent) : QObject(parent) {}

void RunStore::clear(const QString& description) {
  store_ = sim::SnapshotStore();
  nodes_.clear();
  types_.clear();
  description_ = description;
  current_ = -1;
  selected_ = -1;
  emit cleared();
  emit nodesChanged();
  emit currentChanged(current_);
  emit selectionChanged(selected_);
}

void RunStore::select(int index) {
  index = std::clamp(index, -1, recordCount() - 1);
  if (index != selected_) {
    selected_ = index;
    emit selectionChanged(index);
  }
  if (index >= 0) setCurrent(index);
}

void RunStore::append(std::vector<tr::Record> records) {
  if (records.empty()) return;
  const int first = recordCount();
  bool newNodes = false;
  for (tr::Record& r : records) {
    const int before = nodes_.size();
    insertSorted(nodes_, qs(r.node()));
    if (r.has_message()) {
      insertSorted(nodes_, qs(r.message().from()));
      insertSorted(nodes_, qs(r.message().to()));
      insertSorted(types_, qs(r.message().type()));
    }
    newNodes |= nodes_.size() != before;
    store_.append(r);
  }
  emit recordsAppended(first, recordCount() - 1);
  if (newNodes) emit nodesChanged();
  if (follow_) moveCursor(recordCount() - 1);
}

sim::GlobalState RunStore::stateAfter(int index) const {
  if (index < 0 || recordCount() == 0) return {};
  index = std::min(index, recordCount() - 1);
  if (index == recordCount() - 1) return store_.latest();
  return store_.at(static_cast<std::uint64_t>(index) + 1);  // at(n): after the first n records
}

int RunStore::indexAtTime(std::int64_t timeNs) const {
  return static_cast<int>(store_.indexAtTime(timeNs)) - 1;
}

void RunStore::setCurrent(int index) {
  setFollow(index >= recordCount() - 1 && follow_);
  moveCursor(index);
}

void RunStore::setFollow(bool follow) {
  if (follow_ == follow) return;
  follow_ = follow;
  emit followChanged(follow);
  if (follow) moveCursor(recordCount() - 1);
}

void RunStore::moveCursor(int index) {
  index = std::clamp(index, recordCount() > 0 ? 0 : -1, recordCount() - 1);
  if (index == current_) return;
  current_ = index;
  emit currentChanged(index);
}

}  // namespace catslab::ui
