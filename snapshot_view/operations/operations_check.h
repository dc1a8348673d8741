// The linearizability verdict the operations view shows: the checker
// (protocols/linearizability) run over the OperationsModel's history, and
// what it found in the view's terms — the key that is not linearizable, the
// operations (model indices) that cannot be ordered together, the one whose
// completion made it so, and the checker's own report text.
// runCheck is a pure function: the view calls it on a worker thread.
#pragma once

#include <QString>
#include <vector>

#include "protocols/linearizability/history/history.h"

namespace catslab::ui::operations {

struct CheckOutcome {
  enum class State { NotRun, Linearizable, Violation, Undecided };
  State state = State::NotRun;
  int operations = 0;            // operations checked
  QString key;                   // Violation / Undecided: the key
  std::vector<int> conflicting;  // Violation: model indices, by invocation
  int culprit = -1;              // Violation: the operation completing last
  QString report;                // the checker's formatted report

  // "linearizable (120 ops)", "NOT linearizable: key x (3 operations cannot be ordered)"
  QString badge() const;
};

CheckOutcome runCheck(const checker::History& history);

}  // namespace catslab::ui::operations
