#include "snapshot_view/ring/ring_quorum.h"

namespace catslab::ui::ring {

namespace tr = ::catslab::trace;

const QuorumTarget* RingQuorum::target(const QString& node) const {
  for (const QuorumTarget& t : targets)
    if (t.node == node) return &t;
  return nullptr;
}

QString RingQuorum::caption() const {
  if (empty()) return {};
  QString s = QStringLiteral("Quorum of #%1 %2 at %3").arg(number).arg(label, coordinator);
  if (phase < 0) return s + QStringLiteral(" — no quorum phases recorded");
  s += QStringLiteral(" — phase %1 of %2: %3 in v%4 [%5], ")
           .arg(phase + 1 + dropped)
           .arg(phases + dropped)
           .arg(phaseName)
           .arg(view)
           .arg(members.join(QLatin1Char(' ')));
  int counted = 0;
  for (const QuorumTarget& t : targets) counted += t.verdict == ReplyVerdict::Counted ? 1 : 0;
  s += quorum ? QStringLiteral("consistent quorum")
              : QStringLiteral("no quorum (%1 of %2 needed)").arg(counted).arg(majority);
  if (resends > 0) s += QStringLiteral(", resent %1×").arg(resends);
  return s;
}

QString RingQuorum::describe(const QString& node) const {
  const QuorumTarget* t = target(node);
  QString s;
  if (node == coordinator) s = QStringLiteral("coordinator of #%1 %2").arg(number).arg(label);
  if (!t) return s;
  if (!s.isEmpty()) s += QStringLiteral("; ");
  s += QStringLiteral("%1 (phase %2, v%3): ").arg(phaseName).arg(phase + 1 + dropped).arg(view);
  if (t->verdict == ReplyVerdict::NoReply) return s + QStringLiteral("asked, no reply");
  s += QStringLiteral("replied in v%1 '%2' — %3")
           .arg(t->view)
           .arg(t->answer, verdictWord(t->verdict));
  if (!t->member) s += QStringLiteral(" (not in the view)");
  return s;
}

RingQuorum quorumOnRing(const operations::ClientOperation& op, int number, int phase) {
  RingQuorum q;
  q.number = number;
  q.label = op.label();
  q.coordinator = op.node;
  q.phases = static_cast<int>(op.phases.size());
  q.dropped = op.phasesDropped;
  if (op.phases.empty()) return q;
  if (phase < 0 || phase >= q.phases) phase = q.phases - 1;
  const tr::QuorumPhase& p = op.phases[static_cast<std::size_t>(phase)];
  q.phase = phase;
  q.phaseName = QString::fromStdString(p.name());
  q.view = p.view();
  for (const auto& m : p.members()) q.members << QString::fromStdString(m);
  q.majority = static_cast<int>(p.majority());
  q.quorum = p.quorum();
  q.resends = static_cast<int>(p.resends());
  for (const QString& node : operations::phaseNodes(p)) {
    QuorumTarget t;
    t.node = node;
    t.verdict = operations::verdictOf(p, node);
    t.member = operations::isMember(p, node);
    if (const tr::QuorumReply* r = operations::replyOf(p, node)) {
      t.view = r->view();
      t.answer = QString::fromStdString(r->answer());
    }
    q.targets.push_back(std::move(t));
  }
  return q;
}

}  // namespace catslab::ui::ring
