#include "snapshot_view/operations/quorum_verdict.h"

#include <algorithm>

#include "snapshot_view/qt_text.h"

namespace catslab::ui::operations {

namespace tr = ::catslab::trace;

QStringList phaseNodes(const tr::QuorumPhase& p) {
  QStringList order;
  for (const auto& m : p.members()) order << qs(m);
  for (const auto& a : p.asked())
    if (!order.contains(qs(a))) order << qs(a);
  for (const auto& r : p.replies())
    if (!order.contains(qs(r.node()))) order << qs(r.node());
  return order;
}

bool isMember(const tr::QuorumPhase& p, const QString& node) {
  return std::any_of(p.members().begin(), p.members().end(),
                     [&](const std::string& m) { return qs(m) == node; });
}

const tr::QuorumReply* replyOf(const tr::QuorumPhase& p, const QString& node) {
  const tr::QuorumReply* reply = nullptr;
  for (const auto& r : p.replies())
    if (qs(r.node()) == node) reply = &r;
  return reply;
}

ReplyVerdict verdictOf(const tr::QuorumPhase& p, const QString& node) {
  const tr::QuorumReply* reply = replyOf(p, node);
  if (!reply) return ReplyVerdict::NoReply;
  if (reply->counted()) return ReplyVerdict::Counted;
  if (reply->refused()) return ReplyVerdict::Refused;
  if (reply->view() != p.view()) return ReplyVerdict::OtherView;
  if (!isMember(p, node)) return ReplyVerdict::NotMember;
  return ReplyVerdict::NotNeeded;
}

QString verdictWord(ReplyVerdict verdict) {
  switch (verdict) {
    case ReplyVerdict::Counted:
      return QStringLiteral("counted");
    case ReplyVerdict::Refused:
      return QStringLiteral("refused");
    case ReplyVerdict::OtherView:
      return QStringLiteral("ignored: another view");
    case ReplyVerdict::NotMember:
      return QStringLiteral("ignored: not a member");
    case ReplyVerdict::NotNeeded:
      return QStringLiteral("not needed");
    case ReplyVerdict::NoReply:
      return QStringLiteral("no reply");
  }
  return {};
}

QString verdictText(const tr::QuorumPhase& p, const QString& node) {
  const ReplyVerdict v = verdictOf(p, node);
  if (v == ReplyVerdict::OtherView) {
    return QStringLiteral("ignored: view %1 ≠ %2").arg(replyOf(p, node)->view()).arg(p.view());
  }
  return verdictWord(v);
}

}  // namespace catslab::ui::operations
