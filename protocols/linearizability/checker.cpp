#include "protocols/linearizability/checker.h"

#include <algorithm>

namespace catslab::checker {

namespace {
// Per-check budget while shrinking a violation: checks of relaxed histories
// are cheap, and one that is not just stays in the reported set.
constexpr std::uint64_t kShrinkBudget = 300'000;
}  // namespace

const char* toString(Verdict verdict) {
  switch (verdict) {
    case Verdict::Linearizable:
      return "linearizable";
    case Verdict::NotLinearizable:
      return "NOT linearizable";
    case Verdict::Unknown:
      return "unknown (search budget exhausted)";
  }
  return "?";
}

CheckReport checkHistory(const History& history, const CheckOptions& options) {
  CheckReport report;
  bool anyUnknown = false;
  for (const PartitionMembers& members : splitByKey(history)) {
    KeyReport key;
    key.key = members.key;
    key.operations = members.ops.size();
    for (std::uint32_t i : members.ops)
      if (history.ops[i].outcome == Outcome::Unknown) ++key.unknown;
    key.decision = decidePartition(history, members, options.initial, options.limits);
    if (key.decision.verdict == Verdict::Unknown) anyUnknown = true;
    if (key.decision.verdict == Verdict::NotLinearizable) {
      report.verdict = Verdict::NotLinearizable;
      if (options.explain && !report.violation) {
        SearchLimits shrinkLimits = options.limits;
        shrinkLimits.maxConfigurations =
            std::min<std::uint64_t>(shrinkLimits.maxConfigurations, kShrinkBudget);
        report.violation =
            Violation{members.key, explainViolation(history, members, options.initial, shrinkLimits,
                                                    key.decision.culprit, key.decision.windowFrom)};
      }
    }
    report.keys.push_back(std::move(key));
  }
  if (anyUnknown && report.verdict != Verdict::NotLinearizable) report.verdict = Verdict::Unknown;
  return report;
}

std::string formatReport(const History& history, const CheckReport& report) {
  std::string out = std::string(toString(report.verdict)) + "\n";
  for (const KeyReport& k : report.keys) {
    out += "  key " + (k.key.empty() ? std::string("(register)") : k.key) + ": " +
           toString(k.decision.verdict) + ", " + std::to_string(k.operations) + " ops (" +
           std::to_string(k.unknown) + " unknown), " + std::to_string(k.decision.configurations) +
           " configurations\n";
  }
  if (report.violation) {
    const Violation& v = *report.violation;
    const Explanation& ex = v.explanation;
    out += "\nThese operations";
    if (!v.key.empty()) out += " on key " + v.key;
    if (ex.from > 0) {
      // A window: name its opening by the operation invoked there, in the
      // history's own time.
      std::string opening = "position " + std::to_string(ex.from);
      for (const Operation& op : history.ops)
        if (op.invokeAt == ex.from)
          opening = std::to_string(op.invokeTime) + " " + history.timeUnit;
      out +=
          " cannot be ordered, whatever value the register held at " + opening +
          ",\nand even if every other operation not completed by then may or may not have taken\n"
          "effect at any time after its invocation:\n";
    } else {
      out +=
          " cannot be ordered, even if every other operation may or may not\n"
          "have taken effect at any time after its invocation:\n";
    }
    for (std::uint32_t i : ex.ops) {
      out +=
          (i == ex.culprit ? "  * " : "    ") + describe(history.ops[i], history.timeUnit) + "\n";
    }
    out += "(* completes last: the history up to its completion is already not linearizable)\n";
    if (!ex.minimal) out += "(set not minimised: too many operations involved)\n";
  }
  return out;
}

}  // namespace catslab::checker
