// Run diff: where two runs of the same system stop doing the same thing —
// two seeds, or the same seed before and after a change. Records are
// compared in order by what happened (node and body) and, unless told not
// to, when (time); sequence numbers and the trace header (seed, scenario
// name) are ignored. Runs of local processes never agree on nanoseconds:
// compare them with `ignoreTime`. Pure function; no Qt widgets.
#pragma once

#include <QString>
#include <optional>
#include <vector>

#include "runtime/proto/trace.pb.h"

namespace catslab::ui {

struct DiffOptions {
  bool ignoreTime = false;
};

struct Divergence {
  int left = -1;   // record index in the left run (-1: the left run ended first)
  int right = -1;  // record index in the right run (-1: it ended first)
  int common = 0;  // records (headers excepted) that were the same before it
  QString what;    // one line for people
};

// The first point where the runs differ, or nullopt when they are the same.
std::optional<Divergence> firstDivergence(const std::vector<::catslab::trace::Record>& left,
                                          const std::vector<::catslab::trace::Record>& right,
                                          DiffOptions options = {});

}  // namespace catslab::ui
