// StateTracker: remembers a component's last inspect() output and reports
// what the next one changed. The trace recorder keeps one per component and
// runs inspect() after every handler, so this is on the traced hot path.
//
// Components write their keys in the same order each time almost always, so
// the tracker compares each set() with the entry at the same position of the
// last pass as it arrives: an unchanged entry costs one key and one value
// comparison and is not copied; a changed value is swapped into place (the
// old one is kept aside until the pass ends). When the sequence of keys
// differs (a peer joined, an entry went away) the pass is rebuilt on the side
// and diffed with a sorted merge. Keys written twice in one pass keep the
// last value, like a map. Strings are reused between passes, so an
// unchanged state costs no allocation.
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
  // Leaves the in-place path: the pass so far goes to current_ and last_
  // gets its old values back.
  void leaveInPlace();
  void mergeDiff(const Change& changed);
  // Indices of `entries`' first `n`, sorted by key, keeping the last write of a key.
  static std::vector<std::size_t> sortedUnique(const std::vector<Entry>& entries, std::size_t n);

  std::vector<Entry> last_;
  bool lastUnique_ = true;  // last_ has no key twice
  // In place: every key of this pass so far matched last_ at its position;
  // last_[0, written_) holds this pass's values and replaced_ the old values
  // of the entries that changed (by index, in order). Otherwise the pass is
  // in current_[0, written_).
  bool inPlace_ = true;
  std::vector<std::pair<std::size_t, std::string>> replaced_;
  std::vector<Entry> current_;
  std::size_t written_ = 0;  // entries written this pass
};

}  // namespace catslab::sim
