// ConfigMemo: the exact search's memo, a flat open-addressing map from a
// configuration key (a few 64-bit words: first unlinearized op and value,
// then the bits of the window after it) to the usages of unknown-outcome
// classes already explored with it. Keys and usage records live in two
// arenas, so memoising a configuration allocates nothing but amortised
// growth, and dropping the memo frees three vectors. Single-threaded.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace catslab::checker {

class ConfigMemo {
 public:
  static constexpr std::uint32_t kNoRecord = UINT32_MAX;

  // What is known about one key: whether it was explored with no unknown
  // operation used (which dominates every usage), and a chain of usage
  // records in the record arena.
  struct Entry {
    std::uint64_t hash = 0;
    std::uint32_t offset = 0;  // key words in keys_
    std::uint32_t length = 0;  // 0: free slot (keys are never empty)
    std::uint32_t head = kNoRecord;
    bool emptySeen = false;
  };

  ConfigMemo() : slots_(1024) {}

  // The entry for `key`, created if new. Valid until the next call.
  Entry& find(const std::vector<std::uint64_t>& key) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    const std::uint64_t h = hash(key);
    const std::size_t m = slots_.size() - 1;
    for (std::size_t i = h & m;; i = (i + 1) & m) {
      Entry& e = slots_[i];
      if (e.length == 0) {
        e.hash = h;
        e.offset = static_cast<std::uint32_t>(keys_.size());
        e.length = static_cast<std::uint32_t>(key.size());
        keys_.insert(keys_.end(), key.begin(), key.end());
        ++count_;
        return e;
      }
      if (e.hash == h && e.length == key.size() &&
          std::memcmp(&keys_[e.offset], key.data(), key.size() * sizeof(std::uint64_t)) == 0)
        return e;
    }
  }

  std::size_t bytes() const {
    return slots_.capacity() * sizeof(Entry) + (keys_.capacity() + records_.capacity()) * 8;
  }
  // Forgets everything (and gives the memory back).
  void clear() {
    std::vector<Entry>(1024).swap(slots_);
    std::vector<std::uint64_t>().swap(keys_);
    std::vector<std::uint64_t>().swap(records_);
    count_ = 0;
  }
  // The key arena: an Entry's key is keys()[offset, offset + length).
  const std::vector<std::uint64_t>& keys() const { return keys_; }

  // Records are [next, n, (class << 32 | count) x n].
  const std::vector<std::uint64_t>& records() const { return records_; }

  // Prepends a record of `n` entries to `e`'s chain; the caller appends them.
  std::vector<std::uint64_t>& startRecord(Entry& e, std::size_t n) {
    auto at = static_cast<std::uint32_t>(records_.size());
    records_.push_back(e.head);
    records_.push_back(n);
    e.head = at;
    return records_;
  }

 private:
  static std::uint64_t hash(const std::vector<std::uint64_t>& words) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ words.size();
    for (std::uint64_t w : words) {
      h ^= w;
      h *= 0xff51afd7ed558ccdULL;
      h ^= h >> 32;
    }
    return h;
  }

  void grow() {
    std::vector<Entry> bigger(slots_.size() * 2);
    const std::size_t m = bigger.size() - 1;
    for (const Entry& e : slots_) {
      if (e.length == 0) continue;
      std::size_t i = e.hash & m;
      while (bigger[i].length != 0) i = (i + 1) & m;
      bigger[i] = e;
    }
    slots_.swap(bigger);
  }

  std::vector<Entry> slots_;
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint64_t> records_;
  std::size_t count_ = 0;
};

}  // namespace catslab::checker
