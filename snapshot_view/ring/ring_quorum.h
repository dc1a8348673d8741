// RingQuorum: one phase of one client operation as the ring draws it — the
// coordinator, and for every node asked or answering in that phase the
// reply's view id and how the coordinator treated it (counted, refused,
// ignored for another view, no reply). Built from the operation's trace
// QuorumPhase records (operations::ClientOperation::phases), with the same
// verdicts as the quorum table (operations/quorum_verdict.h).
// Plain values; safe to copy between threads.
#pragma once

#include <QString>
#include <QStringList>
#include <cstdint>
#include <vector>

#include "snapshot_view/operations/operations_model.h"
#include "snapshot_view/operations/quorum_verdict.h"

namespace catslab::ui::ring {

using operations::ReplyVerdict;
using operations::verdictWord;

struct QuorumTarget {
  QString node;
  ReplyVerdict verdict = ReplyVerdict::NoReply;
  std::uint64_t view = 0;  // the view id the reply carried (0: no reply)
  QString answer;          // "ack", "absent", "refused (joining in v5)", ...
  bool member = true;      // in the phase's view
};

struct RingQuorum {
  int number = 0;  // the operation's number in the run (1-based, invocation order)
  QString label;   // "put x 1"
  QString coordinator;
  int phase = -1;   // index into the operation's phases; -1: none recorded
  int phases = 0;   // phases recorded
  int dropped = 0;  // earlier phases the bounded record left out (numbering starts after them)
  QString phaseName;
  std::uint64_t view = 0;
  QStringList members;
  int majority = 0;
  bool quorum = false;
  int resends = 0;
  std::vector<QuorumTarget> targets;  // members first, in view order

  bool empty() const { return coordinator.isEmpty(); }
  const QuorumTarget* target(const QString& node) const;
  // "Quorum of #4 put x 1 at n1 — phase 3 of 3: write in v2 [n2 n3 n4], consistent quorum"
  QString caption() const;
  // What `node` did in this phase, in words ("refused in v5: joining"), or "".
  QString describe(const QString& node) const;
};

// The quorum of `op` (operation number `number`, 1-based) in phase `phase`;
// phase -1 picks the last phase (the one that answered).
RingQuorum quorumOnRing(const operations::ClientOperation& op, int number, int phase = -1);

}  // namespace catslab::ui::ring
