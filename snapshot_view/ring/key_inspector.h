// Key inspector: type a key, see at the timeline's moment its slice and
// ring position, the group that owns it with its view, and per replica its
// standing in that view and what it is known to hold.
//
// What a replica holds comes from two sources, both in the trace:
//   - exact: a node watching the key (`watch <key>` in its console, or the
//     topology param watch=k1,k2) reports its version of that key through
//     inspect() as "watch.<key>" — only watched keys, and only when they
//     change, so snapshots stay small however many keys the store holds;
//   - evidence: the "cats op" lines name the replicas that acknowledged a
//     put's write (they hold that version or a newer one) or answered a
//     get; a replica with 0 keys in the slice holds nothing of it.
// The node is never asked anything at display time, so time travel, loaded
// trace files and live runs show the same thing.
// GUI thread only.
#pragma once

#include <QAbstractTableModel>
#include <QWidget>

#include "runtime/sim/global_state.h"
#include "snapshot_view/ring/ring_snapshot.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTreeWidget;

namespace catslab::ui {
class RunStore;
}

namespace catslab::ui::ring {

// One completed operation on a key ("cats op" line).
struct KeyOperation {
  int index = -1;
  std::int64_t timeNs = 0;
  QString coordinator;
  QString op;      // get, put, del
  QString value;   // put's value or get's result ("nil": none)
  QString status;  // ok, unavailable, rejected
  int group = 0;
  std::uint64_t view = 0;
  QStringList read;
  QStringList write;
};
std::vector<KeyOperation> keyOperations(const RunStore& store, const QString& key, int upTo);

// A replica of the key's group, as the inspector shows it.
struct KeyReplica {
  QString node;
  QString standing;  // "ready in v6", "joining in v6", "behind (v5)", "down"
  QString holds;     // "yes", "no", "unknown"
  QString version;   // exact (watched) or the newest acknowledged value
  QString source;    // "watched", "put acked at 3.2 s", ...
};

struct KeyReport {
  QString key;
  bool cats = false;
  int slice = -1;
  std::uint64_t position = 0;
  std::uint64_t vid = 0;
  QStringList members;
  std::vector<KeyReplica> replicas;
  std::vector<KeyOperation> operations;
};
KeyReport inspectKey(const QString& key, const RingSnapshot& ring, const sim::GlobalState& state,
                     std::vector<KeyOperation> operations);

class KeyReplicaModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Replica, Standing, Holds, Version, Source, ColumnCount };
  using QAbstractTableModel::QAbstractTableModel;
  void setReplicas(std::vector<KeyReplica> replicas);
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

 private:
  std::vector<KeyReplica> rows_;
};

class KeyInspector : public QWidget {
  Q_OBJECT
 public:
  explicit KeyInspector(RunStore* store, QWidget* parent = nullptr);
  void setKey(const QString& key);
  QString key() const;
  // Recomputes for the ring at the cursor (the RingView calls it).
  void refresh(const RingSnapshot& ring, const sim::GlobalState& state);
  const KeyReport& report() const { return report_; }
  KeyReplicaModel* model() const { return model_; }

 signals:
  // The key's slice and position changed (-1: no key): the ring marks it.
  void keyPlaced(const QString& key, int slice, std::uint64_t position);
  void keyEdited();
  // "Watch on every node": the app sends `watch <key>` to the running nodes,
  // which then report their exact version of it (the trace keeps it).
  void watchRequested(const QString& key);

 private:
  RunStore* store_;
  QLineEdit* edit_;
  QPushButton* watch_;
  QLabel* summary_;
  QTableView* table_;
  QTreeWidget* ops_;
  KeyReplicaModel* model_;
  KeyReport report_;
};

}  // namespace catslab::ui::ring
