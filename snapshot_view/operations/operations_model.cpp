#include "snapshot_view/operations/operations_model.h"

#include <QCollator>
#include <algorithm>

#include "snapshot_view/qt_text.h"

namespace catslab::ui::operations {

namespace tr = ::catslab::trace;

bool ClientOperation::isRead() const {
  return op == QStringLiteral("get") || op == QStringLiteral("read");
}

QString ClientOperation::label() const {
  QString s = op;
  if (!key.isEmpty()) s += QLatin1Char(' ') + key;
  if (op == QStringLiteral("cas")) s += QLatin1Char(' ') + expected + QStringLiteral("→");
  if (!value.isEmpty()) s += QLatin1Char(' ') + value;
  if (isRead() && outcome == Outcome::Ok)
    s += QStringLiteral(" → ") + (result.isEmpty() ? QStringLiteral("nil") : result);
  return s;
}

void OperationsModel::clear() { *this = OperationsModel(); }

void OperationsModel::append(const tr::Record& r, int recordIndex) {
  lastNs_ = std::max(lastNs_, r.time_ns());
  if (!r.has_client_op()) return;
  const tr::ClientOp& c = r.client_op();
  if (c.phase() == tr::ClientOp::INVOKE) {
    if (open_.contains(c.op_id())) {
      problems_
          << QStringLiteral("record %1: op_id %2 invoked twice").arg(recordIndex).arg(c.op_id());
      return;
    }
    ClientOperation op;
    op.opId = c.op_id();
    op.node = qs(r.node());
    op.client = c.client().empty() ? op.node : qs(c.client());
    op.op = qs(c.op());
    op.key = qs(c.key());
    op.value = qs(c.value());
    op.expected = qs(c.expected());
    op.invokeRecord = recordIndex;
    op.startNs = r.time_ns();
    if (!op.node.isEmpty() && !nodes_.contains(op.node)) {
      // Node order, as people number them: n2 before n10.
      QCollator order;
      order.setNumericMode(true);
      nodes_.insert(std::upper_bound(nodes_.begin(), nodes_.end(), op.node,
                                     [&](const QString& a, const QString& b) {
                                       return order.compare(a, b) < 0;
                                     }),
                    op.node);
    }
    const int id = count();
    open_.insert(c.op_id(), id);
    byRecord_.insert(recordIndex, id);
    ops_.push_back(std::move(op));
    return;
  }
  const int id = open_.value(c.op_id(), -1);
  if (id < 0) {
    problems_ << QStringLiteral("record %1: op_id %2 completes without an invocation")
                     .arg(recordIndex)
                     .arg(c.op_id());
    return;
  }
  open_.remove(c.op_id());
  ClientOperation& op = ops_[static_cast<std::size_t>(id)];
  op.completeRecord = recordIndex;
  op.endNs = r.time_ns();
  op.outcome = c.phase() == tr::ClientOp::OK     ? ClientOperation::Outcome::Ok
               : c.phase() == tr::ClientOp::FAIL ? ClientOperation::Outcome::Failed
                                                 : ClientOperation::Outcome::Unknown;
  if (op.isRead()) op.result = qs(c.value());
  op.reason = qs(c.reason());
  op.group = c.phases_size() > 0 || c.group() != 0 ? c.group() : -1;
  op.phases.assign(c.phases().begin(), c.phases().end());
  op.phasesDropped = static_cast<int>(c.phases_dropped());
  byRecord_.insert(recordIndex, id);
}

QStringList OperationsModel::keys() const {
  QStringList out;
  for (const auto& op : ops_) {
    if (!out.contains(op.key)) out << op.key;
  }
  out.sort();
  return out;
}

int OperationsModel::lastInvokedBy(std::int64_t timeNs) const {
  const auto it = std::partition_point(
      ops_.begin(), ops_.end(), [&](const ClientOperation& op) { return op.startNs <= timeNs; });
  return static_cast<int>(it - ops_.begin()) - 1;
}

checker::History OperationsModel::history() const {
  checker::History h;
  h.timeUnit = "ns";
  h.ops.reserve(ops_.size());
  for (const ClientOperation& op : ops_) {
    checker::Operation o;
    o.client = op.client.toStdString();
    o.key = op.key.toStdString();
    o.invokeAt = op.invokeRecord;
    o.invokeTime = op.startNs;
    o.completeTime = op.endNs;
    o.origin = "record " + std::to_string(op.invokeRecord);
    if (op.isRead()) {
      o.kind = checker::OpKind::Read;
      o.value = op.result.toStdString();
    } else if (op.op == QStringLiteral("cas")) {
      o.kind = checker::OpKind::Cas;
      o.value = op.value.toStdString();
      o.expected = op.expected.toStdString();
    } else {
      o.kind = checker::OpKind::Write;  // put, write, and del (which writes nil)
      o.value = op.op == QStringLiteral("del") ? std::string() : op.value.toStdString();
    }
    switch (op.outcome) {
      case ClientOperation::Outcome::Ok:
        o.outcome = checker::Outcome::Ok;
        o.completeAt = op.completeRecord;
        break;
      case ClientOperation::Outcome::Failed:
        o.outcome = checker::Outcome::Fail;
        o.completeAt = op.completeRecord;
        break;
      default:
        o.outcome = checker::Outcome::Unknown;
        break;
    }
    h.ops.push_back(std::move(o));
  }
  return h;
}

}  // namespace catslab::ui::operations
