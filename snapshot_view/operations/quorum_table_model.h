// QuorumTableModel: the quorum phases of one client operation as a table —
// for each phase (read, write, write-back) a header row (the view it used,
// how many replies it needed, whether a consistent quorum formed, resends)
// and then one row per node asked or answering: the view id its reply
// carried, its answer (a version, "absent", "ack", a refusal) and whether
// the coordinator counted it. Built from the completion's trace.proto
// QuorumPhase records (ClientOperation::phases). GUI thread only.
#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "snapshot_view/operations/operations_model.h"

namespace catslab::ui::operations {

class QuorumTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { kWho, kView, kReply, kVerdict, kColumns };
  // Row kinds, also available as Qt::UserRole data.
  enum class RowKind { Phase, Reply };

  explicit QuorumTableModel(QObject* parent = nullptr);

  // Shows `op` (nullptr: nothing). Copies what it needs.
  void setOperation(const ClientOperation* op);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

  RowKind rowKind(int row) const { return rows_[static_cast<std::size_t>(row)].kind; }
  // The index in ClientOperation::phases of the phase a row belongs to.
  int phaseOfRow(int row) const { return rows_[static_cast<std::size_t>(row)].phase; }
  // The row of phase `phase`'s header, or -1.
  int rowOfPhase(int phase) const;

 private:
  struct Row {
    RowKind kind = RowKind::Reply;
    QString cells[kColumns];
    bool good = false;  // phase: quorum formed; reply: counted
    bool bad = false;   // phase: no quorum; reply: refused or another view
    int phase = 0;      // index in ClientOperation::phases
  };
  std::vector<Row> rows_;
};

}  // namespace catslab::ui::operations
