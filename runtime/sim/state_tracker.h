// StateTracker: remembers a component's last inspect() output and reports
// what the next one changed. The trace recorder keeps one per component and
// runs inspect() after every handler, so this is on the traced hot path.
//
// Components write their keys in the same order each time almost always, so
// the tracker compares the new pass position by position with the last one
// and only compares values. When the sequence of keys differs (a peer joined,
// an entry went away) it falls back to a sorted merge. Keys written twice in
// one pass keep the last value, like a map. Strings are reused between
// passes, so an unchanged state costs no allocation.
//
// Ownership: plain value. Not thread-safe (the recorder locks around it).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/state_writer.h"

namespace catslab::sim {

class StateTracker final : public runtime::StateWriter {
 public:
  using StateWriter::set;
  // Called by inspect() for each entry of the new pass.
  void set(std::string_view key, std::string value) override;

  // Ends the pass: calls changed(key, &value) for every added or changed key
  // and changed(key, nullptr) for every removed one, in key order on the slow
  // path and write order on the fast one. The new pass becomes the last one.
  using Change = std::function<void(const std::string& key, const std::string* value)>;
  void finishPass(const Change& changed);

  // The keys of the last finished pass (each once).
  std::vector<std::string> keys() const;
  bool empty() const { return last_.empty(); }

 private:
  using Entry = std::pair<std::string, std::string>;
  void mergeDiff(const Change& changed);
  // Indices of `entries`' first `n`, sorted by key, keeping the last write of a key.
  static std::vector<std::size_t> sortedUnique(const std::vector<Entry>& entries, std::size_t n);

  std::vector<Entry> last_;
  bool lastUnique_ = true;  // last_ has no key twice
  std::vector<Entry> current_;
  std::size_t written_ = 0;  // entries of current_ in use this pass
};

}  // namespace catslab::sim
