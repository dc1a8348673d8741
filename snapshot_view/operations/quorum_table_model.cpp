#include "snapshot_view/operations/quorum_table_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include "snapshot_view/operations/quorum_verdict.h"
#include "snapshot_view/qt_text.h"

namespace catslab::ui::operations {

namespace tr = ::catslab::trace;

namespace {

QString listOf(const google::protobuf::RepeatedPtrField<std::string>& ids) {
  QStringList out;
  for (const auto& id : ids) out << qs(id);
  return QLatin1Char('[') + out.join(QLatin1Char(' ')) + QLatin1Char(']');
}

QString millis(std::int64_t ns) { return QString::number(static_cast<double>(ns) / 1e6, 'f', 1); }
}  // namespace

QuorumTableModel::QuorumTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void QuorumTableModel::setOperation(const ClientOperation* op) {
  beginResetModel();
  rows_.clear();
  if (op) {
    int number = op->phasesDropped;
    for (const tr::QuorumPhase& p : op->phases) {
      ++number;
      Row head;
      head.kind = RowKind::Phase;
      head.cells[kWho] = QStringLiteral("%1. %2").arg(number).arg(qs(p.name()));
      head.cells[kView] = QStringLiteral("v%1 %2").arg(p.view()).arg(listOf(p.members()));
      int counted = 0;
      for (const auto& r : p.replies()) counted += r.counted() ? 1 : 0;
      head.cells[kReply] =
          QStringLiteral("%1 of %2 needed replies came").arg(counted).arg(p.majority());
      if (p.resends() > 0) head.cells[kReply] += QStringLiteral(" · resent %1×").arg(p.resends());
      if (p.view() == 0) head.cells[kView] = QStringLiteral("no view known");
      head.cells[kVerdict] =
          p.quorum() ? QStringLiteral("consistent quorum") : QStringLiteral("no quorum");
      head.good = p.quorum();
      head.bad = !p.quorum();
      const int phase = number - op->phasesDropped - 1;
      head.phase = phase;
      rows_.push_back(std::move(head));

      for (const QString& node : phaseNodes(p)) {
        Row row;
        row.phase = phase;
        const bool member = isMember(p, node);
        row.cells[kWho] = QStringLiteral("    ") + node +
                          (member ? QString() : QStringLiteral(" (not in the view)"));
        const tr::QuorumReply* reply = replyOf(p, node);
        if (!reply) {
          row.cells[kReply] = QStringLiteral("no reply");
          row.cells[kVerdict] = QStringLiteral("—");
          rows_.push_back(std::move(row));
          continue;
        }
        row.cells[kView] = QStringLiteral("v%1").arg(reply->view());
        row.cells[kReply] =
            qs(reply->answer()) +
            QStringLiteral("  (+%1 ms)").arg(millis(reply->time_ns() - p.started_ns()));
        row.cells[kVerdict] = verdictText(p, node);
        const ReplyVerdict v = verdictOf(p, node);
        row.good = v == ReplyVerdict::Counted;
        row.bad = v == ReplyVerdict::Refused || v == ReplyVerdict::OtherView;
        rows_.push_back(std::move(row));
      }
    }
  }
  endResetModel();
}

int QuorumTableModel::rowOfPhase(int phase) const {
  for (std::size_t i = 0; i < rows_.size(); ++i)
    if (rows_[i].kind == RowKind::Phase && rows_[i].phase == phase) return static_cast<int>(i);
  return -1;
}

int QuorumTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int QuorumTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kColumns;
}

QVariant QuorumTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount() || index.column() >= kColumns) return {};
  const Row& row = rows_[static_cast<std::size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
      return row.cells[index.column()];
    case Qt::FontRole:
      if (row.kind == RowKind::Phase) {
        QFont f;
        f.setBold(true);
        return f;
      }
      return {};
    case Qt::BackgroundRole:
      if (row.kind == RowKind::Phase) return QBrush(QColor(0xee, 0xee, 0xee));
      return {};
    case Qt::ForegroundRole:
      if (index.column() != kVerdict) return {};
      if (row.good) return QBrush(QColor(0x2e, 0x7d, 0x32));
      if (row.bad) return QBrush(QColor(0xc6, 0x28, 0x28));
      return {};
    case Qt::UserRole:
      return static_cast<int>(row.kind);
    default:
      return {};
  }
}

QVariant QuorumTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case kWho:
      return tr("Phase / replica");
    case kView:
      return tr("View");
    case kReply:
      return tr("Reply");
    case kVerdict:
      return tr("Counted?");
    default:
      return {};
  }
}

}  // namespace catslab::ui::operations
