// What both Jepsen readers (the log lines of jepsen_parser.h and the EDN
// maps of jepsen_edn.h) share: turning one Jepsen operation record (process,
// type, f, value) into History operations, pairing completions with the
// open invocation of their process.
//
// Register values, as Jepsen's register tests write them:
//   :read   nil (invoke), V (ok)           :write V         :cas [OLD NEW]
// and as jepsen.independent writes them, one register per key K:
//   :read   [K nil] / [K V]                :write [K V]     :cas [K [OLD NEW]]
// A key is taken from the invocation; a completion that names one must name
// the same. V is a scalar (number, string, keyword, ...); nil is the empty
// value.
//
// Completions: :ok read carries the value read; :ok write/cas repeat the
// invocation (their value is not used). :fail and :info may carry the
// invoked value, no value at all, or an error in its place (`:timed-out`,
// the old style); they take the invoked value whatever they carry. An :info
// op may take effect at any time after its invocation, or never.
//
// Single-threaded; one builder per file.
#pragma once

#include <string>
#include <unordered_map>

#include "protocols/linearizability/history/edn_reader.h"
#include "protocols/linearizability/history/history.h"

namespace catslab::checker {

struct JepsenRecord {
  std::string process;
  std::string type;                   // ":invoke", ":ok", ":fail" or ":info"
  std::string f;                      // ":read", ":write" or ":cas"
  const edn::Value* value = nullptr;  // nullptr: no value column / key
  std::int64_t time = -1;             // shown to people; -1: use the position
  std::string origin;                 // "file:line"
};

class JepsenHistoryBuilder {
 public:
  JepsenHistoryBuilder() { history_.timeUnit = "(line)"; }

  // Adds one record. Returns an empty string, or why the record is wrong.
  std::string add(const JepsenRecord& record);

  std::size_t records() const { return records_; }
  // Takes the history; invocations still open never returned.
  History take(const std::string& timeUnit);

 private:
  History history_;
  std::unordered_map<std::string, std::size_t> open_;  // process -> op index
  std::size_t records_ = 0;
};

// True if `type` is one of the four Jepsen operation types.
bool isJepsenType(const std::string& type);

}  // namespace catslab::checker
