#include "snapshot_view/operations/operations_check.h"

#include "protocols/linearizability/checker.h"

namespace catslab::ui::operations {

QString CheckOutcome::badge() const {
  switch (state) {
    case State::NotRun:
      return QStringLiteral("not checked yet");
    case State::Linearizable:
      return QStringLiteral("linearizable (%1 ops)").arg(operations);
    case State::Violation:
      return QStringLiteral("NOT linearizable: key %1 — %2 operations cannot be ordered")
          .arg(key.isEmpty() ? QStringLiteral("(register)") : key)
          .arg(conflicting.size());
    case State::Undecided:
      return QStringLiteral("undecided: the checker's budget ran out on key %1").arg(key);
  }
  return {};
}

CheckOutcome runCheck(const checker::History& history) {
  CheckOutcome out;
  out.operations = static_cast<int>(history.ops.size());
  const checker::CheckReport report = checker::checkHistory(history);
  out.report = QString::fromStdString(checker::formatReport(history, report));
  switch (report.verdict) {
    case checker::Verdict::Linearizable:
      out.state = CheckOutcome::State::Linearizable;
      break;
    case checker::Verdict::NotLinearizable:
      out.state = CheckOutcome::State::Violation;
      if (report.violation) {
        out.key = QString::fromStdString(report.violation->key);
        for (auto i : report.violation->explanation.ops)
          out.conflicting.push_back(static_cast<int>(i));
        out.culprit = static_cast<int>(report.violation->explanation.culprit);
      } else {
        for (const auto& k : report.keys) {
          if (k.decision.verdict == checker::Verdict::NotLinearizable) {
            out.key = QString::fromStdString(k.key);
            break;
          }
        }
      }
      break;
    case checker::Verdict::Unknown:
      out.state = CheckOutcome::State::Undecided;
      for (const auto& k : report.keys) {
        if (k.decision.verdict == checker::Verdict::Unknown) {
          out.key = QString::fromStdString(k.key);
          break;
        }
      }
      break;
  }
  return out;
}

}  // namespace catslab::ui::operations
