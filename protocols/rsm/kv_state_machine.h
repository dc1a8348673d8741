// KvStateMachine: the deterministic state machine that the "rsm" stack
// replicates — a string-to-string map with put/get/del/incr commands.
// apply() is a pure function of the current state and the command, which is
// all state-machine replication needs: replicas that apply the same command
// sequence end in the same state. Not thread-safe (owned by one component).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace catslab::protocols {

class KvStateMachine {
 public:
  // Applies one command line ("put k v", "get k", "del k", "incr k") and
  // returns its result for the client; an invalid command changes nothing
  // and returns "error: ...".
  std::string apply(const std::string& command);
  const std::map<std::string, std::string>& data() const { return data_; }
  // A digest of the state (FNV-1a over keys and values), for quick comparison.
  std::uint64_t digest() const;

  static bool validCommand(const std::string& command, std::string* why = nullptr);

 private:
  std::map<std::string, std::string> data_;
};

}  // namespace catslab::protocols
