// OperationsModel: the client operations of a run, built from its trace's
// ClientOp records — who asked (the coordinating node and the client), what
// (get/put/del/read/write/cas, key, value), when (invocation and completion
// time and record), the outcome, and for quorum protocols (CATS) the phases
// the coordinator went through (trace.proto QuorumPhase). Pairs invocation
// and completion by op_id, like catslab-check's trace reader, and hands the
// checker the same history (history()), with operation i of this model as
// operation i of the history, so the checker's answer can mark operations.
// No widgets: the view, the tests and the screenshot path read it.
// Records must be appended in order. Not thread-safe; the GUI thread owns it.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <vector>

#include "protocols/linearizability/history/history.h"
#include "runtime/proto/trace.pb.h"

namespace catslab::ui::operations {

struct ClientOperation {
  enum class Outcome : std::uint8_t { Pending, Ok, Failed, Unknown };
  std::uint64_t opId = 0;
  QString node;    // the coordinating node (the record's node)
  QString client;  // "n1/c0", "n2/console"
  QString op;      // "get", "put", "del", "read", ...
  QString key;
  QString value;     // written value (put/write/cas new value)
  QString expected;  // cas
  QString result;    // a read's answer when Ok ("" is nil)
  QString reason;    // why it failed / is unknown
  int group = -1;    // the CATS replication group (slice), -1 if none
  Outcome outcome = Outcome::Pending;
  int invokeRecord = -1;
  int completeRecord = -1;  // -1 while pending
  std::int64_t startNs = 0;
  std::int64_t endNs = -1;  // -1 while pending
  // The completion's quorum phases (empty for protocols that report none).
  std::vector<::catslab::trace::QuorumPhase> phases;
  int phasesDropped = 0;
  bool isRead() const;
  QString label() const;  // "put k v", "get k → v"
};

class OperationsModel {
 public:
  void clear();
  void append(const ::catslab::trace::Record& record, int recordIndex);

  const std::vector<ClientOperation>& operations() const { return ops_; }  // by invocation
  int count() const { return static_cast<int>(ops_.size()); }
  const ClientOperation& at(int i) const { return ops_[static_cast<std::size_t>(i)]; }
  const QStringList& nodes() const { return nodes_; }  // coordinators, n2 before n10
  QStringList keys() const;                            // sorted
  // The operation whose invocation or completion is record `record`, or -1.
  int operationOfRecord(int record) const { return byRecord_.value(record, -1); }
  // The last operation invoked at or before `timeNs` (-1 if none).
  int lastInvokedBy(std::int64_t timeNs) const;
  std::int64_t lastTimeNs() const { return lastNs_; }
  // Problems met while reading (a completion without its invocation, ...).
  const QStringList& problems() const { return problems_; }

  // The checker's history: operation i is ops()[i]; real-time order by record
  // index, as catslab-check reads a trace.
  checker::History history() const;

 private:
  std::vector<ClientOperation> ops_;
  QHash<quint64, int> open_;  // op_id → operation awaiting its completion
  QHash<int, int> byRecord_;
  QStringList nodes_;
  QStringList problems_;
  std::int64_t lastNs_ = 0;
};

}  // namespace catslab::ui::operations
