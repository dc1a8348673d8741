#include "snapshot_view/run_diff.h"

#include "snapshot_view/run_store.h"

namespace catslab::ui {

namespace tr = ::catslab::trace;

namespace {

// The next record at or after i that takes part in the comparison.
std::size_t skipHeaders(const std::vector<tr::Record>& run, std::size_t i) {
  while (i < run.size() && run[i].has_header()) ++i;
  return i;
}

std::string comparable(const tr::Record& r, const DiffOptions& options) {
  tr::Record copy = r;
  copy.clear_seq();
  if (options.ignoreTime) copy.clear_time_ns();
  return copy.SerializeAsString();
}

QString describe(const tr::Record& r) {
  return formatTimeNs(r.time_ns()) + QLatin1Char(' ') + QString::fromStdString(r.node()) +
         QLatin1Char(' ') + recordKind(r) + QStringLiteral(": ") + recordSummary(r);
}

}  // namespace

std::optional<Divergence> firstDivergence(const std::vector<tr::Record>& left,
                                          const std::vector<tr::Record>& right,
                                          DiffOptions options) {
  std::size_t i = skipHeaders(left, 0), j = skipHeaders(right, 0);
  int common = 0;
  while (i < left.size() && j < right.size()) {
    if (comparable(left[i], options) != comparable(right[j], options)) {
      Divergence d{static_cast<int>(i), static_cast<int>(j), common, {}};
      d.what = QObject::tr("after %1 equal records, left has %2 — right has %3")
                   .arg(common)
                   .arg(describe(left[i]), describe(right[j]));
      return d;
    }
    ++common;
    i = skipHeaders(left, i + 1);
    j = skipHeaders(right, j + 1);
  }
  if (i >= left.size() && j >= right.size()) return std::nullopt;
  Divergence d;
  d.common = common;
  if (i < left.size()) {
    d.left = static_cast<int>(i);
    d.what = QObject::tr("after %1 equal records the right run ends; the left goes on with %2")
                 .arg(common)
                 .arg(describe(left[i]));
  } else {
    d.right = static_cast<int>(j);
    d.what = QObject::tr("after %1 equal records the left run ends; the right goes on with %2")
                 .arg(common)
                 .arg(describe(right[j]));
  }
  return d;
}

}  // namespace catslab::ui
