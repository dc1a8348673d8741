// Reads client operations from a CATS Lab trace: a sequence of length-delimited
// catslab.trace.Record messages (runtime/proto/trace.proto). Only client_op
// records matter; INVOKE opens an operation, OK/FAIL/INFO close the one with
// the same op_id. Real-time order is the record order; times shown are time_ns.
//
// Errors name the file, the record number (from 0) and the field:
//   "t.trace: record 12 (byte 311): field op: unknown operation 'incr'".
#pragma once

#include <istream>
#include <string>

#include "protocols/linearizability/history/history.h"
#include "protocols/linearizability/result.h"

namespace catslab::checker {

[[nodiscard]] Result<History> readTraceHistory(std::istream& in, const std::string& name);

}  // namespace catslab::checker
