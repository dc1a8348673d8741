// How a quorum operation's coordinator treated each node of one phase: the
// nodes in the order people read them (the view's members, then anyone else
// asked or answering) and, for each, the reply it sent and whether it was
// counted toward the consistent quorum. Shared by the quorum table
// (QuorumTableModel) and the ring (RingQuorum), so both say the same thing.
// Pure functions over trace.proto QuorumPhase; thread-safe.
#pragma once

#include <QString>
#include <QStringList>

#include "runtime/proto/trace.pb.h"

namespace catslab::ui::operations {

enum class ReplyVerdict {
  Counted,    // counted toward the quorum
  Refused,    // the replica refused (it is in another view, joining, ...)
  OtherView,  // replied with another view id: ignored
  NotMember,  // replied but is not in the phase's view: ignored
  NotNeeded,  // replied in the view after the quorum had formed
  NoReply,    // asked, never answered
};

// Members first (in view order), then any other node asked or answering.
QStringList phaseNodes(const ::catslab::trace::QuorumPhase& phase);
bool isMember(const ::catslab::trace::QuorumPhase& phase, const QString& node);
// The last reply of `node` in `phase`, or nullptr.
const ::catslab::trace::QuorumReply* replyOf(const ::catslab::trace::QuorumPhase& phase,
                                             const QString& node);
ReplyVerdict verdictOf(const ::catslab::trace::QuorumPhase& phase, const QString& node);
// A verdict in words, without the phase's detail: "counted", "refused",
// "ignored: another view", "ignored: not a member", "not needed", "no reply".
QString verdictWord(ReplyVerdict verdict);
// verdictWord(verdictOf(...)), with the view ids for another view:
// "ignored: view 1 ≠ 2".
QString verdictText(const ::catslab::trace::QuorumPhase& phase, const QString& node);

}  // namespace catslab::ui::operations
